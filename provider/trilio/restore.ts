/**
 * `trilio.Restore`: one TrilioVault restore of a workload snapshot (one-click, selective or in-place).
 *
 * A restore is an action; this resource is the record of it, so that it runs once and never again by accident:
 * - what defines the restore (snapshot, type, options, triggers) replaces: a change is a new restore, on purpose;
 * - name and description update in place (TrilioVault cannot rename a restore: the remote values stay, and the
 *   outputs `trilioName`/`trilioDescription` show them);
 * - a restore that ended in `error` or `cancelled` is replaced on the next update, like a tainted resource;
 * - create carries a marker in the description, derived from the stack, the resource and the defining inputs,
 *   so an attempt interrupted after TrilioVault accepted it is adopted, not repeated;
 * - delete cancels a running restore, then removes its record. The restored VMs and volumes stay.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createOnce } from "../core/adoption";
import { currentClock } from "../core/clock";
import { objectToCheck } from "../core/bulk-lookup";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { describeWithMarker, hasMarker, operationMarker } from "../core/identity";
import { resourceModel, type SessionOf } from "../core/model";
import { whenKnown, type OutputPreview } from "../core/preview";
import { defineResource, inputsOf, outputsWithInputs, type Props } from "../core/resource";
import { waitFor, type WaitOutcome } from "../core/waiter";
import { remoteCheckFailure } from "../core/check";
import { isFinished, RESTORE_STATUS, type TrilioRestore, type TrilioSnapshot } from "./api";
import { TrilioClient } from "./client";
import { restoreFields, restoreInputsSchema, type RestoreInputs } from "./restore-inputs";
import { refreshedInputs } from "../core/fields";
import { buildRestoreOptions } from "./restore-options";
import { deadlineSetting, timeoutFor } from "../core/timeouts";

/** The model of `trilio.Restore`: its fields and what the operations derive from them. */
export const restoreModel = resourceModel("trilio.Restore", restoreFields, TrilioClient);

/** How long to wait for a cancelled restore to stop before giving up on it. */
const CANCEL_GRACE_MS = 5 * 60_000;

/** The inputs that define a restore: they derive its marker. */
function definingInputs(inputs: RestoreInputs) {
  const { snapshotId, restoreType, instances, restoreTopology, networkMappings, triggers } = inputs;
  return { snapshotId, restoreType, instances, restoreTopology, networkMappings, triggers };
}

/**
 * What a preview of `trilio.Restore` knows: the marker of the restore (from the inputs that define it); an update
 * of a restore that has finished (or whose record is deleted) changes no output: TrilioVault cannot rename it, so
 * only the stack records the new name and description.
 */
export const restorePreview: OutputPreview = {
  keptByUpdate: {
    outputs: "all",
    settled: (olds) => olds.recordDeleted === true || isFinished(olds.status as string),
  },
  known(inputs, olds) {
    return olds ? {} : { marker: whenKnown([inputs], () => restoreMarker(restoreModel.inputs(inputs))) };
  },
};

/** The marker of the restore the inputs define. */
function restoreMarker(inputs: RestoreInputs): string {
  return operationMarker(inputs.__identity, definingInputs(inputs));
}

/** The restores of the snapshot that carry `marker`: those an earlier attempt of this resource started. */
async function markedRestores(client: TrilioClient, snapshotId: string, marker: string) {
  return (await client.listRestores(snapshotId)).filter((r) => hasMarker(r.description, marker));
}

type Session = SessionOf<typeof restoreModel>;

const startSession = restoreModel.session;

/** The implementation of `trilio.Restore`. */
export const restoreProvider: dynamic.ResourceProvider = defineResource<RestoreInputs>({
  ...restoreModel.definition,
  verbs: { create: "restoring", delete: "deleting" },

  schema: restoreInputsSchema,
  async verifyBeforeCreate(inputs) {
    if (inputs.adoptRestoreId) return [];
    const session = startSession(inputs);
    const verified = await verifyRestorable(session, inputs);
    if (verified.snapshot && verified.failures.length === 0) {
      session.log.info(
        verified.interrupted
          ? `will adopt restore ${verified.interrupted.id} (${verified.interrupted.status}), started by an ` +
              "earlier attempt that was interrupted"
          : describePlan(verified.snapshot, inputs),
      );
    }
    return verified.failures;
  },

  refineDiff(_id, olds, _news, diff) {
    const status = olds.status as string | undefined;
    return status && isFailed(status) ? withChange(diff, "status", "replace") : diff;
  },

  async create(props) {
    const { inputs, session } = restoreModel.begin("create", props);
    const marker = restoreMarker(inputs);
    const started = inputs.adoptRestoreId
      ? await adoptRestore(session, inputs.adoptRestoreId)
      : await startOrAdopt(session, marker);
    if (inputs.waitForCompletion === false) {
      return { id: started.id, outs: restoreOutputs(started, props, marker) };
    }
    const deadline = restoreModel.deadline("create", inputs.timeouts);
    // A wait that fails (an API error, not the restore's own outcome) records the restore: update resumes it.
    const finished = await recordOnFailure(
      started.id,
      () => restoreOutputs(started, props, marker),
      props,
      () =>
        awaitRestore(
          session,
          started,
          deadline,
          timeoutFor("create", inputs.timeouts, restoreModel.defaultTimeouts),
        ),
    );
    if (finished.ok) return { id: started.id, outs: restoreOutputs(finished.restore, props, marker) };
    throw asPartialFailure(
      finished.error,
      started.id,
      restoreOutputs(finished.restore, props, marker),
      props,
    );
  },

  async read(id, props) {
    const session = startSession.stored(props);
    const restore = await session.client.getRestore(id);
    const storedInputs = inputsOf(restoreModel.diffTable, props);
    if (!restore) {
      // The restore ran (or was started) and cannot be undone: TrilioVault deleting its record (housekeeping
      // does) must not make the next `up` run it again, overwriting or duplicating VMs.
      if (props.recordDeleted !== true) session.log.info(recordDeletedNote(id));
      return { id, props: { ...props, recordDeleted: true }, inputs: storedInputs };
    }
    // The stored inputs, or for an import (the id alone) what the restore says defines it.
    const inputs = refreshedInputs(restoreFields, props, restore as never, restoreModel.writeContext(props));
    return { id, props: restoreOutputs(restore, inputs, props.marker as string | undefined), inputs };
  },

  async update(id, olds, news) {
    const { inputs, session } = restoreModel.begin("update", news);
    if (olds.name !== news.name || olds.description !== news.description) {
      session.log.info(
        "TrilioVault cannot rename a restore: it keeps the name and description it was created with " +
          "(outputs trilioName and trilioDescription); the new values are recorded in the stack only",
      );
    }
    const restore = await session.client.getRestore(id);
    if (!restore) {
      session.log.info(recordDeletedNote(id));
      return { outs: { ...olds, ...inputsOf(restoreModel.diffTable, news), recordDeleted: true } };
    }
    const marker = olds.marker as string | undefined;
    if (inputs.waitForCompletion === false || isFinished(restore.status)) {
      return { outs: restoreOutputs(restore, news, marker) };
    }
    const deadline = restoreModel.deadline("update", inputs.timeouts);
    const finished = await awaitRestore(
      session,
      restore,
      deadline,
      timeoutFor("update", inputs.timeouts, restoreModel.defaultTimeouts),
    );
    if (finished.ok) return { outs: restoreOutputs(finished.restore, news, marker) };
    throw asPartialFailure(finished.error, id, restoreOutputs(finished.restore, news, marker), news);
  },

  async delete(id, props) {
    const inputs = restoreModel.storedInputs(props);
    const session = startSession.stored(props);
    const restore = await session.client.getRestore(id);
    if (!restore) return;
    if (!isFinished(restore.status)) {
      session.log.info(`restore ${id} is still ${restore.status}: cancelling it before deleting its record`);
      await session.client.cancelRestore(id);
      const deadline = restoreModel.deadline("delete", inputs.timeouts);
      const stopped = await waitUntilFinished(session, restore, deadline);
      if (stopped.kind === "timeout") {
        throw new ProviderError(
          `restore ${id} did not stop after it was cancelled (last status ${stopped.value?.status ?? restore.status})`,
        );
      }
    }
    await session.client.deleteRestore(id);
    session.log.info(`deleted the record of restore ${id}; the restored instances and volumes stay`);
  },
});

/** The outcome of the preview-time checks: failures, and the snapshot when it could be read. */
interface Verification {
  failures: dynamic.CheckFailure[];
  snapshot?: TrilioSnapshot;
  /** The restore an interrupted attempt of this resource left running: create adopts it. */
  interrupted?: TrilioRestore;
}

/** Preview-time checks against TrilioVault: the snapshot exists, is available, its workload is free. */
async function verifyRestorable(session: Session, inputs: RestoreInputs): Promise<Verification> {
  const { client } = session;
  const refuse = (reason: string, property = "snapshotId"): Verification => ({
    failures: [{ property, reason }],
  });
  let snapshot: TrilioSnapshot | undefined;
  try {
    snapshot = await currentSnapshot(client, inputs);
    if (!snapshot) return refuse(`snapshot ${inputs.snapshotId} does not exist in TrilioVault`);
    if (snapshot.status === "restoring") {
      // Restoring (and its workload locked) because of this resource's own restore, which an earlier attempt
      // started and was interrupted: create adopts it, so it is no reason to refuse.
      const marked = await markedRestores(client, inputs.snapshotId, restoreMarker(inputs));
      const interrupted = marked.find((restore) => !isFailed(restore.status));
      if (interrupted) return { failures: verifyInstances(snapshot, inputs), snapshot, interrupted };
    }
    if (snapshot.status !== "available") {
      const why = snapshot.status === "restoring" ? " (a restore of it is running)" : "";
      return refuse(
        `snapshot ${inputs.snapshotId} is ${snapshot.status}${why}; it must be available to restore`,
      );
    }
    if (snapshot.workload_id) {
      const workload = await currentWorkload(client, snapshot.workload_id);
      if (workload?.status === "locked") {
        return refuse(
          `workload ${workload.name ?? workload.id} (${workload.id}) of snapshot ${inputs.snapshotId} is locked: ` +
            "another restore or snapshot of it is running; TrilioVault runs one at a time",
        );
      }
    }
  } catch (error) {
    const failure = remoteCheckFailure(error, "snapshotId", `snapshot ${inputs.snapshotId}`);
    return refuse(failure.reason, failure.property);
  }
  const failures = verifyInstances(snapshot, inputs);
  if (failures.length > 0) return { failures, snapshot };
  return { failures: await verifyOriginals(session, snapshot), snapshot };
}

/**
 * What Nova says of the snapshot's original VMs, where the restore type depends on it: a one-click restore
 * recreates them and fails (only once it runs) while any still exists; an in-place restore overwrites their
 * disks and needs each one it restores. Without a compute service in reach, preview says it cannot tell.
 */
async function verifyOriginals(session: Session, snapshot: TrilioSnapshot): Promise<dynamic.CheckFailure[]> {
  const { client, inputs } = session;
  if (inputs.restoreType === "selective") return [];
  const originals = (snapshot.instances ?? []).filter(
    (instance) =>
      inputs.restoreType === "oneclick" ||
      inputs.instances?.some((wanted) => wanted.id === instance.id && wanted.include !== false),
  );
  if (originals.length === 0) return [];
  const exists = await client.serversExist(originals.map((instance) => instance.id));
  const label = (instance: { id: string; name?: string | null }) =>
    `${instance.name ?? "?"} (${instance.id})`;
  if (!exists) {
    session.log.warn(
      `cannot tell whether the original VMs exist (${originals.map(label).join(", ")}): the connection ` +
        `reaches no compute service. A ${inputs.restoreType} restore ` +
        (inputs.restoreType === "oneclick" ? "fails if any still exists" : "fails if one is gone"),
    );
    return [];
  }
  if (inputs.restoreType === "oneclick") {
    const alive = originals.filter((instance) => exists.get(instance.id));
    if (alive.length === 0) return [];
    return [
      {
        property: "restoreType",
        reason:
          `a oneclick restore recreates the snapshot's VMs as they were, and TrilioVault refuses it while the ` +
          `originals exist: ${alive.map(label).join(", ")} still exist in Nova. Delete them first, or restore ` +
          "them as new VMs (selective) or over their disks (inplace)",
      },
    ];
  }
  return (inputs.instances ?? []).flatMap((wanted, index) => {
    const original = originals.find((instance) => instance.id === wanted.id);
    if (!original || exists.get(original.id)) return [];
    return [
      {
        property: `instances[${index}].id`,
        reason:
          `instance ${label(original)} no longer exists in Nova, and an in-place restore overwrites the disks ` +
          "of an existing VM: restore it as a new VM (selective) instead",
      },
    ];
  });
}

/**
 * The snapshot as the checks need it: from the project's snapshot list when that says it is available and the
 * inputs name no instances to verify, otherwise read now.
 */
async function currentSnapshot(client: TrilioClient, inputs: RestoreInputs) {
  const read = () => client.getSnapshot(inputs.snapshotId);
  if (inputs.instances !== undefined) return read();
  return objectToCheck(
    await client.listedSnapshot(inputs.snapshotId),
    // A oneclick restore's checks read the snapshot's instances: a list that lacks them is no use.
    (s) => s.status === "available" && (inputs.restoreType !== "oneclick" || s.instances != null),
    read,
  );
}

/** The workload as the checks need it: from the project's workload list unless that says locked, else read now. */
async function currentWorkload(client: TrilioClient, id: string) {
  return objectToCheck(
    await client.listedWorkload(id),
    (workload) => workload.status !== "locked",
    () => client.getWorkload(id),
  );
}

/** What the restore will do, in a line a preview shows before anything runs. */
function describePlan(snapshot: TrilioSnapshot, inputs: RestoreInputs): string {
  const names = new Map(
    (snapshot.instances ?? []).map((instance) => [instance.id, instance.name ?? instance.id]),
  );
  const source = `snapshot ${snapshot.id}${snapshot.name ? ` (${snapshot.name})` : ""}`;
  if (inputs.restoreType === "oneclick") {
    // A snapshot from the project's list names no instances.
    if (snapshot.instances === undefined) return `will restore every VM of ${source} as it was`;
    return `will restore every VM of ${source} as it was: ${[...names.values()].join(", ") || "none listed"}`;
  }
  const included = (inputs.instances ?? []).filter((instance) => instance.include !== false);
  const vms = included.map((instance) => {
    const name = names.get(instance.id) ?? instance.id;
    return instance.name && instance.name !== name ? `${name} as "${instance.name}"` : name;
  });
  const how = inputs.restoreType === "inplace" ? "in place, overwriting their disks" : "as new VMs";
  return `will restore ${vms.join(", ")} from ${source} ${how}`;
}

/** Every instance (and disk) the inputs name must be in the snapshot. */
function verifyInstances(snapshot: TrilioSnapshot, inputs: RestoreInputs): dynamic.CheckFailure[] {
  const inSnapshot = new Map((snapshot.instances ?? []).map((instance) => [instance.id, instance]));
  if (inSnapshot.size === 0) return [];
  const listing = [...inSnapshot.values()].map((i) => `${i.name ?? "?"} (${i.id})`).join(", ");
  const failures: dynamic.CheckFailure[] = [];
  inputs.instances?.forEach((instance, index) => {
    const found = inSnapshot.get(instance.id);
    if (!found) {
      failures.push({
        property: `instances[${index}].id`,
        reason: `instance ${instance.id} is not in snapshot ${snapshot.id} (it has: ${listing})`,
      });
      return;
    }
    const disks = new Set((found.vdisks ?? []).map((vdisk) => vdisk.id));
    if (disks.size === 0) return;
    instance.vdisks?.forEach((vdisk, vdiskIndex) => {
      if (!disks.has(vdisk.id)) {
        failures.push({
          property: `instances[${index}].vdisks[${vdiskIndex}].id`,
          reason: `volume ${vdisk.id} is not a disk of instance ${found.name ?? found.id} in snapshot ${snapshot.id}`,
        });
      }
    });
  });
  return failures;
}

/** Adopts the restore an interrupted attempt left, or starts one; never starts two. */
async function startOrAdopt(session: Session, marker: string): Promise<TrilioRestore> {
  const { inputs } = session;
  const request = {
    name: inputs.name ?? inputs.__identity.name,
    description: describeWithMarker(inputs.description, marker),
    options: buildRestoreOptions(inputs),
  };
  const { object, adopted } = await createOnce({
    findMarked: () => markedRestores(session.client, inputs.snapshotId, marker),
    hasFailed: (restore) => isFailed(restore.status),
    describe: (restore) => `restore ${restore.id} (${restore.status})`,
    start: () => session.client.startRestore(inputs.snapshotId, request),
    log: session.log,
  });
  if (!adopted)
    session.log.info(`started ${inputs.restoreType} restore ${object.id} of snapshot ${inputs.snapshotId}`);
  return object;
}

function isFailed(status: string): boolean {
  return (RESTORE_STATUS.failed as readonly string[]).includes(status);
}

async function adoptRestore(session: Session, restoreId: string): Promise<TrilioRestore> {
  const restore = await session.client.getRestore(restoreId);
  if (!restore)
    throw new ProviderError(`restore ${restoreId} (adoptRestoreId) does not exist in TrilioVault`);
  if (restore.snapshot_id && restore.snapshot_id !== session.inputs.snapshotId) {
    throw new ProviderError(
      `restore ${restoreId} (adoptRestoreId) restores snapshot ${restore.snapshot_id}, ` +
        `not snapshotId ${session.inputs.snapshotId}`,
    );
  }
  session.log.info(`adopting restore ${restoreId} (${restore.status})`);
  return restore;
}

type Finished =
  { ok: true; restore: TrilioRestore } | { ok: false; restore: TrilioRestore; error: ProviderError };

/** Waits for a restore to finish; on the deadline, cancels it. Never throws for the restore's own outcome. */
async function awaitRestore(
  session: Session,
  restore: TrilioRestore,
  deadline: number,
  timeoutMs: number,
): Promise<Finished> {
  const outcome = await waitUntilFinished(session, restore, deadline);
  const last = outcome.value ?? restore;
  if (outcome.kind === "target") return { ok: true, restore: last };
  if (outcome.kind === "failure") {
    const detail = last.error_msg ? `: ${last.error_msg}` : "";
    return {
      ok: false,
      restore: last,
      error: new ProviderError(`the restore ended in status ${last.status}${detail}`),
    };
  }
  session.log.warn(`restore ${restore.id} did not finish within ${minutes(timeoutMs)}: cancelling it`);
  await session.client.cancelRestore(restore.id);
  const stopped = await waitUntilFinished(session, last, currentClock().now() + CANCEL_GRACE_MS);
  const final = stopped.value ?? last;
  return {
    ok: false,
    restore: final,
    error: new ProviderError(
      `the restore did not finish within ${minutes(timeoutMs)} (${deadlineSetting("create")}) and was cancelled ` +
        `(status ${final.status}, ${final.progress_percent ?? 0}% done); raise ${deadlineSetting("create")} to allow more time`,
    ),
  };
}

function waitUntilFinished(
  session: Pick<Session, "client" | "log">,
  restore: TrilioRestore,
  deadline: number,
): Promise<WaitOutcome<TrilioRestore>> {
  return waitFor({
    subject: `restore ${restore.id}`,
    initial: restore,
    poll: async () => {
      const current = await session.client.getRestore(restore.id);
      if (!current)
        throw new ProviderError(`restore ${restore.id} disappeared from TrilioVault while it ran`);
      return current;
    },
    status: (value) => value.status,
    pending: RESTORE_STATUS.running,
    target: RESTORE_STATUS.succeeded,
    failure: RESTORE_STATUS.failed,
    progress: (value) => ({
      percent: value.progress_percent ?? undefined,
      message: value.progress_msg ?? undefined,
    }),
    deadline,
    log: session.log.info,
  });
}

/** What a log says of a restore whose record TrilioVault no longer has. */
function recordDeletedNote(id: string): string {
  return (
    `restore ${id} is no longer in TrilioVault (its record was deleted, as housekeeping does): it stays in ` +
    "the stack as it was last seen, and only a change of what defines it (such as triggers) restores again"
  );
}

/** Outputs: every input echoed, then what TrilioVault reports. */
export function restoreOutputs(restore: TrilioRestore, inputs: Props, marker: string | undefined): Props {
  return outputsWithInputs(restoreModel.diffTable, inputs, {
    status: restore.status,
    progressPercent: restore.progress_percent ?? 0,
    progressMessage: restore.progress_msg ?? null,
    errorMessage: restore.error_msg ?? null,
    warningMessage: restore.warning_msg ?? null,
    restoredInstances: (restore.instances ?? []).map((instance) => ({
      id: instance.id,
      name: instance.name ?? null,
      status: instance.status ?? null,
      originalInstanceId:
        typeof instance.metadata?.instance_id === "string" ? instance.metadata.instance_id : null,
    })),
    networks: (restore.networks ?? []).map((network) => ({
      id: network.id ?? null,
      name: network.name ?? null,
    })),
    size: restore.size ?? null,
    uploadedSize: restore.uploaded_size ?? null,
    timeTakenSeconds: restore.time_taken ?? null,
    createdAt: restore.created_at ?? null,
    finishedAt: restore.finished_at ?? null,
    workloadId: restore.workload_id ?? null,
    trilioName: restore.name ?? null,
    trilioDescription: restore.description ?? null,
    marker: marker ?? null,
    recordDeleted: false,
  });
}

function minutes(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}
