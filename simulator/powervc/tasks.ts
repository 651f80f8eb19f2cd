import { type PowerVCTask, type PowerVCTaskAction } from "./models";
import { type AtomState, type FlowSpec, type TaskDetails } from "./taskflow";
import { transientDetailsAt } from "./transient-states";

const CINDER_TASKS = "powervc_cinder.volume.tasks.snapshots";

/**
 * The flow each action runs (the snapshot flow's names are those of the vendor's sample; the retry
 * controllers' are the simulator's).
 */
const FLOWS: Readonly<Record<PowerVCTaskAction, FlowSpec>> = {
  snapshot: {
    flow: "InstSnapshotFlow",
    tasks: ["creating_snapshot", `${CINDER_TASKS}.CreateSnapshot`, "updating_snapshots", "SnapshotDone"],
    failingTask: 1,
    retry: "retry_create_snapshot",
  },
  restore: {
    flow: "InstRestoreFlow",
    tasks: ["creating_temp_snapshots", `${CINDER_TASKS}.RestoreSnapshot`, "updating_restore", "RestoreDone"],
    failingTask: 1,
    retry: "retry_restore_snapshot",
  },
  "restore-retry": {
    flow: "InstRestoreRetryFlow",
    tasks: ["retrying_restore", `${CINDER_TASKS}.RestoreSnapshot`, "updating_restore", "RestoreDone"],
    failingTask: 1,
    retry: "retry_restore_snapshot",
  },
  "restore-rollback": {
    flow: "InstRestoreRollbackFlow",
    tasks: ["rolling_back", `${CINDER_TASKS}.RestoreTempSnapshot`, "updating_restore", "RollbackDone"],
    failingTask: 1,
    retry: "retry_restore_temp_snapshot",
  },
  delete: {
    flow: "InstSnapshotDeleteFlow",
    tasks: ["deleting_snapshots", `${CINDER_TASKS}.DeleteSnapshot`, "SnapshotDeleteDone"],
    failingTask: 1,
    retry: "retry_delete_snapshot",
  },
};

type Timing = Pick<PowerVCTask, "action" | "startedAt" | "durationMs">;

/** When a task ends (its outcome applies then). */
export function taskEndsAt(task: Pick<PowerVCTask, "startedAt" | "durationMs">): number {
  return task.startedAt + task.durationMs;
}

/** When the `index`-th step of a task's flow completes. */
export function stepEndsAt(task: Timing, index: number): number {
  return task.startedAt + (task.durationMs * (index + 1)) / FLOWS[task.action].tasks.length;
}

/** The name of the task of `action`'s flow that fails when the operation fails. */
function failingTaskName(action: PowerVCTaskAction): string {
  const spec = FLOWS[action];
  return spec.tasks[spec.failingTask] ?? "";
}

function statuses(names: readonly string[], status: AtomState): Record<string, AtomState> {
  return Object.fromEntries(names.map((name) => [name, status]));
}

/**
 * What `get_progress` reports for a task at time `now`; a task started with the behaviour's
 * `taskflowTransientStates` passes through more states (see `transient-states.ts`). Otherwise, while
 * it runs, its flow is `RUNNING`, the
 * steps whose share of the duration has passed are completed (`SUCCESS`), the next one is `RUNNING`
 * and the rest `PENDING`, and progress is the elapsed share (at most 99). Once it has ended: progress
 * 100, nothing pending, and either every step and the flow `SUCCESS`, or (failed outcome) the steps
 * before the failing one `SUCCESS`, the failing one and the flow `FAILURE`; a failing step never
 * completes before the end.
 */
export function taskDetailsAt(
  task: Timing & Pick<PowerVCTask, "outcome" | "transientStates">,
  now: number,
): TaskDetails {
  const spec = FLOWS[task.action];
  const failed = task.outcome !== "success";
  if (task.transientStates) return transientDetailsAt(spec, { ...task, failed }, now);
  if (now >= taskEndsAt(task)) {
    const done = failed ? spec.tasks.slice(0, spec.failingTask) : spec.tasks;
    const failure = failed ? statuses([failingTaskName(task.action)], "FAILURE") : {};
    return {
      progress: 100,
      flow_details: { [spec.flow]: failed ? "FAILURE" : "SUCCESS" },
      completed_tasks: { ...statuses(done, "SUCCESS"), ...failure },
      pending_tasks: {},
    };
  }
  const passed = spec.tasks.filter((_, index) => now >= stepEndsAt(task, index)).length;
  const completed = failed ? Math.min(passed, spec.failingTask) : passed;
  const [running = "", ...pending] = spec.tasks.slice(completed);
  return {
    progress: Math.min(99, elapsedPercent(task, now)),
    flow_details: { [spec.flow]: "RUNNING" },
    completed_tasks: statuses(spec.tasks.slice(0, completed), "SUCCESS"),
    pending_tasks: { [running]: "RUNNING", ...statuses(pending, "PENDING") },
  };
}

/** The share of a task's duration elapsed at `now`, in whole percent (0 to 100). */
export function elapsedPercent(task: Pick<PowerVCTask, "startedAt" | "durationMs">, now: number): number {
  if (task.durationMs <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor(((now - task.startedAt) / task.durationMs) * 100)));
}
