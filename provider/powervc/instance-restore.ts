/**
 * `powervc.InstanceRestore`: a VM's disks rewritten from an instance snapshot. A restore is an action; this
 * resource is the record of it, so it never runs again by accident: what defines it (server, snapshot,
 * `triggers`) replaces (runs it again, on purpose); the recovery settings (`onFailure`, `maxRetries`,
 * `afterRetries`, `force`) are used when a restore runs or is recovered, and change in place; destroy touches
 * nothing in PowerVC (a restore cannot be undone).
 *
 * PowerVC keeps no mark of who started a restore, so this resource follows only the restore it started (its task
 * id is the resource id) or one the user names (`adoptTaskId`). A restore running that it did not start (an
 * interrupted `pulumi up`, or anyone's) fails preview, naming its task so the user can adopt it.
 *
 * On `restore-error`, `onFailure` decides: `fail` (default), `retry` (send `retry: true` up to `maxRetries`
 * times, then `afterRetries`: `fail` or `rollback`) or `rollback` (send `rollback: true`: back to the temporary
 * snapshots PowerVC took before the restore). A restore left in `restore-error` is recovered in place by the next
 * `up`, with the policy then declared (PowerVC refuses a plain restore of that snapshot until then). The outcome
 * and every task are outputs; anything short of `restored` fails the update with an error that records it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { startOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import { pinSourceField, restoreSourceField, withCommonFields } from "../core/common-fields";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { field, type Fields } from "../core/fields";
import { openStackId } from "../core/inputs";
import { resourceLogger } from "../core/log";
import { resourceModel, type InputsOf, type SessionOf } from "../core/model";
import { defineResource, inputsOf, labelOf, outputsWithInputs, type Props } from "../core/resource";
import { count } from "../core/messages";
import { planValue, unread } from "../core/plan";
import type { OutputPreview } from "../core/preview";
import { remoteCheckFailure } from "../core/check";
import { openStackConnection } from "../openstack/connection";
import { SNAPSHOT_STATUS, type InstanceSnapshot } from "./api";
import { PowerVCClient, taskIdOf, type RestoreAction } from "./client";
import { followTask, type TaskResult } from "./task";

const FAILURE_POLICIES = ["fail", "retry", "rollback"] as const;

/** Each input of `powervc.InstanceRestore`, declared once (see ../core/fields). */
export const instanceRestoreFields = withCommonFields("PowerVC", openStackConnection, ["2h", "2h", "1m"], {
  serverId: field(openStackId, {
    replaces: "another VM is a new restore",
    doc: "the VM whose disks are rewritten",
  }),
  instanceSnapshotId: restoreSourceField(
    openStackId,
    "instance snapshot",
    "the instance snapshot of that VM to restore; it must be available",
  ),
  pinSource: pinSourceField("instance snapshot"),
  triggers: field(z.record(z.string(), z.unknown()).optional(), {
    replaces: "change one to run the restore again on purpose",
    doc: "map of values",
  }),
  adoptTaskId: field(
    z
      .string()
      .regex(/^[0-9A-Za-z-]{1,64}$/, { error: "must be a PowerVC task id (letters, digits, dashes)" })
      .optional(),
    {
      replaces: "another restore to follow",
      doc: "follow this restore task instead of starting a restore",
    },
  ),
  confirmOverwrite: field(z.boolean().optional(), {
    stateOnly: "it confirms the overwrite when the restore runs",
    doc: "boolean: required `true`",
  }),
  force: field(z.boolean().optional(), {
    stateOnly: "it is sent when a restore, retry or rollback starts",
    doc: "boolean: PowerVC's `force` flag",
  }),
  onFailure: field(
    z.enum(FAILURE_POLICIES, { error: `must be one of ${FAILURE_POLICIES.join(", ")}` }).optional(),
    {
      stateOnly: "it steers what a failed restore's recovery does, at the next recovery",
      doc: "`fail` (default), `retry` or `rollback`",
    },
  ),
  maxRetries: field(z.int().min(1).max(10).optional(), {
    stateOnly: "it steers the recovery",
    doc: "integer, with `retry` (default 1)",
  }),
  afterRetries: field(z.enum(["fail", "rollback"], { error: "must be fail or rollback" }).optional(), {
    stateOnly: "it steers the recovery",
    doc: "`fail` or `rollback`, with `retry`",
  }),
} as const satisfies Fields);

/** The model of `powervc.InstanceRestore`: its fields and what the operations derive from them. */
export const instanceRestoreModel = resourceModel(
  "powervc.InstanceRestore",
  instanceRestoreFields,
  PowerVCClient,
);

/** Validated inputs of a restore. */
export type InstanceRestoreInputs = InputsOf<typeof instanceRestoreFields>;

/** The inputs with every rule, as `check` applies them. */
export const instanceRestoreInputsSchema = instanceRestoreModel.shape
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

/**
 * What defines the restore replaces (runs it again); the recovery settings only matter while a restore runs or
 * is recovered, so they are kept in the stack and take effect at the next recovery. From the declarations.
 */
export const instanceRestoreDiffTable = instanceRestoreModel.diffTable;

/** How a restore ended. */
export type RestoreOutcome =
  | "restored"
  | "restored-after-retries"
  | "rolled-back"
  | "failed"
  // Started, its end not seen (following it failed): the next update follows it on.
  | "running";

type Session = SessionOf<typeof instanceRestoreModel>;

const startSession = instanceRestoreModel.session;

/** The implementation of `powervc.InstanceRestore`. */
export const instanceRestoreProvider: dynamic.ResourceProvider = defineResource<InstanceRestoreInputs>({
  ...instanceRestoreModel.definition,
  verbs: { create: "restoring" },
  schema: instanceRestoreInputsSchema,
  verifyBeforeCreate: (inputs) => verifyRestorable(startSession(inputs), inputs),
  planWithoutServer(inputs, gap) {
    const snapshot = planValue(inputs.instanceSnapshotId, "instanceSnapshotId");
    const server = planValue(inputs.serverId, "serverId");
    if (inputs.adoptTaskId !== undefined) {
      return `will follow restore task ${planValue(inputs.adoptTaskId, "adoptTaskId")} of instance snapshot ${snapshot}`;
    }
    return `will restore the volumes of server ${server} from instance snapshot ${snapshot} (${unread("which volumes", gap)})`;
  },

  refineDiff(_id, olds, _news, diff) {
    const outcome = olds.outcome as RestoreOutcome | undefined;
    if (outcome === "failed" && olds.snapshotStatus === SNAPSHOT_STATUS.restoreError) {
      // Recovered in place (retry or rollback of that restore), never replaced by a plain restore PowerVC refuses.
      return withChange(diff, "outcome", "update");
    }
    return outcome && !outcome.startsWith("restored") && outcome !== "running"
      ? withChange(diff, "outcome", "replace")
      : diff;
  },

  async create(props) {
    const { inputs, session } = instanceRestoreModel.begin("create", props);
    const deadline = deadlineOf(inputs, "create");
    const taskUri = inputs.adoptTaskId
      ? await adoptTask(session, inputs.adoptTaskId)
      : await startRestore(session);
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
    if (restoreEnded(olds)) {
      return { outs: { ...olds, ...inputsOf(instanceRestoreDiffTable, news) } };
    }
    const { inputs, session } = instanceRestoreModel.begin("update", news);
    const history = [...((olds.tasks as TaskResult[] | undefined) ?? [])];
    if (olds.outcome === "running") {
      // A create (or recovery) interrupted while a task of this resource ran: follow it to its end now.
      const task = runningTask(id, olds, history, inputs.instanceSnapshotId);
      return { outs: await followToEnd(session, id, history, news, deadlineOf(inputs, "create"), task) };
    }
    await requireOwnFailure(session, history);
    return { outs: await followToEnd(session, id, history, news, deadlineOf(inputs, "update"), undefined) };
  },

  async delete(id, props) {
    // Nothing remote to do, so no client: a missing connection must not block forgetting the record.
    resourceLogger(labelOf(instanceRestoreModel.type, props)).info(
      `forgetting restore ${id}: a restore cannot be undone, so nothing changes in PowerVC`,
    );
  },
});

/** Whether the recorded restore has ended, not in a failure to recover: an update then sends nothing. */
function restoreEnded(olds: Props): boolean {
  const outcome = olds.outcome as RestoreOutcome | undefined;
  return outcome !== "running" && outcome !== "failed";
}

/**
 * What a preview of `powervc.InstanceRestore` knows: an update of a restore that has ended changes no output (it
 * records the new inputs only); a create, or an update that follows or recovers a restore, is known once it ran.
 */
export const instanceRestorePreview: OutputPreview = {
  keptByUpdate: { outputs: "all", settled: restoreEnded },
};

/** The snapshot exists, is the server's and can be restored; says what will be restored. */
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
        listed.status === SNAPSHOT_STATUS.available &&
        inputs.adoptTaskId === undefined,
      () => session.client.getInstanceSnapshot(inputs.instanceSnapshotId),
    );
    if (!snapshot) return refuse(`instance snapshot ${inputs.instanceSnapshotId} does not exist in PowerVC`);
    if (snapshot.instance_id && snapshot.instance_id !== inputs.serverId) {
      return refuse(
        `instance snapshot ${snapshot.id} is of server ${snapshot.instance_id}, not serverId ${inputs.serverId}: ` +
          "a restore rewrites the disks of the server the snapshot was taken of",
      );
    }
    if (inputs.adoptTaskId) {
      session.log.info(`will follow restore task ${inputs.adoptTaskId} of instance snapshot ${snapshot.id}`);
      return [];
    }
    const running = restoreTaskOf(snapshot);
    if (snapshot.status === "restoring") {
      return refuse(
        `instance snapshot ${snapshot.id} is being restored already${running ? ` (task ${running})` : ""}. ` +
          "PowerVC keeps no record of who started it, so this resource does not take it over by itself: if an " +
          `interrupted \`pulumi up\` of this resource started it, set adoptTaskId: "${running ?? "<task id>"}" ` +
          "to follow it; otherwise wait until it ends",
      );
    }
    if (snapshot.status === SNAPSHOT_STATUS.restoreError) {
      return refuse(
        `instance snapshot ${snapshot.id} is restore-error after a failed restore${running ? ` (task ${running})` : ""}, ` +
          "and PowerVC accepts only a retry or a rollback of it until then: if this resource ran that restore, " +
          "keep what defines it unchanged and set onFailure to retry or rollback (the next up recovers it in " +
          "place); otherwise retry or roll it back in PowerVC first",
      );
    }
    if (snapshot.status !== SNAPSHOT_STATUS.available) {
      return refuse(`instance snapshot ${snapshot.id} is ${snapshot.status}; it must be available`);
    }
    const volumes = Object.keys(snapshot.snapshots ?? {});
    session.log.info(
      `will restore ${count(volumes.length, "volume")} of server ${inputs.serverId} from instance snapshot ` +
        `${snapshot.name ?? snapshot.id} (${snapshot.created_at ?? "?"}): ${volumes.join(", ")}`,
    );
    return [];
  } catch (error) {
    const failure = remoteCheckFailure(
      error,
      "instanceSnapshotId",
      `instance snapshot ${inputs.instanceSnapshotId}`,
    );
    return refuse(failure.reason, failure.property);
  }
}

/** The id of the restore task (of any restore action) the snapshot names last, if it names one. */
function restoreTaskOf(snapshot: InstanceSnapshot): string | undefined {
  return snapshot.task_uri?.includes("action=restore") ? taskIdOf(snapshot.task_uri) : undefined;
}

/**
 * Starts the restore and returns its task URI. A snapshot already restoring is refused: PowerVC keeps no mark of
 * who started that restore (see {@link verifyRestorable}). When the request's answer is lost, the restore task
 * the snapshot names from then on, and did not name before, is this request's.
 */
async function startRestore(session: Session): Promise<string> {
  const { client, inputs } = session;
  const before = await requireSnapshot(session);
  if (before.status === "restoring") {
    throw new ProviderError(
      `instance snapshot ${before.id} is being restored already (task ${restoreTaskOf(before) ?? "unknown"}), ` +
        "not by this run: set adoptTaskId to follow it",
    );
  }
  const { object: taskUri } = await startOnce({
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

/** The URI of restore task `taskId` of the snapshot, which the user names to adopt it. */
async function adoptTask(session: Session, taskId: string): Promise<string> {
  const uri = restoreTaskUri(taskId, session.inputs.instanceSnapshotId);
  // Reading its progress proves the task exists, and is of this snapshot.
  await session.client.taskProgress(uri);
  session.log.info(
    `adopting restore task ${taskId} of instance snapshot ${session.inputs.instanceSnapshotId}`,
  );
  return uri;
}

/** A task URI with what `get_progress` needs; PowerVC's own name a host the provider does not use anyway. */
function restoreTaskUri(taskId: string, snapshotId: string, action = "restore"): string {
  const query = new URLSearchParams({ action, task_id: taskId, id: snapshotId });
  return `get_progress?${query}`;
}

/**
 * The task an interrupted create or recovery was following: recorded as `runningTask`, else (state written by
 * earlier versions) the restore task of the resource's own id, when no task has ended yet.
 */
function runningTask(id: string, olds: Props, history: TaskResult[], snapshotId: string): string | undefined {
  if (typeof olds.runningTask === "string") return olds.runningTask;
  return history.length === 0 ? restoreTaskUri(id, snapshotId) : undefined;
}

/**
 * Recovery in place applies only to the failure of this resource's own restore: the snapshot must be in
 * restore-error, and its latest task the last one this resource followed.
 */
async function requireOwnFailure(session: Session, history: TaskResult[]): Promise<void> {
  const snapshot = await requireSnapshot(session);
  const last = history[history.length - 1];
  if (snapshot.status !== SNAPSHOT_STATUS.restoreError) return; // the outcome is read again as it is
  const latest = restoreTaskOf(snapshot);
  if (last && latest && latest !== last.taskId) {
    throw new ProviderError(
      `instance snapshot ${snapshot.id} is restore-error, but its latest task (${latest}) is not this ` +
        `resource's (${last.taskId}): someone else acted on it since, so it is not recovered from here`,
    );
  }
}

/**
 * Follows the restore (its task `taskUri`, when not in `history` yet) to its end and applies `onFailure`: the
 * outputs, or an error that records the attempt. An error while following records it as `running`, with the
 * task it was following.
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
  const following: { uri?: string } = { uri: taskUri };
  return recordOnFailure(
    id,
    () => restoreOutputs("running", history, undefined, props, following.uri),
    props,
    async () => {
      if (taskUri) history.push(await followTask(client, taskUri, deadline, session.log));
      following.uri = undefined;
      const outcome = await recover(session, history, deadline, following);
      const snapshot = await client.getInstanceSnapshot(inputs.instanceSnapshotId);
      const outs = restoreOutputs(outcome, history, snapshot, props);
      if (outcome === "restored" || outcome === "restored-after-retries") return outs;
      const last = history[history.length - 1];
      const why = outcome === "rolled-back" ? "the restore failed and was rolled back" : "the restore failed";
      const where = last?.failedTask
        ? ` (${last.action} task ${last.taskId} failed in ${last.failedTask})`
        : "";
      const next =
        outcome === "failed" && snapshot?.status === SNAPSHOT_STATUS.restoreError
          ? ": the snapshot is restore-error; set onFailure to retry or rollback and run up again to recover " +
            "it in place"
          : "";
      throw asPartialFailure(new ProviderError(`${why}${where}${next}`), id, outs, props);
    },
  );
}

/**
 * Applies `onFailure` until the restore succeeded or the policy is spent; returns the outcome. Each recovery
 * task's URI is in `following` while it runs.
 */
async function recover(
  session: Session,
  history: TaskResult[],
  deadline: number,
  following: { uri?: string },
): Promise<RestoreOutcome> {
  const { inputs, client } = session;
  const policy = inputs.onFailure ?? "fail";
  const follow = async (extra: Pick<RestoreAction, "retry" | "rollback">) => {
    following.uri = await client.restore(inputs.serverId, action(inputs, extra));
    history.push(await followTask(client, following.uri, deadline, session.log));
    following.uri = undefined;
    return history[history.length - 1];
  };
  let retries = 0;
  for (;;) {
    const snapshot = await requireSnapshot(session);
    const last = history[history.length - 1];
    if (last?.result === "SUCCESS" && snapshot.status === SNAPSHOT_STATUS.available) {
      return history.some((task) => task.action === "restore-retry") ? "restored-after-retries" : "restored";
    }
    if (snapshot.status !== SNAPSHOT_STATUS.restoreError) return "failed";
    const canRetry = policy === "retry" && retries < (inputs.maxRetries ?? 1);
    const rollback =
      policy === "rollback" || (policy === "retry" && !canRetry && inputs.afterRetries === "rollback");
    if (canRetry) {
      retries++;
      session.log.warn(
        `the restore failed (${last?.failedTask ?? "restore-error"}): retry ${retries} of ${inputs.maxRetries ?? 1}`,
      );
      await follow({ retry: true });
      continue;
    }
    if (!rollback) return "failed";
    session.log.warn("the restore failed: rolling back to the snapshots PowerVC took before it");
    const task = await follow({ rollback: true });
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

/** The deadline of a restore (retries and rollback included) or of a recovery, from now. */
function deadlineOf(inputs: InstanceRestoreInputs, operation: "create" | "update"): number {
  return instanceRestoreModel.deadline(operation, inputs.timeouts);
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
  runningTask?: string,
): Props {
  return outputsWithInputs(instanceRestoreDiffTable, inputs, {
    outcome,
    retries: history.filter((task) => task.action === "restore-retry").length,
    tasks: history.map((task) => ({ ...task })),
    runningTask: runningTask ?? null,
    restoredVolumes: Object.keys(snapshot?.snapshots ?? {}),
    tempSnapshots: snapshot?.temp_snapshots ?? null,
    failedSnapshots: snapshot?.failed_snapshots ?? null,
    snapshotStatus: snapshot?.status ?? null,
  });
}
