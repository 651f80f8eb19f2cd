/**
 * Following a PowerVC task (`get_progress`) with the shared waiter. A task is done when its progress is 100,
 * nothing is pending and every flow is `SUCCESS`; a flow that ends in anything else is a failure, named by the
 * task that failed.
 */
import { ProviderError } from "../core/errors";
import type { Logger } from "../core/log";
import { waitFor } from "../core/waiter";
import type { TaskDetails } from "./api";
import { taskIdOf, type PowerVCClient } from "./client";

/** How a task ended. */
export interface TaskResult {
  /** The task's action (`snapshot`, `restore`, `restore-retry`, `restore-rollback`, `delete`). */
  action: string;
  taskId: string;
  result: "SUCCESS" | "FAILURE" | "TIMEOUT";
  /** The task that failed, when one did. */
  failedTask: string | null;
  progress: number;
}

const RUNNING = "RUNNING";

/** Follows a task to its end or the deadline; never throws for the task's own outcome. */
export async function followTask(
  client: PowerVCClient,
  taskUri: string,
  deadline: number,
  log: Logger,
): Promise<TaskResult> {
  const action = new URL(taskUri, "https://powervc.invalid").searchParams.get("action") ?? "task";
  const taskId = taskIdOf(taskUri);
  const outcome = await waitFor({
    subject: `${action} task ${taskId}`,
    poll: () => client.taskProgress(taskUri),
    status: taskStatus,
    pending: [RUNNING],
    target: ["SUCCESS"],
    failure: ["FAILURE"],
    progress: (details) => ({ percent: details.progress, message: pendingSummary(details) }),
    deadline,
    log: log.info,
  });
  const details = outcome.value;
  return {
    action,
    taskId,
    result: outcome.kind === "target" ? "SUCCESS" : outcome.kind === "failure" ? "FAILURE" : "TIMEOUT",
    failedTask: details ? failedTaskOf(details) : null,
    progress: details?.progress ?? 0,
  };
}

/** A ProviderError describing a task that did not succeed. */
export function taskError(what: string, task: TaskResult): ProviderError {
  if (task.result === "TIMEOUT") {
    return new ProviderError(
      `${what}: ${task.action} task ${task.taskId} did not finish before the deadline (${task.progress}%)`,
    );
  }
  return new ProviderError(
    `${what}: ${task.action} task ${task.taskId} failed${task.failedTask ? ` in ${task.failedTask}` : ""}`,
  );
}

/**
 * TaskFlow's states in which a flow or task has ended without success. Every other state (PENDING, SCHEDULED,
 * WAITING, RUNNING, RETRYING, REVERTING, SUSPENDED, RESUMING, …) is one it passes through: a retrying or
 * reverting flow may still end either way.
 */
export const FAILED_FLOW_STATES: readonly string[] = ["FAILURE", "REVERTED", "REVERT_FAILURE"];

/** SUCCESS when progress is 100, nothing is pending and every flow succeeded; FAILURE when a flow ended otherwise. */
export function taskStatus(details: TaskDetails): string {
  const flows = Object.values(details.flow_details ?? {});
  if (flows.some((state) => FAILED_FLOW_STATES.includes(state))) return "FAILURE";
  const pending = Object.keys(details.pending_tasks ?? {}).length;
  if (details.progress >= 100 && pending === 0 && flows.every((state) => state === "SUCCESS"))
    return "SUCCESS";
  return RUNNING;
}

function failedTaskOf(details: TaskDetails): string | null {
  const failed = Object.entries({ ...details.completed_tasks, ...details.pending_tasks }).find(([, state]) =>
    FAILED_FLOW_STATES.includes(state),
  );
  if (failed) return failed[0];
  const flow = Object.entries(details.flow_details ?? {}).find(([, state]) =>
    FAILED_FLOW_STATES.includes(state),
  );
  return flow ? flow[0] : null;
}

function pendingSummary(details: TaskDetails): string | undefined {
  const running = Object.entries(details.pending_tasks ?? {}).find(([, state]) => state === RUNNING);
  return running?.[0];
}
