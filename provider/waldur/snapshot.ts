/**
 * `waldur.Snapshot`: an OpenStack volume snapshot in Waldur, with its retention (`kept_until`) codified.
 *
 * - Two ways in: snapshot a volume (`volumeUuid`), or adopt an existing snapshot (`adoptSnapshotUuid`, such as
 *   one made by a schedule) to manage its retention and metadata. Destroy deletes a snapshot this resource
 *   created, and releases (leaves in Waldur) an adopted one unless `deleteOnDestroy` is set.
 * - The source volume (or the adopted snapshot) replaces; name, description, metadata and retention are
 *   changed in place with a PATCH of only what changed. A busy snapshot (409) is waited out.
 * - `kept_until` changed outside Pulumi shows after a refresh (output `effectiveKeptUntil`), and the next update
 *   puts the declared value back.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createOnce, deleteOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import { currentClock } from "../core/clock";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { describeWithMarker, hasMarker, operationMarker, type ResourceIdentity } from "../core/identity";
import { whenKnown, type OutputPreview } from "../core/preview";
import { resourceModel, type SessionOf } from "../core/model";
import { defineResource, labelOf, outputsWithInputs, type Props } from "../core/resource";
import { resourceLogger } from "../core/log";
import { safeParse } from "../core/safe-parse";
import { waitUntilGone } from "../core/waiter";
import { count } from "../core/messages";
import { remoteCheckFailure } from "../core/check";
import { uuidOfUrl, WALDUR_STATES, type WaldurSnapshot } from "./api";
import { sendWhenNotBusy } from "./busy";
import { waitUntilSettled } from "./settle";
import { WaldurClient, type SnapshotFields } from "./client";
import { desiredKeptUntil, sameKeptUntil, type RetentionInputs } from "./retention";
import {
  adoptionPlan,
  keptUntilChange,
  keptUntilToSet,
  planWithoutWaldur,
  snapshotPlan,
  type RetentionStart,
} from "./snapshot-plan";
import {
  snapshotFields,
  snapshotInputsSchema,
  snapshotInputsShape,
  type SnapshotInputs,
} from "./snapshot-inputs";
import { deadlineSetting } from "../core/timeouts";

/**
 * What a preview of `waldur.Snapshot` knows: the `kept_until` the create or update will set (`retention.days`
 * counted from now for a new snapshot, from its creation for an update), the source volume and the marker of a new
 * snapshot; an update keeps what Waldur made (uuid, size, creation time, …).
 */
export const snapshotPreview: OutputPreview = {
  keptByUpdate: {
    outputs: [
      "uuid",
      "url",
      "sizeMib",
      "backendId",
      "sourceVolumeUuid",
      "sourceVolumeName",
      "created",
      "marker",
    ],
    settled: (olds) => olds.state === "OK",
  },
  known(inputs, olds) {
    const effectiveKeptUntil = previewKeptUntil(inputs, olds);
    if (olds) return { effectiveKeptUntil };
    // An adopted snapshot carries no marker; its source volume is read at create.
    if (inputs.adoptSnapshotUuid !== undefined) return { marker: null, effectiveKeptUntil };
    const marker = whenKnown([inputs.volumeUuid], () =>
      snapshotMarker(inputs.__identity as ResourceIdentity, inputs.volumeUuid as string),
    );
    return { sourceVolumeUuid: inputs.volumeUuid, marker, effectiveKeptUntil };
  },
};

/**
 * The `kept_until` a create (`olds` undefined) or update will leave the snapshot with, as `changesFor` sets it;
 * undefined when preview cannot know it (an adopted snapshot's own, a date counted from a creation not read).
 */
function previewKeptUntil(inputs: Props, olds: Props | undefined): string | null | undefined {
  const adopting = inputs.adoptSnapshotUuid !== undefined;
  const start: RetentionStart = olds
    ? { created: olds.created as string | null | undefined }
    : adopting
      ? "unread"
      : "now";
  if (declaresRetention(inputs)) return keptUntilToSet(inputs as RetentionInputs, start);
  if (!olds) return adopting ? undefined : null;
  return retentionRemoved(olds, inputs) ? null : (olds.effectiveKeptUntil as string | null | undefined);
}

/** The model of `waldur.Snapshot`: its fields and what the operations derive from them. */
export const snapshotModel = resourceModel("waldur.Snapshot", snapshotFields, WaldurClient);

type Session = SessionOf<typeof snapshotModel>;

/** A deadline and the input that set it, for messages. */
interface Deadline {
  at: number;
  input: string;
}

const startSession = snapshotModel.session;

/** The implementation of `waldur.Snapshot`. */
export const snapshotProvider: dynamic.ResourceProvider = defineResource<SnapshotInputs>({
  ...snapshotModel.definition,

  schema: snapshotInputsSchema,
  verifyBeforeCreate: (inputs) => verifySource(startSession(inputs), inputs),
  planWithoutServer: planWithoutWaldur,
  async verifyBeforeUpdate(inputs, _changed, olds) {
    if (retentionRemoved(olds, inputs)) {
      startSession(inputs).log.info(
        "will set kept_until to null: the retention was removed, so Waldur keeps the snapshot until told otherwise",
      );
    }
    return [];
  },

  refineDiff(_id, olds, news, diff) {
    if (olds.state === "ERRED") return withChange(diff, "state", "replace");
    const retention = safeParse(retentionInputsShape, news);
    const created = olds.created as string | undefined;
    const current = olds.effectiveKeptUntil as string | null | undefined;
    const desired = retention.success ? desiredKeptUntil(retention.data, created) : undefined;
    if (retention.success && desired !== undefined && !sameKeptUntil(desired, current)) {
      resourceLogger(labelOf(snapshotModel.type, news)).info(
        `will ${keptUntilChange(current, retention.data, created)}`,
      );
      return withChange(diff, news.retention !== undefined ? "retention" : "keptUntil", "update");
    }
    return diff;
  },

  async create(props) {
    const { inputs, session, deadline } = snapshotModel.begin("create", props);
    const { snapshot, marker } = inputs.adoptSnapshotUuid
      ? { snapshot: await adoptSnapshot(session, inputs.adoptSnapshotUuid), marker: undefined }
      : await createSnapshot(session, inputs);
    // A wait that fails records the snapshot (an ERRED one, or as last seen): update resumes it.
    return recordOnFailure(
      snapshot.uuid,
      () => snapshotOutputs(snapshot, props, marker),
      props,
      async () => {
        const ready = await waitForSnapshot(session, snapshot, deadline);
        if (!ready.ok) {
          throw asPartialFailure(
            ready.error,
            snapshot.uuid,
            snapshotOutputs(ready.object, props, marker),
            props,
          );
        }
        const settled = await applyFields(
          session,
          ready.object,
          changesFor(inputs, {}, props, ready.object, marker),
          { at: deadline, input: deadlineSetting("create") },
        );
        return { id: snapshot.uuid, outs: snapshotOutputs(settled, props, marker) };
      },
    );
  },

  read: snapshotModel.refresh((client, id) => client.getSnapshot(id), snapshotOutputs),

  async update(id, olds, news) {
    const { inputs, session } = snapshotModel.begin("update", news);
    const marker = olds.marker as string | undefined;
    const deadline = snapshotModel.deadline("update", inputs.timeouts);
    const current = snapshotModel.mustExist(await session.client.getSnapshot(id), `snapshot ${id}`);
    // Settled first: a create interrupted while Waldur made the snapshot is resumed here.
    const ready = await waitForSnapshot(session, current, deadline);
    if (!ready.ok) throw asPartialFailure(ready.error, id, snapshotOutputs(ready.object, news, marker), news);
    const fields = changesFor(inputs, olds, news, ready.object, marker);
    const settled = await applyFields(session, ready.object, fields, {
      at: deadline,
      input: deadlineSetting("update"),
    });
    return { outs: snapshotOutputs(settled, news, marker) };
  },

  async delete(id, props) {
    const inputs = snapshotModel.storedInputs(props);
    const session = startSession.stored(props);
    // Adopted in any form the state holds it: such a snapshot is deleted only when the inputs say so.
    if (props.adoptSnapshotUuid !== undefined && inputs.deleteOnDestroy !== true) {
      session.log.info(
        `released adopted snapshot ${id}: it stays in Waldur (set deleteOnDestroy to delete it)`,
      );
      return;
    }
    const deadline = snapshotModel.deadline("delete", inputs.timeouts);
    const sent = await whenNotBusy(session, id, { at: deadline, input: deadlineSetting("delete") }, () =>
      deleteOnce({
        send: () => session.client.deleteSnapshot(id),
        isDeleting: async () => {
          const snapshot = await session.client.getSnapshot(id);
          return !snapshot || (WALDUR_STATES.deleting as readonly string[]).includes(snapshot.state);
        },
        subject: `snapshot ${id}`,
        log: session.log,
      }),
    );
    if (!sent.joined && !sent.answer) return;
    await waitUntilGone({
      subject: `snapshot ${id}`,
      get: () => session.client.getSnapshot(id),
      status: (snapshot) => snapshot.state,
      pending: WALDUR_STATES.transitional,
      failure: WALDUR_STATES.erred,
      reason: (snapshot) => snapshot.error_message,
      deadline,
      log: session.log.info,
    });
  },
});

/** Check's look at Waldur: the volume to snapshot, or the snapshot to adopt, exists; retention is not past. */
async function verifySource(session: Session, inputs: SnapshotInputs): Promise<dynamic.CheckFailure[]> {
  try {
    if (inputs.volumeUuid) {
      const volumeUuid = inputs.volumeUuid;
      const volume = await objectToCheck(
        await session.client.listedVolume(volumeUuid),
        () => true,
        () => session.client.getVolume(volumeUuid),
      );
      if (!volume) {
        return [
          {
            property: "volumeUuid",
            reason: `volume ${inputs.volumeUuid} does not exist in Waldur (or this token cannot see it)`,
          },
        ];
      }
      session.log.info(snapshotPlan(volume, inputs));
      return [];
    }
    const snapshot = await session.client.getSnapshot(inputs.adoptSnapshotUuid ?? "");
    if (!snapshot) {
      return [
        {
          property: "adoptSnapshotUuid",
          reason: `snapshot ${inputs.adoptSnapshotUuid} does not exist in Waldur (or this token cannot see it)`,
        },
      ];
    }
    const desired = desiredKeptUntil(inputs, snapshot.created);
    if (desired && Date.parse(desired) <= currentClock().now()) {
      return [
        {
          property: "retention.days",
          reason:
            `snapshot ${snapshot.uuid} was created ${snapshot.created}, so ${count(inputs.retention?.days ?? 0, "day")} of ` +
            `retention ended ${desired}: Waldur would delete it within minutes`,
        },
      ];
    }
    // What create will PATCH once it adopts the snapshot, computed as create computes it.
    const fields = changesFor(inputs, {}, inputs as unknown as Props, snapshot, undefined);
    session.log.info(adoptionPlan(snapshot, inputs, fields));
    return [];
  } catch (error) {
    const [property, what] = inputs.volumeUuid
      ? ["volumeUuid", `volume ${inputs.volumeUuid}`]
      : ["adoptSnapshotUuid", `snapshot ${inputs.adoptSnapshotUuid}`];
    return [remoteCheckFailure(error, property, `${what} in Waldur`)];
  }
}

/** Snapshots the volume once, adopting what an interrupted attempt created. */
async function createSnapshot(session: Session, inputs: SnapshotInputs) {
  const volumeUuid = inputs.volumeUuid as string;
  const marker = snapshotMarker(inputs.__identity, volumeUuid);
  const name = inputs.name ?? inputs.__identity.name;
  const { object } = await createOnce({
    findMarked: async () =>
      (await session.client.listSnapshots({ source_volume_uuid: volumeUuid, name_exact: name })).filter((s) =>
        hasMarker(s.description, marker),
      ),
    hasFailed: (snapshot) => snapshot.state === "ERRED",
    describe: (snapshot) => `snapshot ${snapshot.uuid} (${snapshot.state})`,
    start: async () => {
      const created = await session.client.createSnapshot(volumeUuid, {
        name,
        description: describeWithMarker(inputs.description, marker),
        ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
        // retention.days counts from the creation time, known only afterwards: set once the snapshot exists.
        ...(inputs.keptUntil !== undefined ? { kept_until: desiredKeptUntil(inputs, undefined) } : {}),
      });
      session.log.info(`creating snapshot ${created.uuid} of volume ${volumeUuid}`);
      return created;
    },
    log: session.log,
  });
  return { snapshot: object, marker };
}

/** The marker of the snapshot of `volumeUuid` that the resource `identity` makes. */
function snapshotMarker(identity: ResourceIdentity, volumeUuid: string): string {
  return operationMarker(identity, { volumeUuid });
}

async function adoptSnapshot(session: Session, uuid: string): Promise<WaldurSnapshot> {
  const snapshot = await session.client.getSnapshot(uuid);
  if (!snapshot) throw new ProviderError(`snapshot ${uuid} (adoptSnapshotUuid) does not exist in Waldur`);
  session.log.info(`adopting snapshot ${uuid} (${snapshot.name}, ${snapshot.state})`);
  return snapshot;
}

/**
 * The writable fields whose value, as the inputs declare it now (or their removal from `olds` says), differs from
 * the snapshot's: what a PATCH sends. Only declared fields count: an adopted snapshot keeps what the inputs do not
 * mention. Retention removed (neither `keptUntil` nor `retention` declared any more) is `kept_until: null`: kept
 * until someone says otherwise, never silently left to the old date.
 */
function changesFor(
  inputs: SnapshotInputs,
  olds: Props,
  news: Props,
  snapshot: WaldurSnapshot,
  marker: string | undefined,
): SnapshotFields {
  const fields = snapshotModel.changes(snapshot, olds, news, marker) as SnapshotFields;
  const keptUntil =
    desiredKeptUntil(inputs, snapshot.created) ?? (retentionRemoved(olds, news) ? null : undefined);
  if (keptUntil !== undefined && !sameKeptUntil(keptUntil, snapshot.kept_until)) {
    if (keptUntil !== null && Date.parse(keptUntil) <= currentClock().now()) {
      throw new ProviderError(
        `the declared retention puts kept_until at ${keptUntil}, in the past: Waldur would delete the snapshot ` +
          "within minutes, so it was not applied",
      );
    }
    fields.kept_until = keptUntil;
  }
  return fields;
}

/** Whether `olds` declared a retention (`keptUntil` or `retention`) that `news` no longer does. */
function retentionRemoved(olds: Props, news: Props): boolean {
  return declaresRetention(olds) && !declaresRetention(news);
}

/** Whether the inputs manage `kept_until` (`keptUntil` or `retention`). */
function declaresRetention(props: Props): boolean {
  return props.keptUntil !== undefined || props.retention !== undefined;
}

/** PATCHes `fields` (if any), waiting out a busy snapshot, then waits for it to be OK again. */
async function applyFields(
  session: Session,
  snapshot: WaldurSnapshot,
  fields: SnapshotFields,
  deadline: Deadline,
): Promise<WaldurSnapshot> {
  if (Object.keys(fields).length === 0) return snapshot;
  session.log.info(`setting ${Object.keys(fields).join(", ")} of snapshot ${snapshot.uuid}`);
  const patched = await whenNotBusy(session, snapshot.uuid, deadline, () =>
    session.client.patchSnapshot(snapshot.uuid, fields),
  );
  const ready = await waitForSnapshot(session, patched, deadline.at);
  if (!ready.ok) throw ready.error;
  return ready.object;
}

/** A request about snapshot `uuid` that Waldur may refuse while it is busy (see ./busy). */
function whenNotBusy<T>(
  session: Pick<Session, "client" | "log">,
  uuid: string,
  deadline: Deadline,
  send: () => Promise<T>,
): Promise<T> {
  return sendWhenNotBusy({
    subject: `snapshot ${uuid}`,
    send,
    state: async () => (await session.client.getSnapshot(uuid))?.state,
    deadline: deadline.at,
    deadlineInput: deadline.input,
    log: session.log,
  });
}

/** Waits for a snapshot to be OK (and available in OpenStack); ERRED and the deadline are failures. */
function waitForSnapshot(session: Session, snapshot: WaldurSnapshot, deadline: number) {
  const get = (uuid: string) => session.client.getSnapshot(uuid);
  const spec = {
    noun: "snapshot",
    object: snapshot,
    get,
    deadline,
    deadlineInput: "timeouts",
    log: session.log,
  };
  return waitUntilSettled(spec);
}

/** The inputs that decide kept_until. */
const retentionInputsShape = snapshotInputsShape.pick({ keptUntil: true, retention: true });

/** Outputs: every input echoed, then what Waldur reports. */
export function snapshotOutputs(snapshot: WaldurSnapshot, inputs: Props, marker: string | undefined): Props {
  return outputsWithInputs(snapshotModel.diffTable, inputs, {
    uuid: snapshot.uuid,
    url: snapshot.url ?? null,
    state: snapshot.state,
    runtimeState: snapshot.runtime_state ?? null,
    sizeMib: snapshot.size ?? null,
    backendId: snapshot.backend_id ?? null,
    sourceVolumeUuid: snapshot.source_volume_uuid ?? uuidOfUrl(snapshot.source_volume) ?? null,
    sourceVolumeName: snapshot.source_volume_name ?? null,
    created: snapshot.created ?? null,
    effectiveKeptUntil: snapshot.kept_until ?? null,
    errorMessage: snapshot.error_message || null,
    restorations: (snapshot.restorations ?? []).map((restoration) => ({
      uuid: restoration.uuid,
      created: restoration.created ?? null,
      volumeName: restoration.volume_name ?? null,
      volumeState: restoration.volume_state ?? null,
      volumeSizeMib: restoration.volume_size ?? null,
    })),
    marker: marker ?? null,
  });
}
