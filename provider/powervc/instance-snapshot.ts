/**
 * `powervc.InstanceSnapshot`: a point-in-time snapshot of a VM's volumes in IBM PowerVC.
 *
 * - The server and the volumes replace; name and description are changed in place with one PUT (PowerVC's PUT
 *   takes both, so both are always sent).
 * - Create follows the `vm-snapshot` task to its end; the description carries the resource's marker, so an
 *   attempt interrupted after PowerVC accepted it is adopted, not repeated.
 * - Delete follows the delete task until the snapshot is gone. It also deletes the backend volume snapshots.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { createOnce, deleteOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import {
  adoptField,
  defaultedNameField,
  markedDescriptionField,
  withCommonFields,
} from "../core/common-fields";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { field, type Fields } from "../core/fields";
import { describeWithMarker, hasMarker, operationMarker } from "../core/identity";
import { openStackId } from "../core/inputs";
import { resourceModel, type InputsOf, type SessionOf } from "../core/model";
import { defineResource, outputsWithInputs, type Props } from "../core/resource";
import { waitUntilGone } from "../core/waiter";
import { count } from "../core/messages";
import { planValue, unread } from "../core/plan";
import { whenKnown, type OutputPreview } from "../core/preview";
import { remoteCheckFailure } from "../core/check";
import { openStackConnection } from "../openstack/connection";
import { SNAPSHOT_STATUS, type InstanceSnapshot, type Server } from "./api";
import { PowerVCClient } from "./client";
import { followTask, taskError } from "./task";

/** Each input of `powervc.InstanceSnapshot`, declared once (see ../core/fields). */
export const instanceSnapshotFields = withCommonFields("PowerVC", openStackConnection, ["1h", "10m", "30m"], {
  serverId: {
    ...field(openStackId, {
      replaces: "a snapshot is of one VM: another VM is a new snapshot",
      doc: "the VM",
    }),
    imported: (snapshot: InstanceSnapshot) => snapshot.instance_id,
  },
  volumeIds: field(
    z
      .array(openStackId)
      .min(1, { error: "list at least one volume, or leave it out for all attached ones" })
      .optional(),
    { replaces: "what the snapshot holds", doc: "volumes to include; default every attached volume" },
  ),
  adoptInstanceSnapshotId: adoptField(
    openStackId,
    "snapshot",
    "manage an existing instance snapshot instead",
  ),
  name: defaultedNameField("snapshot", {
    max: 255,
    updates: "one PUT (PowerVC's PUT takes both name and description, so both are sent)",
  }),
  description: markedDescriptionField({ max: 1024, updates: "the same PUT" }),
} as const satisfies Fields<InstanceSnapshot>);

/** The model of `powervc.InstanceSnapshot`: its fields and what the operations derive from them. */
export const instanceSnapshotModel = resourceModel(
  "powervc.InstanceSnapshot",
  instanceSnapshotFields,
  PowerVCClient,
);

/** Validated inputs of an instance snapshot. */
export type InstanceSnapshotInputs = InputsOf<typeof instanceSnapshotFields>;

type Session = SessionOf<typeof instanceSnapshotModel>;

const startSession = instanceSnapshotModel.session;

/** The implementation of `powervc.InstanceSnapshot`. */
export const instanceSnapshotProvider: dynamic.ResourceProvider = defineResource<InstanceSnapshotInputs>({
  ...instanceSnapshotModel.definition,
  async verifyBeforeCreate(inputs) {
    if (!inputs.adoptInstanceSnapshotId) return verifyServer(startSession(inputs), inputs);
    startSession(inputs).log.info(planWithoutPowerVC(inputs as unknown as Props));
    return [];
  },
  planWithoutServer: (inputs, gap) =>
    `${planWithoutPowerVC(inputs)} (${unread("the server's volumes", gap)})`,

  refineDiff(_id, olds, _news, diff) {
    return olds.status === "error" ? withChange(diff, "status", "replace") : diff;
  },

  async create(props) {
    const { inputs, session, deadline } = instanceSnapshotModel.begin("create", props);
    const marker = inputs.adoptInstanceSnapshotId ? undefined : snapshotMarker(inputs);
    const started = marker
      ? await snapshotOnce(session, marker)
      : await adopt(session, inputs.adoptInstanceSnapshotId!);
    // A wait that fails records the snapshot as last seen: update resumes it.
    return recordOnFailure(
      started.id,
      () => snapshotOutputs(started, props, marker),
      props,
      async () => {
        const snapshot = await settleOrRecord(session, started, deadline, props, marker);
        const named = await applyNames(session, snapshot, {}, props, marker);
        return { id: snapshot.id, outs: snapshotOutputs(named, props, marker) };
      },
    );
  },

  read: instanceSnapshotModel.refresh((client, id) => client.getInstanceSnapshot(id), snapshotOutputs),

  async update(id, olds, news) {
    const { inputs, session } = instanceSnapshotModel.begin("update", news);
    const found = instanceSnapshotModel.mustExist(
      await session.client.getInstanceSnapshot(id),
      `instance snapshot ${id}`,
    );
    const marker = olds.marker as string | undefined;
    // A create interrupted while PowerVC made the snapshot: follow its task now, as create would have.
    const snapshot =
      found.status === "creating"
        ? await settleOrRecord(
            session,
            found,
            instanceSnapshotModel.deadline("create", inputs.timeouts),
            news,
            marker,
          )
        : found;
    return { outs: snapshotOutputs(await applyNames(session, snapshot, olds, news, marker), news, marker) };
  },

  async delete(id, props) {
    const inputs = instanceSnapshotModel.storedInputs(props);
    const session = startSession.stored(props);
    const sent = await deleteOnce({
      send: () => session.client.deleteInstanceSnapshot(id),
      isDeleting: async () =>
        [undefined, "deleting"].includes((await session.client.getInstanceSnapshot(id))?.status),
      subject: `instance snapshot ${id}`,
      log: session.log,
    });
    const taskUri = sent.joined ? undefined : sent.answer;
    if (!sent.joined && !taskUri) return;
    const deadline = instanceSnapshotModel.deadline("delete", inputs.timeouts);
    if (taskUri) {
      const task = await followTask(session.client, taskUri, deadline, session.log);
      if (task.result !== "SUCCESS") throw taskError(`instance snapshot ${id} was not deleted`, task);
    }
    await waitUntilGone({
      subject: `instance snapshot ${id}`,
      get: () => session.client.getInstanceSnapshot(id),
      status: (snapshot) => snapshot.status,
      pending: ["deleting", SNAPSHOT_STATUS.available],
      failure: SNAPSHOT_STATUS.failed,
      deadline,
      log: session.log.info,
    });
    session.log.info(`deleted instance snapshot ${id} and its volume snapshots`);
  },
});

/**
 * The plan of a create, from the inputs alone (as preview knows them): adopting a snapshot reads nothing before
 * create; a new snapshot names the volumes the inputs list, or all attached ones.
 */
function planWithoutPowerVC(inputs: Props): string {
  if (inputs.adoptInstanceSnapshotId !== undefined) {
    return (
      `will adopt instance snapshot ${planValue(inputs.adoptInstanceSnapshotId, "adoptInstanceSnapshotId")}, ` +
      "setting its name and description if they differ"
    );
  }
  const volumes = Array.isArray(inputs.volumeIds)
    ? `volumes ${inputs.volumeIds.map((id) => planValue(id, "volumeIds[]")).join(", ")}`
    : inputs.volumeIds === undefined
      ? "every attached volume"
      : planValue(inputs.volumeIds, "volumeIds");
  return `will snapshot ${volumes} of server ${planValue(inputs.serverId, "serverId")}`;
}

/** The server exists, and every volume named is attached to it. */
async function verifyServer(
  session: Session,
  inputs: InstanceSnapshotInputs,
): Promise<dynamic.CheckFailure[]> {
  try {
    const attachedTo = (server: Server) =>
      (server["os-extended-volumes:volumes_attached"] ?? []).map((volume) => volume.id);
    const server = await objectToCheck(
      await session.client.listedServer(inputs.serverId),
      (listed) => (inputs.volumeIds ?? []).every((id) => attachedTo(listed).includes(id)),
      () => session.client.getServer(inputs.serverId),
    );
    if (!server)
      return [{ property: "serverId", reason: `server ${inputs.serverId} does not exist in PowerVC` }];
    const attached = attachedTo(server);
    const failures = (inputs.volumeIds ?? []).flatMap((volumeId, index) =>
      attached.includes(volumeId)
        ? []
        : [
            {
              property: `volumeIds[${index}]`,
              reason: `volume ${volumeId} is not attached to server ${server.name ?? server.id} (attached: ${attached.join(", ") || "none"})`,
            },
          ],
    );
    if (failures.length === 0) {
      const volumes = inputs.volumeIds ?? attached;
      session.log.info(
        `will snapshot ${count(volumes.length, "volume")} of server ${server.name ?? server.id}: ${volumes.join(", ")}`,
      );
    }
    return failures;
  } catch (error) {
    return [remoteCheckFailure(error, "serverId", `server ${inputs.serverId}`)];
  }
}

/** Takes the snapshot once, adopting what an interrupted attempt started. */
async function snapshotOnce(session: Session, marker: string): Promise<InstanceSnapshot> {
  const { inputs, client } = session;
  const { object } = await createOnce({
    findMarked: async () =>
      (await client.listInstanceSnapshots()).filter(
        (s) => s.instance_id === inputs.serverId && hasMarker(s.description, marker),
      ),
    hasFailed: (snapshot) => (SNAPSHOT_STATUS.failed as readonly string[]).includes(snapshot.status),
    describe: (snapshot) => `instance snapshot ${snapshot.id} (${snapshot.status})`,
    start: async () => {
      const started = await client.createInstanceSnapshot(inputs.serverId, {
        name: inputs.name ?? inputs.__identity.name,
        description: describeWithMarker(inputs.description, marker),
        ...(inputs.volumeIds ? { volumes: inputs.volumeIds } : {}),
      });
      session.log.info(`snapshotting server ${inputs.serverId}: instance snapshot ${started.id}`);
      const snapshot = await client.getInstanceSnapshot(started.id);
      return snapshot ?? { id: started.id, status: "creating", task_uri: started.task_uri };
    },
    log: session.log,
  });
  return object;
}

async function adopt(session: Session, id: string): Promise<InstanceSnapshot> {
  const snapshot = await session.client.getInstanceSnapshot(id);
  if (!snapshot) throw new ProviderError(`instance snapshot ${id} (adoptInstanceSnapshotId) does not exist`);
  if (snapshot.instance_id && snapshot.instance_id !== session.inputs.serverId) {
    throw new ProviderError(
      `instance snapshot ${id} (adoptInstanceSnapshotId) is of server ${snapshot.instance_id}, not serverId ${session.inputs.serverId}`,
    );
  }
  session.log.info(`adopting instance snapshot ${id} (${snapshot.name ?? ""}, ${snapshot.status})`);
  return snapshot;
}

/** Follows the snapshot's current task, if it is not available yet, then reads it again. */
async function settle(
  session: Session,
  snapshot: InstanceSnapshot,
  deadline: number,
): Promise<{ snapshot: InstanceSnapshot; error?: ProviderError }> {
  if (snapshot.status === SNAPSHOT_STATUS.available) return { snapshot };
  if (!snapshot.task_uri)
    return {
      snapshot,
      error: new ProviderError(
        `instance snapshot ${snapshot.id} is ${snapshot.status} and names no task to follow`,
      ),
    };
  const task = await followTask(session.client, snapshot.task_uri, deadline, session.log);
  const current = (await session.client.getInstanceSnapshot(snapshot.id)) ?? snapshot;
  if (task.result !== "SUCCESS") return { snapshot: current, error: taskError("the snapshot failed", task) };
  if (current.status !== SNAPSHOT_STATUS.available) {
    return {
      snapshot: current,
      error: new ProviderError(`the snapshot task succeeded but the snapshot is ${current.status}`),
    };
  }
  return { snapshot: current };
}

/** {@link settle}, with a failure thrown as one that records the snapshot (see `asPartialFailure`). */
async function settleOrRecord(
  session: Session,
  snapshot: InstanceSnapshot,
  deadline: number,
  inputs: Props,
  marker: string | undefined,
): Promise<InstanceSnapshot> {
  const settled = await settle(session, snapshot, deadline);
  if (!settled.error) return settled.snapshot;
  const outputs = snapshotOutputs(settled.snapshot, inputs, marker);
  throw asPartialFailure(settled.error, snapshot.id, outputs, inputs);
}

/**
 * Sets the name and description the inputs declare (or their removal from `olds` says), if either differs: one
 * PUT, which takes both fields.
 */
async function applyNames(
  session: Session,
  snapshot: InstanceSnapshot,
  olds: Props,
  news: Props,
  marker: string | undefined,
): Promise<InstanceSnapshot> {
  const changed = instanceSnapshotModel.changes(snapshot, olds, news, marker);
  if (Object.keys(changed).length === 0) return snapshot;
  const name = (changed.name as string | undefined) ?? snapshot.name ?? "";
  const description = (changed.description as string | undefined) ?? snapshot.description ?? "";
  await session.client.updateInstanceSnapshot(snapshot.id, name, description);
  session.log.info(`set ${Object.keys(changed).join(" and ")} of instance snapshot ${snapshot.id}`);
  return (await session.client.getInstanceSnapshot(snapshot.id)) ?? { ...snapshot, name, description };
}

/** The marker of the instance snapshot the inputs define (the server, and the volumes if chosen). */
function snapshotMarker(inputs: InstanceSnapshotInputs): string {
  return operationMarker(inputs.__identity, { serverId: inputs.serverId, volumeIds: inputs.volumeIds });
}

/**
 * What a preview of `powervc.InstanceSnapshot` knows: the VM a new snapshot is of and its marker; an update of an
 * available snapshot keeps what PowerVC made (its volume snapshots, creation time). Status and names as PowerVC
 * holds them are known once `up` ran.
 */
export const instanceSnapshotPreview: OutputPreview = {
  keptByUpdate: {
    outputs: ["instanceId", "volumeSnapshots", "tempSnapshots", "failedSnapshots", "createdAt", "marker"],
    settled: (olds) => olds.status === SNAPSHOT_STATUS.available,
  },
  known(inputs, olds) {
    if (olds) return {};
    if (inputs.adoptInstanceSnapshotId !== undefined) return { marker: null };
    return {
      instanceId: inputs.serverId,
      marker: whenKnown([inputs], () => snapshotMarker(instanceSnapshotModel.inputs(inputs))),
    };
  },
};

/** Outputs: every input echoed, then what PowerVC reports. */
function snapshotOutputs(snapshot: InstanceSnapshot, inputs: Props, marker: string | undefined): Props {
  return outputsWithInputs(instanceSnapshotModel.diffTable, inputs, {
    status: snapshot.status,
    instanceId: snapshot.instance_id ?? null,
    volumeSnapshots: snapshot.snapshots ?? {},
    tempSnapshots: snapshot.temp_snapshots ?? null,
    failedSnapshots: snapshot.failed_snapshots ?? null,
    createdAt: snapshot.created_at ?? null,
    updatedAt: snapshot.updated_at ?? null,
    powervcName: snapshot.name ?? null,
    marker: marker ?? null,
  });
}
