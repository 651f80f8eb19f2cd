/**
 * `waldur.VolumeRestoration`: a snapshot restored into a new volume.
 *
 * - What defines the restore replaces: a change is a new volume (a changed snapshot not with `pinSource: true`,
 *   see ../core/pin); `name` and `description` change the volume in place.
 * - Create carries a marker in the description, so an attempt interrupted after Waldur accepted it is adopted.
 * - Delete removes the volume this restoration created. Waldur refuses to delete volumes directly (405): they are
 *   terminated through the marketplace (terminate order, followed to `done`, then the volume to 404). A volume
 *   with no marketplace resource cannot be deleted through the API: the delete fails and says so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { createOnce, startOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import {
  adoptField,
  markedDescriptionField,
  pinSourceField,
  restoreSourceField,
  withCommonFields,
} from "../core/common-fields";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { field, type Fields } from "../core/fields";
import { nameAndId, planValue, unread } from "../core/plan";
import { whenKnown, type OutputPreview } from "../core/preview";
import { describeWithMarker, hasMarker, operationMarker } from "../core/identity";
import { resourceModel, type InputsOf, type SessionOf } from "../core/model";
import { defineResource, outputsWithInputs, type Props } from "../core/resource";
import { waitFor, waitUntilGone } from "../core/waiter";
import { remoteCheckFailure } from "../core/check";
import {
  ORDER_STATES,
  orderStatus,
  uuidOfUrl,
  WALDUR_STATES,
  type WaldurRestoration,
  type WaldurSnapshot,
  type WaldurVolume,
} from "./api";
import { sendWhenNotBusy } from "./busy";
import { waitUntilSettled } from "./settle";
import { WaldurClient } from "./client";
import { waldurConnection } from "./connection";
import { waldurUuid } from "./inputs";
import { deadlineSetting } from "../core/timeouts";

/** Each input of `waldur.VolumeRestoration`, declared once (see ../core/fields). */
export const volumeRestorationFields = withCommonFields("Waldur", waldurConnection, ["1h", "10m", "30m"], {
  snapshotUuid: {
    ...restoreSourceField(waldurUuid, "snapshot", "Waldur uuid: the snapshot to restore; it must be `OK`"),
    imported: (volume: WaldurVolume) => uuidOfUrl(volume.source_snapshot),
  },
  pinSource: pinSourceField("snapshot"),
  name: {
    schema: z.string().min(1, { error: "must not be empty: Waldur names the new volume with it" }).max(150),
    change: { updates: "PATCH of the volume: it keeps its data" },
    doc: "string: the new volume's name (Waldur requires one)",
    imported: (volume: WaldurVolume) => volume.name,
    server: {
      wire: "name",
      read: (volume) => volume.name ?? "",
      removal: { refused: "Waldur names every volume" },
    },
  },
  description: markedDescriptionField({
    max: 2000,
    updates: "PATCH of the volume",
    doc: "string: the new volume's description",
  }),
  triggers: field(z.record(z.string(), z.unknown()).optional(), {
    replaces: "changing one restores again, on purpose",
    doc: "map of values",
  }),
  adoptVolumeUuid: adoptField(waldurUuid, "volume", "Waldur uuid: take over a volume already restored"),
} as const satisfies Fields<WaldurVolume>);

/** The model of `waldur.VolumeRestoration`: its fields and what the operations derive from them. */
export const volumeRestorationModel = resourceModel(
  "waldur.VolumeRestoration",
  volumeRestorationFields,
  WaldurClient,
);

/** Validated inputs of a restoration. */
export type VolumeRestorationInputs = InputsOf<typeof volumeRestorationFields>;

/** The marker of the volume the inputs restore; a rename is an update of the volume, so the name is not part of it. */
function restorationMarker(inputs: VolumeRestorationInputs): string {
  return operationMarker(inputs.__identity, { snapshotUuid: inputs.snapshotUuid, triggers: inputs.triggers });
}

/**
 * What a preview of `waldur.VolumeRestoration` knows: the marker of the restore; an update of a volume that is OK
 * (a rename) keeps what Waldur made (its uuid, size, the restoration record). Its state and name as Waldur holds
 * them are known once `up` ran.
 */
export const volumeRestorationPreview: OutputPreview = {
  keptByUpdate: {
    outputs: ["volumeUuid", "url", "sizeMib", "device", "marketplaceResourceUuid", "restoration", "marker"],
    settled: (olds) => olds.state === "OK",
  },
  known(inputs, olds) {
    if (olds) return {};
    return { marker: whenKnown([inputs], () => restorationMarker(volumeRestorationModel.inputs(inputs))) };
  },
};

type Session = SessionOf<typeof volumeRestorationModel>;

/** States of a snapshot being changed, which end in OK within seconds. */
const BUSY_STATES: readonly string[] = ["UPDATE_SCHEDULED", "UPDATING"];

const startSession = volumeRestorationModel.session;

/** The implementation of `waldur.VolumeRestoration`. */
export const volumeRestorationProvider: dynamic.ResourceProvider = defineResource<VolumeRestorationInputs>({
  ...volumeRestorationModel.definition,
  verbs: { create: "restoring" },
  async verifyBeforeCreate(inputs) {
    if (!inputs.adoptVolumeUuid) return verifySnapshot(startSession(inputs), inputs);
    startSession(inputs).log.info(adoptionPlan(inputs.adoptVolumeUuid, inputs.snapshotUuid));
    return [];
  },
  planWithoutServer(inputs, gap) {
    if (inputs.adoptVolumeUuid !== undefined) {
      return adoptionPlan(
        planValue(inputs.adoptVolumeUuid, "adoptVolumeUuid"),
        planValue(inputs.snapshotUuid, "snapshotUuid"),
      );
    }
    return (
      `will restore snapshot ${planValue(inputs.snapshotUuid, "snapshotUuid")} (${unread("its name and size", gap)}) ` +
      `into a new volume ${planValue(inputs.name, "name")}`
    );
  },

  refineDiff(_id, olds, _news, diff) {
    return olds.state === "ERRED" ? withChange(diff, "state", "replace") : diff;
  },

  async create(props) {
    const { inputs, session, deadline } = volumeRestorationModel.begin("create", props);
    const marker = restorationMarker(inputs);
    const volume = inputs.adoptVolumeUuid
      ? await adoptVolume(session, inputs.adoptVolumeUuid)
      : await restoreOnce(session, marker, deadline);
    // A wait that fails records the volume as last seen: update resumes it.
    const outs = await recordOnFailure(
      volume.uuid,
      () => volumeOutputs(volume, props, marker, undefined),
      props,
      () => settleVolume(session, volume, props, marker, deadline),
    );
    return { id: volume.uuid, outs };
  },

  read: volumeRestorationModel.refresh(
    (client, id) => client.getVolume(id),
    (volume, inputs, marker, { client }) => restorationOutputs(client, volume, inputs, marker),
  ),

  async update(id, olds, news) {
    const { inputs, session } = volumeRestorationModel.begin("update", news);
    const volume = volumeRestorationModel.mustExist(await session.client.getVolume(id), `volume ${id}`);
    if (olds.state === "OK") {
      // A rename: the volume keeps its id and data.
      const deadline = volumeRestorationModel.deadline("update", inputs.timeouts);
      const renamed = await renameVolume(session, volume, olds, news, deadline);
      return {
        outs: await settleVolume(session, renamed, news, olds.marker as string | undefined, deadline),
      };
    }
    // A create interrupted while Waldur made the volume: wait for it now, as create would have.
    const deadline = volumeRestorationModel.deadline("create", inputs.timeouts);
    return { outs: await settleVolume(session, volume, news, olds.marker as string | undefined, deadline) };
  },

  async delete(id, props) {
    const inputs = volumeRestorationModel.storedInputs(props);
    const session = startSession.stored(props);
    const volume = await session.client.getVolume(id);
    if (!volume) return;
    if (!volume.marketplace_resource_uuid) {
      throw new ProviderError(
        `volume ${volume.name ?? ""} (${id}) has no marketplace resource, and Waldur deletes volumes only through ` +
          "the marketplace: delete it in Waldur, or set the retainOnDelete resource option to leave it",
      );
    }
    const deadline = volumeRestorationModel.deadline("delete", inputs.timeouts);
    if (beingTerminated(volume)) {
      // An earlier destroy was interrupted after Waldur accepted its terminate order: a second one is refused.
      session.log.info(
        `volume ${id} is being terminated already (an earlier attempt was interrupted): waiting for it`,
      );
    } else {
      await terminate(session, id, volume.marketplace_resource_uuid, deadline);
    }
    await waitUntilGone({
      subject: `volume ${id}`,
      get: () => session.client.getVolume(id),
      status: (gone) => gone.state,
      pending: [...WALDUR_STATES.transitional, ...WALDUR_STATES.ok],
      failure: WALDUR_STATES.erred,
      reason: (gone) => gone.error_message,
      deadline,
      log: session.log.info,
    });
  },
});

/**
 * PATCHes the volume's name and description where the inputs (or a removal from `olds`) declare other values
 * than Waldur holds; the volume as the answer shows it.
 */
async function renameVolume(
  session: Session,
  volume: WaldurVolume,
  olds: Props,
  news: Props,
  deadline: number,
): Promise<WaldurVolume> {
  const body = volumeRestorationModel.changes(volume, olds, news, olds.marker as string | undefined);
  if (Object.keys(body).length === 0) return volume;
  session.log.info(`setting ${Object.keys(body).join(" and ")} of volume ${volume.uuid} (it keeps its data)`);
  return sendWhenNotBusy({
    subject: `volume ${volume.uuid}`,
    send: () => session.client.patchVolume(volume.uuid, body),
    state: async () => (await session.client.getVolume(volume.uuid))?.state,
    deadline,
    deadlineInput: deadlineSetting("update"),
    log: session.log,
  });
}

/** Whether Waldur is terminating the volume already (it accepted a terminate order), or it is gone. */
function beingTerminated(volume: WaldurVolume | undefined): boolean {
  return (
    volume === undefined ||
    /^terminat/i.test(volume.marketplace_resource_state ?? "") ||
    (WALDUR_STATES.deleting as readonly string[]).includes(volume.state)
  );
}

/**
 * Orders the termination of volume `id` (marketplace resource `resourceUuid`) and waits until the order is done;
 * when the order's answer was lost, the caller's wait for the volume to go follows it instead.
 */
async function terminate(
  session: Pick<Session, "client" | "log">,
  id: string,
  resourceUuid: string,
  deadline: number,
): Promise<void> {
  const { object: sent } = await startOnce<{ uuid?: string }>({
    // An order whose answer was lost shows on the volume, without its uuid: the volume is followed instead.
    findMarked: async () => (beingTerminated(await session.client.getVolume(id)) ? [{}] : []),
    hasFailed: () => false,
    describe: (found) => (found.uuid ? `order ${found.uuid}` : `the termination of volume ${id}`),
    start: async () => ({ uuid: await session.client.terminateResource(resourceUuid) }),
    log: session.log,
  });
  if (!sent.uuid) return;
  const orderUuid = sent.uuid;
  session.log.info(`terminating volume ${id} through marketplace order ${orderUuid}`);
  const order = await waitFor({
    subject: `order ${orderUuid}`,
    poll: () => session.client.getOrder(orderUuid),
    status: (o) => orderStatus(o.state),
    pending: ORDER_STATES.pending,
    target: ORDER_STATES.done,
    failure: ORDER_STATES.failed,
    deadline,
    log: session.log.info,
  });
  if (order.kind !== "target") {
    const why =
      order.kind === "failure" ? `${order.value.state}: ${order.value.error_message ?? ""}` : "deadline";
    throw new ProviderError(
      `the marketplace order ${orderUuid} to terminate volume ${id} did not finish (${why.trim()})`,
    );
  }
}

/** The snapshot exists and is OK (or busy for seconds); says what the restore will make of it. */
async function verifySnapshot(
  session: Session,
  inputs: VolumeRestorationInputs,
): Promise<dynamic.CheckFailure[]> {
  const uuid = inputs.snapshotUuid;
  try {
    const snapshot = await objectToCheck(
      await session.client.listedSnapshot(uuid),
      (listed) => listed.state === "OK",
      () => session.client.getSnapshot(uuid),
    );
    if (!snapshot) {
      return [
        {
          property: "snapshotUuid",
          reason: `snapshot ${uuid} does not exist in Waldur (or this token cannot see it)`,
        },
      ];
    }
    if (BUSY_STATES.includes(snapshot.state)) {
      // Busy for seconds (a change of it, by anyone): the restore waits for it (./busy).
      session.log.info(
        `${restorePlan(snapshot, inputs.name)}, once the snapshot is OK (it is ${snapshot.state})`,
      );
      return [];
    }
    if (snapshot.state !== "OK") {
      return [
        {
          property: "snapshotUuid",
          reason: `snapshot ${uuid} is ${snapshot.state}; Waldur restores only an OK snapshot`,
        },
      ];
    }
    session.log.info(restorePlan(snapshot, inputs.name));
    return [];
  } catch (error) {
    return [remoteCheckFailure(error, "snapshotUuid", `snapshot ${uuid}`)];
  }
}

/** What the restore will make of `snapshot`: a new volume of its size. */
function restorePlan(snapshot: WaldurSnapshot, name: string): string {
  const size = mebibytes(snapshot.size);
  const of = snapshot.source_volume_name ? ` of volume ${snapshot.source_volume_name}` : "";
  return (
    `will restore snapshot ${nameAndId(snapshot.name, snapshot.uuid)}${of} (${size}) into a new volume ` +
    `${name} (${size})`
  );
}

/** What adopting volume `uuid` will do (the ids as preview knows them): take it over as it is. */
function adoptionPlan(uuid: string, snapshotUuid: string): string {
  return `will adopt volume ${uuid} as the restore of snapshot ${snapshotUuid}, changing nothing in Waldur`;
}

/** A Waldur size (MiB) as a plan line shows it: in GiB when whole. */
function mebibytes(size: number | null | undefined): string {
  if (size === null || size === undefined) return "size not reported";
  return size % 1024 === 0 ? `${size / 1024} GiB` : `${size} MiB`;
}

/**
 * Restores the snapshot once, adopting the volume an interrupted attempt created. The marker lives in the new
 * volume's description, where every Waldur keeps the restore request's description (a late-2024 server keeps
 * none on the restoration record).
 */
async function restoreOnce(session: Session, marker: string, deadline: number): Promise<WaldurVolume> {
  const { inputs, client } = session;
  const { object } = await createOnce({
    findMarked: () => markedVolumes(session, marker),
    hasFailed: (volume) => volume.state === "ERRED",
    describe: (volume) => `volume ${volume.uuid} (${volume.state})`,
    start: async () => {
      const volume = await sendWhenNotBusy({
        subject: `snapshot ${inputs.snapshotUuid}`,
        send: () =>
          client.restoreSnapshot(inputs.snapshotUuid, {
            name: inputs.name,
            description: describeWithMarker(inputs.description, marker),
          }),
        state: async () => (await client.getSnapshot(inputs.snapshotUuid))?.state,
        deadline,
        deadlineInput: deadlineSetting("create"),
        log: session.log,
      });
      session.log.info(`restoring snapshot ${inputs.snapshotUuid} into new volume ${volume.uuid}`);
      return volume;
    },
    log: session.log,
  });
  return object;
}

/**
 * The volumes restored from the snapshot that carry `marker`: those an earlier attempt of this resource made.
 * Only records naming the volume as this restore names it (or naming none) are read further.
 */
async function markedVolumes(session: Session, marker: string): Promise<WaldurVolume[]> {
  const { inputs, client } = session;
  const records = await client.listRestorations(inputs.snapshotUuid);
  const uuids = records
    .filter((record) => !record.volume_name || record.volume_name === inputs.name)
    .map((record) => uuidOfUrl(record.volume))
    .filter((uuid) => uuid !== undefined);
  const volumes = await Promise.all(uuids.map((uuid) => client.getVolume(uuid)));
  return volumes.filter(
    (volume): volume is WaldurVolume => volume !== undefined && hasMarker(volume.description, marker),
  );
}

async function adoptVolume(session: Session, uuid: string): Promise<WaldurVolume> {
  const volume = await session.client.getVolume(uuid);
  if (!volume) throw new ProviderError(`volume ${uuid} (adoptVolumeUuid) does not exist in Waldur`);
  session.log.info(`adopting volume ${uuid} (${volume.name ?? ""}, ${volume.state})`);
  return volume;
}

/** Waits for the new volume to be ready; its outputs, or an error that records it (ERRED, the deadline). */
async function settleVolume(
  session: Session,
  volume: WaldurVolume,
  inputs: Props,
  marker: string | undefined,
  deadline: number,
): Promise<Props> {
  const ready = await waitForVolume(session, volume, deadline);
  const outs = await restorationOutputs(session.client, ready.object, inputs, marker);
  if (!ready.ok) throw asPartialFailure(ready.error, volume.uuid, outs, inputs);
  return outs;
}

function waitForVolume(session: Session, volume: WaldurVolume, deadline: number) {
  const get = (uuid: string) => session.client.getVolume(uuid);
  const spec = {
    noun: "new volume",
    object: volume,
    get,
    deadline,
    deadlineInput: deadlineSetting("create"),
  };
  return waitUntilSettled({ ...spec, log: session.log });
}

/** Outputs: every input echoed, the volume, and its restoration record. */
async function restorationOutputs(
  client: WaldurClient,
  volume: WaldurVolume,
  inputs: Props,
  marker: string | undefined,
): Promise<Props> {
  // Once the snapshot is gone (expired, deleted), so are its restoration records.
  const records = await client.listRestorations(String(inputs.snapshotUuid)).catch((error: unknown) => {
    if (ProviderError.isInstance(error) && error.status === 404) return [];
    throw error;
  });
  return volumeOutputs(
    volume,
    inputs,
    marker,
    records.find((r) => uuidOfUrl(r.volume) === volume.uuid),
  );
}

/** Outputs from the volume and, when it was read, its restoration record. */
function volumeOutputs(
  volume: WaldurVolume,
  inputs: Props,
  marker: string | undefined,
  record: WaldurRestoration | undefined,
): Props {
  return outputsWithInputs(volumeRestorationModel.diffTable, inputs, {
    volumeUuid: volume.uuid,
    url: volume.url ?? null,
    volumeName: volume.name ?? null,
    sizeMib: volume.size ?? null,
    state: volume.state,
    runtimeState: volume.runtime_state ?? null,
    device: volume.device ?? null,
    marketplaceResourceUuid: volume.marketplace_resource_uuid ?? null,
    restoration: record
      ? { uuid: record.uuid, created: record.created ?? null, description: record.description ?? null }
      : null,
    marker: marker ?? null,
  });
}
