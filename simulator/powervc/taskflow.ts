/**
 * OpenStack TaskFlow's vocabulary as PowerVC's `get_progress` reports it: each flow's state in `flow_details`,
 * each atom's (a task's or a retry controller's) in `completed_tasks` / `pending_tasks`. The names are those of
 * `taskflow/states.py`; the engine's own states (SCHEDULING, WAITING, ANALYZING) are not stored with a flow and
 * never appear, and TaskFlow has no `SCHEDULED`.
 */

/**
 * A flow's state. It starts `PENDING`, runs `RUNNING`, may be suspended (`SUSPENDING`, `SUSPENDED`) or reloaded
 * after a restart (`RESUMING`, then `SUSPENDED`) and run on, and ends `SUCCESS`, `REVERTED` (failed, then
 * reverted) or `FAILURE` (failed, and could not be reverted). `REVERTING` is declared too, but only TaskFlow
 * before 0.2 set it on a flow: current TaskFlow keeps a flow `RUNNING` while its atoms revert.
 */
export type FlowState =
  | "PENDING"
  | "RUNNING"
  | "REVERTING"
  | "SUCCESS"
  | "FAILURE"
  | "REVERTED"
  | "SUSPENDING"
  | "SUSPENDED"
  | "RESUMING";

/**
 * An atom's state. A task goes `PENDING`, `RUNNING`, `SUCCESS` or `FAILURE`; reverted, `REVERTING` then
 * `REVERTED` (or `REVERT_FAILURE`, terminal); `IGNORE` when skipped. Only a retry controller is ever
 * `RETRYING`: between a failed, reverted attempt of its subflow and the next one.
 */
export type AtomState =
  | "PENDING"
  | "RUNNING"
  | "SUCCESS"
  | "FAILURE"
  | "REVERTING"
  | "REVERTED"
  | "REVERT_FAILURE"
  | "RETRYING"
  | "IGNORE";

/** Every flow state, in `taskflow/states.py` order. */
export const TASKFLOW_FLOW_STATES: readonly FlowState[] = [
  "FAILURE",
  "PENDING",
  "REVERTING",
  "REVERTED",
  "RUNNING",
  "SUCCESS",
  "SUSPENDING",
  "SUSPENDED",
  "RESUMING",
];

/** Every atom state (tasks and retry controllers), in `taskflow/states.py` order. */
export const TASKFLOW_ATOM_STATES: readonly AtomState[] = [
  "FAILURE",
  "PENDING",
  "REVERTED",
  "REVERTING",
  "SUCCESS",
  "RUNNING",
  "RETRYING",
  "IGNORE",
  "REVERT_FAILURE",
];

/** The flow states a flow ends in: `SUCCESS`, or a failure, `REVERTED` or `FAILURE`. */
export const TASKFLOW_FINAL_FLOW_STATES: readonly FlowState[] = ["SUCCESS", "REVERTED", "FAILURE"];

/** Atom states of an atom that is not working now: listed in `completed_tasks`, the others in `pending_tasks`. */
const SETTLED_ATOM_STATES: readonly AtomState[] = [
  "SUCCESS",
  "FAILURE",
  "REVERTED",
  "REVERT_FAILURE",
  "IGNORE",
];

/** Whether `get_progress` lists an atom in this state under `completed_tasks` (else under `pending_tasks`). */
export function isSettled(state: AtomState): boolean {
  return SETTLED_ATOM_STATES.includes(state);
}

/** The `details` of a `get_progress` answer. */
export interface TaskDetails {
  /** 0 to 100; 100 once the task has ended, failed or not. */
  readonly progress: number;
  readonly flow_details: Readonly<Record<string, FlowState>>;
  readonly completed_tasks: Readonly<Record<string, AtomState>>;
  readonly pending_tasks: Readonly<Record<string, AtomState>>;
}

/** The flow an action runs. */
export interface FlowSpec {
  /** The flow's name in `flow_details`. */
  readonly flow: string;
  /** Its tasks in order; each completes when the operation has run its share of the duration. */
  readonly tasks: readonly string[];
  /** Index of the task that fails when the operation's outcome is a failure. */
  readonly failingTask: number;
  /**
   * The retry controller of the failing task's subflow. It is reported only with the behaviour's
   * `taskflowTransientStates` (the vendor's sample shows none; the name is the simulator's).
   */
  readonly retry: string;
}
