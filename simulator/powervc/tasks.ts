import { type PowerVCTask, type PowerVCTaskAction } from "./models";

/** A flow status in `flow_details`, and a task status in `completed_tasks` / `pending_tasks`. */
export type FlowStatus = "PENDING" | "RUNNING" | "SUCCESS" | "FAILURE";

/** The `details` of a `get_progress` answer. */
export interface TaskDetails {
  /** 0 to 100; 100 once the task has ended, failed or not. */
  readonly progress: number;
  readonly flow_details: Readonly<Record<string, FlowStatus>>;
  readonly completed_tasks: Readonly<Record<string, FlowStatus>>;
  readonly pending_tasks: Readonly<Record<string, FlowStatus>>;
}

interface FlowSpec {
  /** The flow's name in `flow_details`. */
  readonly flow: string;
  /** Its tasks in order; each completes when the operation has run its share of the duration. */
  readonly tasks: readonly string[];
  /** Index of the task that fails when the operation's outcome is a failure. */
  readonly failingTask: number;
}

const CINDER_TASKS = "powervc_cinder.volume.tasks.snapshots";

/** The flow each action runs (the snapshot flow's names are those of the vendor's sample). */
const FLOWS: Readonly<Record<PowerVCTaskAction, FlowSpec>> = {
  snapshot: {
    flow: "InstSnapshotFlow",
    tasks: ["creating_snapshot", `${CINDER_TASKS}.CreateSnapshot`, "updating_snapshots", "SnapshotDone"],
    failingTask: 1,
  },
  restore: {
    flow: "InstRestoreFlow",
    tasks: ["creating_temp_snapshots", `${CINDER_TASKS}.RestoreSnapshot`, "updating_restore", "RestoreDone"],
    failingTask: 1,
  },
  "restore-retry": {
    flow: "InstRestoreRetryFlow",
    tasks: ["retrying_restore", `${CINDER_TASKS}.RestoreSnapshot`, "updating_restore", "RestoreDone"],
    failingTask: 1,
  },
  "restore-rollback": {
    flow: "InstRestoreRollbackFlow",
    tasks: ["rolling_back", `${CINDER_TASKS}.RestoreTempSnapshot`, "updating_restore", "RollbackDone"],
    failingTask: 1,
  },
  delete: {
    flow: "InstSnapshotDeleteFlow",
    tasks: ["deleting_snapshots", `${CINDER_TASKS}.DeleteSnapshot`, "SnapshotDeleteDone"],
    failingTask: 1,
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

function statuses(names: readonly string[], status: FlowStatus): Record<string, FlowStatus> {
  return Object.fromEntries(names.map((name) => [name, status]));
}

/**
 * What `get_progress` reports for a task at time `now`. While it runs, its flow is `RUNNING`, the
 * steps whose share of the duration has passed are completed (`SUCCESS`), the next one is `RUNNING`
 * and the rest `PENDING`, and progress is the elapsed share (at most 99). Once it has ended: progress
 * 100, nothing pending, and either every step and the flow `SUCCESS`, or (failed outcome) the steps
 * before the failing one `SUCCESS`, the failing one and the flow `FAILURE`; a failing step never
 * completes before the end.
 */
export function taskDetailsAt(task: Timing & Pick<PowerVCTask, "outcome">, now: number): TaskDetails {
  const spec = FLOWS[task.action];
  const failed = task.outcome !== "success";
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
