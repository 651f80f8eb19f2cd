/**
 * `powervc.InstanceRestore`: a VM's disks rewritten from an instance snapshot. A restore is an action; this
 * resource is the record of it, so it never runs again by accident: every input but `connection` and `timeouts`
 * replaces (runs it again, on purpose), and destroy touches nothing in PowerVC (a restore cannot be undone).
 *
 * On `restore-error`, `onFailure` decides: `fail` (default), `retry` (send `retry: true` up to `maxRetries`
 * times, then `afterRetries`: `fail` or `rollback`) or `rollback` (send `rollback: true`: back to the temporary
 * snapshots PowerVC took before the restore). The outcome and every task are outputs; anything short of
 * `restored` fails the update with an error that records the attempt.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { objectToCheck } from "../core/bulk-lookup";
import { openStackId } from "../core/inputs";
import { currentClock } from "../core/clock";
import { withChange, type DiffTable } from "../core/diff";
import { startOnce } from "../core/adoption";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { identitySchema, resourceLabel } from "../core/identity";
import { resourceLogger } from "../core/log";
import {
  openStackConnectionSchema,
  requireOpenStackConnection,
  resolveOpenStackConnection,
  type OpenStackConnectionInput,
} from "../core/openstack-connection";
import {
  defineResource,
  inputsOf,
  outputsWithInputs,
  sessionOpener,
  readInputs,
  type Props,
  type Session as SharedSession,
} from "../core/resource";
import { deadlineFor, timeoutsSchema, type Timeouts } from "../core/timeouts";
import { SNAPSHOT_STATUS, type InstanceSnapshot } from "./api";
import { PowerVCClient, taskIdOf, type RestoreAction } from "./client";
import { followTask, type TaskResult } from "./task";

/** The type name users see. */
export const INSTANCE_RESTORE_TYPE = "powervc.InstanceRestore";

const FAILURE_POLICIES = ["fail", "retry", "rollback"] as const;

/** The inputs' shape. */
export const instanceRestoreInputsShape = z.object({
  __identity: identitySchema,
  serverId: openStackId,
  instanceSnapshotId: openStackId,
  force: z.boolean().optional(),
  onFailure: z.enum(FAILURE_POLICIES, { error: `must be one of ${FAILURE_POLICIES.join(", ")}` }).optional(),
  maxRetries: z.int().min(1).max(10).optional(),
  afterRetries: z.enum(["fail", "rollback"], { error: "must be fail or rollback" }).optional(),
  triggers: z.record(z.string(), z.unknown()).optional(),
  confirmOverwrite: z.boolean().optional(),
  timeouts: timeoutsSchema.optional(),
  connection: openStackConnectionSchema.optional(),
});

/** Validated inputs of a restore. */
export type InstanceRestoreInputs = z.output<typeof instanceRestoreInputsShape>;

/** The inputs with every rule, as `check` applies them. */
export const instanceRestoreInputsSchema = instanceRestoreInputsShape
  .strict()
  .superRefine((inputs, context) => {
    const fail = (path: string, message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    if (inputs.confirmOverwrite !== true) {
      fail(
        "confirmOverwrite",
        "a restore rewrites the server's disks from the snapshot; set confirmOverwrite: true to confirm",
      );
    }
    if (
      (inputs.maxRetries !== undefined || inputs.afterRetries !== undefined) &&
      inputs.onFailure !== "retry"
    ) {
      fail(
        inputs.maxRetries !== undefined ? "maxRetries" : "afterRetries",
        'only applies with onFailure: "retry"',
      );
    }
  });

/** Every input but connection and timeouts runs the restore again. */
export const instanceRestoreDiffTable: DiffTable<InstanceRestoreInputs> = {
  __identity: "ignore",
  serverId: "replace",
  instanceSnapshotId: "replace",
  force: "replace",
  onFailure: "replace",
  maxRetries: "replace",
  afterRetries: "replace",
  triggers: "replace",
  confirmOverwrite: "replace",
  timeouts: "update",
  connection: "update",
};

/** Deadlines when `timeouts` does not say (for the whole restore, retries and rollback included). */
export const INSTANCE_RESTORE_DEFAULT_TIMEOUTS: Required<Timeouts> = {
  create: 2 * 60 * 60_000,
  update: 60_000,
  delete: 60_000,
};

/** How a restore ended. */
export type RestoreOutcome =
  | "restored"
  | "restored-after-retries"
  | "rolled-back"
  | "failed"
  // Started, its end not seen (following it failed): the next update follows it on.
  | "running";

type Session = SharedSession<InstanceRestoreInputs, PowerVCClient>;

const startSession = sessionOpener(INSTANCE_RESTORE_TYPE, requireOpenStackConnection, PowerVCClient);

function restoreInputs(props: Props): InstanceRestoreInputs {
  return readInputs(instanceRestoreInputsShape, props);
}

/** The implementation of `powervc.InstanceRestore`. */
export const instanceRestoreProvider: dynamic.ResourceProvider = defineResource<InstanceRestoreInputs>({
  type: INSTANCE_RESTORE_TYPE,
  diffTable: instanceRestoreDiffTable,
  verbs: { create: "restoring" },
  schema: instanceRestoreInputsSchema,
  resolveConnection: (input) => resolveOpenStackConnection(input as OpenStackConnectionInput | undefined),
  verifyBeforeCreate: (inputs) => verifyRestorable(startSession(inputs), inputs),

  refineDiff(_id, olds, _news, diff) {
    const outcome = olds.outcome as RestoreOutcome | undefined;
    return outcome && !outcome.startsWith("restored") && outcome !== "running"
      ? withChange(diff, "outcome", "replace")
      : diff;
  },

  async create(props) {
    const inputs = restoreInputs(props);
    const session = startSession(inputs);
    const deadline = createDeadline(inputs);
    const taskUri = await startOrFollow(session);
    const id = taskIdOf(taskUri);
    return { id, outs: await followToEnd(session, id, [], props, deadline, taskUri) };
  },

  async read(id, props) {
    // The record is this resource's; PowerVC keeps the snapshot, which is what can change.
    const snapshotId = props.instanceSnapshotId;
    if (typeof snapshotId !== "string")
      throw new ProviderError("the resource's state has no instanceSnapshotId");
    const snapshot = await startSession.stored(props).client.getInstanceSnapshot(snapshotId);
    const outs = { ...props, snapshotStatus: snapshot?.status ?? "deleted" };
    return { id, props: outs, inputs: inputsOf(instanceRestoreDiffTable, props) };
  },

  async update(id, olds, news) {
    if (olds.outcome !== "running") return { outs: { ...olds, ...inputsOf(instanceRestoreDiffTable, news) } };
    // A create interrupted while the restore ran: follow it to its end now, as create would have.
    const inputs = restoreInputs(news);
    const session = startSession(inputs);
    const deadline = createDeadline(inputs);
    const history = [...((olds.tasks as TaskResult[] | undefined) ?? [])];
    const latest = (await requireSnapshot(session)).task_uri;
    const unseen =
      latest?.includes("action=restore") && taskIdOf(latest) !== history[history.length - 1]?.taskId
        ? latest
        : undefined;
    if (!unseen && history.length === 0)
      throw new ProviderError(
        `instance snapshot ${inputs.instanceSnapshotId} names no restore task to follow`,
      );
    return { outs: await followToEnd(session, id, history, news, deadline, unseen) };
  },

  async delete(id, props) {
    const inputs = restoreInputs(props);
    // Nothing remote to do, so no client: a missing connection must not block forgetting the record.
    resourceLogger(resourceLabel({ type: INSTANCE_RESTORE_TYPE, name: inputs.__identity.name })).info(
      `forgetting restore ${id}: a restore cannot be undone, so nothing changes in PowerVC`,
    );
  },
});

/** The snapshot exists, is the server's and is available; says what will be restored. */
async function verifyRestorable(
  session: Session,
  inputs: InstanceRestoreInputs,
): Promise<dynamic.CheckFailure[]> {
  const refuse = (reason: string, property = "instanceSnapshotId") => [{ property, reason }];
  try {
    const snapshot = await objectToCheck(
      await session.client.listedInstanceSnapshot(inputs.instanceSnapshotId),
      (listed) =>
        (!listed.instance_id || listed.instance_id === inputs.serverId) &&
        (listed.status === SNAPSHOT_STATUS.available || listed.status === "restoring"),
      () => session.client.getInstanceSnapshot(inputs.instanceSnapshotId),
    );
    if (!snapshot) return refuse(`instance snapshot ${inputs.instanceSnapshotId} does not exist in PowerVC`);
    if (snapshot.instance_id && snapshot.instance_id !== inputs.serverId) {
      return refuse(
        `instance snapshot ${snapshot.id} is of server ${snapshot.instance_id}, not serverId ${inputs.serverId}: ` +
          "a restore rewrites the disks of the server the snapshot was taken of",
      );
    }
    if (snapshot.status !== SNAPSHOT_STATUS.available && snapshot.status !== "restoring") {
      const hint =
        snapshot.status === SNAPSHOT_STATUS.restoreError
          ? " (a previous restore failed: retry or roll it back first)"
          : "";
      return refuse(`instance snapshot ${snapshot.id} is ${snapshot.status}${hint}; it must be available`);
    }
    const volumes = Object.keys(snapshot.snapshots ?? {});
    session.log.info(
      `will restore ${volumes.length} volume(s) of server ${inputs.serverId} from instance snapshot ` +
        `${snapshot.name ?? snapshot.id} (${snapshot.created_at ?? "?"}): ${volumes.join(", ")}`,
    );
    return [];
  } catch (error) {
    const wrapped = ProviderError.wrap(error, {});
    return refuse(
      `could not check instance snapshot ${inputs.instanceSnapshotId}: ${wrapped.message}`,
      wrapped.status === 401 ? "connection" : "instanceSnapshotId",
    );
  }
}

/**
 * Starts the restore and returns its task URI; when the snapshot is already restoring (an earlier attempt was
 * interrupted after PowerVC accepted it, or this request's answer was lost), that restore's task instead of a
 * second one.
 */
async function startOrFollow(session: Session): Promise<string> {
  const { client, inputs } = session;
  const before = await requireSnapshot(session);
  if (before.status === "restoring" && before.task_uri?.includes("action=restore")) {
    session.log.info(
      `instance snapshot ${before.id} is already restoring: following that restore, not starting another`,
    );
    return before.task_uri;
  }
  const { object: taskUri } = await startOnce({
    // The request started a restore if the snapshot names a restore task it did not name before (running or not).
    findMarked: async () => {
      const latest = (await requireSnapshot(session)).task_uri;
      return latest?.includes("action=restore") && latest !== before.task_uri ? [latest] : [];
    },
    hasFailed: () => false,
    describe: (uri) => `restore task ${taskIdOf(uri)}`,
    start: () => client.restore(inputs.serverId, action(inputs, {})),
    log: session.log,
  });
  session.log.info(`restoring server ${inputs.serverId} from instance snapshot ${inputs.instanceSnapshotId}`);
  return taskUri;
}

/**
 * Follows the restore (its task `taskUri`, when not in `history` yet) to its end and applies `onFailure`: the
 * outputs, or an error that records the attempt. An error while following records it as `running`.
 */
async function followToEnd(
  session: Session,
  id: string,
  history: TaskResult[],
  props: Props,
  deadline: number,
  taskUri: string | undefined,
): Promise<Props> {
  const { client, inputs } = session;
  return recordOnFailure(
    id,
    () => restoreOutputs("running", history, undefined, props),
    props,
    async () => {
      if (taskUri) history.push(await followTask(client, taskUri, deadline, session.log));
      const outcome = await recover(session, history, deadline);
      const snapshot = await client.getInstanceSnapshot(inputs.instanceSnapshotId);
      const outs = restoreOutputs(outcome, history, snapshot, props);
      if (outcome === "restored" || outcome === "restored-after-retries") return outs;
      const last = history[history.length - 1];
      const why = outcome === "rolled-back" ? "the restore failed and was rolled back" : "the restore failed";
      const where = last.failedTask
        ? ` (${last.action} task ${last.taskId} failed in ${last.failedTask})`
        : "";
      throw asPartialFailure(new ProviderError(`${why}${where}`), id, outs, props);
    },
  );
}

/** Applies `onFailure` until the restore succeeded or the policy is spent; returns the outcome. */
async function recover(session: Session, history: TaskResult[], deadline: number): Promise<RestoreOutcome> {
  const { inputs, client } = session;
  const policy = inputs.onFailure ?? "fail";
  let retries = 0;
  for (;;) {
    const snapshot = await requireSnapshot(session);
    const last = history[history.length - 1];
    if (last.result === "SUCCESS" && snapshot.status === SNAPSHOT_STATUS.available) {
      return retries > 0 ? "restored-after-retries" : "restored";
    }
    if (snapshot.status !== SNAPSHOT_STATUS.restoreError) return "failed";
    const canRetry = policy === "retry" && retries < (inputs.maxRetries ?? 1);
    const rollback =
      policy === "rollback" || (policy === "retry" && !canRetry && inputs.afterRetries === "rollback");
    if (canRetry) {
      retries++;
      session.log.warn(
        `the restore failed (${last.failedTask ?? "restore-error"}): retry ${retries} of ${inputs.maxRetries ?? 1}`,
      );
      history.push(
        await followTask(
          client,
          await client.restore(inputs.serverId, action(inputs, { retry: true })),
          deadline,
          session.log,
        ),
      );
      continue;
    }
    if (!rollback) return "failed";
    session.log.warn("the restore failed: rolling back to the snapshots PowerVC took before it");
    const task = await followTask(
      client,
      await client.restore(inputs.serverId, action(inputs, { rollback: true })),
      deadline,
      session.log,
    );
    history.push(task);
    const after = await requireSnapshot(session);
    return task.result === "SUCCESS" && after.status === SNAPSHOT_STATUS.available ? "rolled-back" : "failed";
  }
}

function action(
  inputs: InstanceRestoreInputs,
  extra: Pick<RestoreAction, "retry" | "rollback">,
): RestoreAction {
  return {
    instance_snapshot_id: inputs.instanceSnapshotId,
    ...(inputs.force ? { force: true } : {}),
    ...extra,
  };
}

/** The deadline of a restore (retries and rollback included), from now. */
function createDeadline(inputs: InstanceRestoreInputs): number {
  return deadlineFor("create", inputs.timeouts, INSTANCE_RESTORE_DEFAULT_TIMEOUTS, currentClock().now());
}

async function requireSnapshot(session: Session): Promise<InstanceSnapshot> {
  const snapshot = await session.client.getInstanceSnapshot(session.inputs.instanceSnapshotId);
  if (!snapshot)
    throw new ProviderError(`instance snapshot ${session.inputs.instanceSnapshotId} disappeared`);
  return snapshot;
}

/** Outputs: every input echoed, the outcome, the task history and the snapshot's volumes. */
function restoreOutputs(
  outcome: RestoreOutcome,
  history: TaskResult[],
  snapshot: InstanceSnapshot | undefined,
  inputs: Props,
): Props {
  return outputsWithInputs(instanceRestoreDiffTable, inputs, {
    outcome,
    retries: history.filter((task) => task.action === "restore-retry").length,
    tasks: history.map((task) => ({ ...task })),
    restoredVolumes: Object.keys(snapshot?.snapshots ?? {}),
    tempSnapshots: snapshot?.temp_snapshots ?? null,
    failedSnapshots: snapshot?.failed_snapshots ?? null,
    snapshotStatus: snapshot?.status ?? null,
  });
}
