/**
 * `waldur.VolumeRestoration`: a snapshot restored into a new volume.
 *
 * - Every input but `connection` and `timeouts` replaces: a change is a new volume.
 * - Create carries a marker in the description, so an attempt interrupted after Waldur accepted it is adopted.
 * - Delete removes the volume this restoration created. Waldur refuses to delete volumes directly (405): they are
 *   terminated through the marketplace (terminate order, followed to `done`, then the volume to 404). A volume
 *   with no marketplace resource cannot be deleted through the API: the delete fails and says so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { objectToCheck } from "../core/bulk-lookup";
import { createOnce, startOnce } from "../core/adoption";
import { currentClock } from "../core/clock";
import { withChange, type DiffTable } from "../core/diff";
import {
  declaredValues,
  diffTableOf,
  inputShape,
  refreshedInputs,
  updateBody,
  writeContextOf,
  type Fields,
} from "../core/fields";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import {
  describeWithMarker,
  hasMarker,
  identitySchema,
  markerFits,
  operationMarker,
  withoutMarker,
} from "../core/identity";
import {
  defineResource,
  outputsWithInputs,
  storedInputsOf,
  sessionOpener,
  readInputs,
  type Props,
  type Session as SharedSession,
} from "../core/resource";
import { deadlineFor, timeoutsSchema, type Timeouts } from "../core/timeouts";
import { waitFor } from "../core/waiter";
import {
  ORDER_STATES,
  orderStatus,
  uuidOfUrl,
  WALDUR_STATES,
  type WaldurRestoration,
  type WaldurVolume,
} from "./api";
import { sendWhenNotBusy } from "./busy";
import { WaldurClient } from "./client";
import {
  requireWaldurConnection,
  resolveWaldurConnection,
  waldurConnectionSchema,
  type WaldurConnectionInput,
} from "./connection";
import { waldurUuid } from "./inputs";

/** The type name users see. */
export const VOLUME_RESTORATION_TYPE = "waldur.VolumeRestoration";

/** Each input of `waldur.VolumeRestoration`, declared once (see ../core/fields). */
export const volumeRestorationFields = {
  __identity: {
    schema: identitySchema,
    change: { ignored: "who the resource is: the SDK passes it" },
    doc: "the resource's identity",
  },
  snapshotUuid: {
    schema: waldurUuid,
    change: { replaces: "another snapshot's data is a new restore" },
    doc: "Waldur uuid: the snapshot to restore; it must be `OK`",
  },
  name: {
    schema: z.string().min(1, { error: "must not be empty: Waldur names the new volume with it" }).max(150),
    change: { updates: "PATCH of the volume: it keeps its data" },
    doc: "string: the new volume's name (Waldur requires one)",
    server: {
      wire: "name",
      read: (volume) => volume.name ?? "",
      removal: { refused: "Waldur names every volume" },
    },
  },
  description: {
    schema: z.string().max(2000).optional(),
    change: { updates: "PATCH of the volume" },
    doc: "string: the new volume's description",
    server: {
      wire: "description",
      read: (volume, context) => withoutMarker(volume.description, context.marker),
      write: (value, context) =>
        context.marker ? describeWithMarker(value as string, context.marker) : value,
      removal: { becomes: "", says: "cleared" },
    },
  },
  triggers: {
    schema: z.record(z.string(), z.unknown()).optional(),
    change: { replaces: "changing one restores again, on purpose" },
    doc: "map of values",
  },
  adoptVolumeUuid: {
    schema: waldurUuid.optional(),
    change: { replaces: "another volume to take over" },
    doc: "Waldur uuid: take over a volume already restored",
  },
  timeouts: {
    schema: timeoutsSchema.optional(),
    change: { stateOnly: "deadlines of this provider's waits" },
    doc: "`{ create?, update?, delete? }`, defaults 1h, 10m, 30m",
  },
  connection: {
    schema: waldurConnectionSchema.optional(),
    change: { stateOnly: "how this provider reaches Waldur" },
    doc: "see the Waldur connection",
  },
} as const satisfies Fields<WaldurVolume>;

/** The inputs of a restoration. */
export const volumeRestorationInputsShape = inputShape(volumeRestorationFields);

/** Validated inputs of a restoration. */
export type VolumeRestorationInputs = z.output<typeof volumeRestorationInputsShape>;

/** What a change of each input means, from the declarations: a rename keeps the volume. */
export const volumeRestorationDiffTable: DiffTable<VolumeRestorationInputs> =
  diffTableOf(volumeRestorationFields);

/** Deadlines when `timeouts` does not say. */
export const VOLUME_RESTORATION_DEFAULT_TIMEOUTS: Required<Timeouts> = {
  create: 60 * 60_000,
  update: 10 * 60_000,
  delete: 30 * 60_000,
};

type Session = SharedSession<VolumeRestorationInputs, WaldurClient>;

/** States of a snapshot being changed, which end in OK within seconds. */
const BUSY_STATES: readonly string[] = ["UPDATE_SCHEDULED", "UPDATING"];

const startSession = sessionOpener(VOLUME_RESTORATION_TYPE, requireWaldurConnection, WaldurClient);

function restorationInputs(props: Props): VolumeRestorationInputs {
  return readInputs(volumeRestorationInputsShape, props);
}

/** The implementation of `waldur.VolumeRestoration`. */
export const volumeRestorationProvider: dynamic.ResourceProvider = defineResource<VolumeRestorationInputs>({
  type: VOLUME_RESTORATION_TYPE,
  diffTable: volumeRestorationDiffTable,
  verbs: { create: "restoring" },

  schema: volumeRestorationInputsShape
    .strict()
    .superRefine(markerFits(2000, "Waldur", (inputs) => inputs.adoptVolumeUuid !== undefined)),
  resolveConnection: (input) => resolveWaldurConnection(input as WaldurConnectionInput | undefined),
  verifyBeforeCreate: async (inputs) =>
    inputs.adoptVolumeUuid ? [] : verifySnapshot(startSession(inputs), inputs.snapshotUuid),

  refineDiff(_id, olds, _news, diff) {
    return olds.state === "ERRED" ? withChange(diff, "state", "replace") : diff;
  },

  async create(props) {
    const inputs = restorationInputs(props);
    const session = startSession(inputs);
    const deadline = deadlineFor(
      "create",
      inputs.timeouts,
      VOLUME_RESTORATION_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    // What defines the restore; a rename is an update of the volume, so the name is not part of it.
    const marker = operationMarker(inputs.__identity, {
      snapshotUuid: inputs.snapshotUuid,
      triggers: inputs.triggers,
    });
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

  async read(id, props) {
    const inputs = restorationInputs(props);
    const session = startSession(inputs);
    const volume = await session.client.getVolume(id);
    if (!volume) return { id: "", props: {} };
    // The name and description as Waldur holds them: drift shows in the next preview, and up puts them back.
    const context = writeContextOf(props, "adoptVolumeUuid");
    const refreshed = refreshedInputs(volumeRestorationFields, props, volume, context);
    const outs = await restorationOutputs(session, volume, refreshed, context.marker);
    return { id, props: outs, inputs: refreshed };
  },

  async update(id, olds, news) {
    const inputs = restorationInputs(news);
    const session = startSession(inputs);
    const volume = await session.client.getVolume(id);
    if (!volume) throw new ProviderError(`volume ${id} no longer exists in Waldur; run \`pulumi refresh\``);
    if (olds.state === "OK") {
      // A rename: the volume keeps its id and data.
      const deadline = deadlineFor(
        "update",
        inputs.timeouts,
        VOLUME_RESTORATION_DEFAULT_TIMEOUTS,
        currentClock().now(),
      );
      const renamed = await renameVolume(session, volume, olds, news, deadline);
      return {
        outs: await settleVolume(session, renamed, news, olds.marker as string | undefined, deadline),
      };
    }
    // A create interrupted while Waldur made the volume: wait for it now, as create would have.
    const deadline = deadlineFor(
      "create",
      inputs.timeouts,
      VOLUME_RESTORATION_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    return { outs: await settleVolume(session, volume, news, olds.marker as string | undefined, deadline) };
  },

  async delete(id, props) {
    const inputs = storedInputsOf(volumeRestorationInputsShape, props);
    const session = startSession.stored(props);
    const volume = await session.client.getVolume(id);
    if (!volume) return;
    if (!volume.marketplace_resource_uuid) {
      throw new ProviderError(
        `volume ${volume.name ?? ""} (${id}) has no marketplace resource, and Waldur deletes volumes only through ` +
          "the marketplace: delete it in Waldur, or set the retainOnDelete resource option to leave it",
      );
    }
    const deadline = deadlineFor(
      "delete",
      inputs.timeouts,
      VOLUME_RESTORATION_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    if (beingTerminated(volume)) {
      // An earlier destroy was interrupted after Waldur accepted its terminate order: a second one is refused.
      session.log.info(
        `volume ${id} is being terminated already (an earlier attempt was interrupted): waiting for it`,
      );
    } else {
      await terminate(session, id, volume.marketplace_resource_uuid, deadline);
    }
    const gone = await waitFor({
      subject: `volume ${id}`,
      poll: async () => (await session.client.getVolume(id)) ?? "DELETED",
      status: (value) => (value === "DELETED" ? value : value.state),
      pending: [...WALDUR_STATES.transitional, ...WALDUR_STATES.ok],
      target: ["DELETED"],
      failure: WALDUR_STATES.erred,
      deadline,
      log: session.log.info,
    });
    if (gone.kind !== "target")
      throw new ProviderError(`volume ${id} was not deleted after its order was done`);
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
  const context = { ...writeContextOf(news, "adoptVolumeUuid"), marker: olds.marker as string | undefined };
  const values = declaredValues(volumeRestorationFields, olds, news, context);
  const body = updateBody(volumeRestorationFields, values, volume, context);
  if (Object.keys(body).length === 0) return volume;
  session.log.info(`setting ${Object.keys(body).join(" and ")} of volume ${volume.uuid} (it keeps its data)`);
  return sendWhenNotBusy({
    subject: `volume ${volume.uuid}`,
    send: () => session.client.patchVolume(volume.uuid, body),
    state: async () => (await session.client.getVolume(volume.uuid))?.state,
    deadline,
    deadlineInput: "timeouts.update",
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

async function verifySnapshot(session: Session, uuid: string): Promise<dynamic.CheckFailure[]> {
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
      session.log.info(`snapshot ${uuid} is ${snapshot.state}: the restore will wait until it is OK`);
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
    return [];
  } catch (error) {
    const wrapped = ProviderError.wrap(error, {});
    return [
      {
        property: wrapped.status === 401 ? "connection" : "snapshotUuid",
        reason: `could not check snapshot ${uuid}: ${wrapped.message}`,
      },
    ];
  }
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
        deadlineInput: "timeouts.create",
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

type Ready = { ok: true; volume: WaldurVolume } | { ok: false; volume: WaldurVolume; error: ProviderError };

/** Waits for the new volume to be ready; its outputs, or an error that records it (ERRED, the deadline). */
async function settleVolume(
  session: Session,
  volume: WaldurVolume,
  inputs: Props,
  marker: string | undefined,
  deadline: number,
): Promise<Props> {
  const ready = await waitForVolume(session, volume, deadline);
  const outs = await restorationOutputs(session, ready.volume, inputs, marker);
  if (!ready.ok) throw asPartialFailure(ready.error, volume.uuid, outs, inputs);
  return outs;
}

async function waitForVolume(session: Session, volume: WaldurVolume, deadline: number): Promise<Ready> {
  const outcome = await waitFor({
    subject: `volume ${volume.uuid}`,
    initial: volume,
    poll: async () => {
      const current = await session.client.getVolume(volume.uuid);
      if (!current) throw new ProviderError(`volume ${volume.uuid} disappeared from Waldur`);
      return current;
    },
    status: (v) =>
      v.state === "OK" && v.runtime_state && v.runtime_state !== "available" && v.runtime_state !== "in-use"
        ? "OK_PENDING"
        : v.state,
    pending: [...WALDUR_STATES.transitional, "OK_PENDING"],
    target: WALDUR_STATES.ok,
    failure: WALDUR_STATES.erred,
    deadline,
    log: session.log.info,
  });
  const last = outcome.value ?? volume;
  if (outcome.kind === "target") return { ok: true, volume: last };
  const reason =
    outcome.kind === "failure"
      ? `the new volume is ERRED${last.error_message ? `: ${last.error_message}` : ""}`
      : `the new volume was still ${last.state} at the deadline (timeouts.create)`;
  return { ok: false, volume: last, error: new ProviderError(reason) };
}

/** Outputs: every input echoed, the volume, and its restoration record. */
async function restorationOutputs(
  session: Session,
  volume: WaldurVolume,
  inputs: Props,
  marker: string | undefined,
): Promise<Props> {
  // Once the snapshot is gone (expired, deleted), so are its restoration records.
  const records = await session.client
    .listRestorations(session.inputs.snapshotUuid)
    .catch((error: unknown) => {
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
  return outputsWithInputs(volumeRestorationDiffTable, inputs, {
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
