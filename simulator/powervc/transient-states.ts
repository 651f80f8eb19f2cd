/**
 * What `get_progress` reports for a task run with the behaviour's `taskflowTransientStates`: the states a real
 * TaskFlow flow passes through besides `RUNNING`, on the same step timing as the plain report (`tasks.ts`).
 */
import { type AtomState, type FlowSpec, type FlowState, isSettled, type TaskDetails } from "./taskflow";

/** What the timeline needs of a task. */
export interface TransientTiming {
  readonly startedAt: number;
  readonly durationMs: number;
  /** Whether the task's outcome is a failure. */
  readonly failed: boolean;
}

/** Share of the first step during which the accepted flow still waits for an engine (`PENDING`). */
const PENDING_SHARE = 0.2;

/** Where, in a step's share of the duration, an interruption of it starts, turns, and ends. */
const INTERRUPTION = { start: 1 / 3, turn: 1 / 2, end: 2 / 3 } as const;

/** The states of one moment: the flow's, each atom's, and the time progress is computed at. */
interface Moment {
  flow: FlowState;
  readonly atoms: Map<string, AtomState>;
  /** Elapsed time progress reports; it stands still while the flow retries, is suspended or reverts. */
  progressAt: number;
}

function details(spec: FlowSpec, moment: Moment, progress: number): TaskDetails {
  const entries = [...moment.atoms];
  return {
    progress,
    flow_details: { [spec.flow]: moment.flow },
    completed_tasks: Object.fromEntries(entries.filter(([, state]) => isSettled(state))),
    pending_tasks: Object.fromEntries(entries.filter(([, state]) => !isSettled(state))),
  };
}

/** The flow's atoms in the order they run: the failing task's subflow starts with its retry controller. */
function atomsOf(spec: FlowSpec): string[] {
  return [...spec.tasks.slice(0, spec.failingTask), spec.retry, ...spec.tasks.slice(spec.failingTask)];
}

/**
 * The last part of a failed task: the failing task's second attempt has failed too, and the atoms that ran are
 * reverted one after another in reverse order, each `REVERTING` for an equal share of the time left, while the
 * flow stays `RUNNING`.
 */
function reverting(spec: FlowSpec, moment: Moment, elapsed: number, from: number, durationMs: number): void {
  const { tasks, failingTask, retry } = spec;
  const order = [tasks[failingTask] ?? "", retry, ...tasks.slice(0, failingTask).reverse()];
  const slot = (durationMs - from) / order.length;
  const current = Math.min(order.length - 1, Math.floor((elapsed - from) / slot));
  for (const [index, name] of order.entries()) {
    moment.atoms.set(name, index < current ? "REVERTED" : index === current ? "REVERTING" : "SUCCESS");
  }
  moment.progressAt = from;
}

/**
 * The moment `elapsed` ms into a task that has not ended. Steps run one after another, each for its share of
 * the duration, the failing task's subflow starting with its retry controller (`SUCCESS` at once). A third into
 * the failing task's step its first attempt fails: the task is `REVERTING`, then `REVERTED` while the retry
 * controller is `RETRYING`, then runs again from two thirds on. A task that will succeed then has its service
 * restarted a third into the next step: the flow is `RESUMING`, then `SUSPENDED`, and runs on from two thirds.
 * A task that will fail reverts from the end of the failing task's step on (see {@link reverting}); the tasks
 * after it never run.
 */
function runningMoment(spec: FlowSpec, task: TransientTiming, elapsed: number): Moment {
  const { tasks, failingTask, retry } = spec;
  const step = task.durationMs / tasks.length;
  const at = (index: number, share: number) => step * (index + share);
  const moment: Moment = {
    flow: "RUNNING",
    atoms: new Map(atomsOf(spec).map((name) => [name, "PENDING"])),
    progressAt: elapsed,
  };
  if (task.failed && elapsed >= at(failingTask, 1)) {
    reverting(spec, moment, elapsed, at(failingTask, 1), task.durationMs);
    return moment;
  }
  const current = Math.min(tasks.length - 1, Math.floor(elapsed / step));
  for (const [index, name] of tasks.entries()) {
    if (index < current) moment.atoms.set(name, "SUCCESS");
    if (index === current) moment.atoms.set(name, "RUNNING");
  }
  if (current >= failingTask) moment.atoms.set(retry, "SUCCESS");
  const into = (elapsed - at(current, 0)) / step;
  if (into < INTERRUPTION.start || into >= INTERRUPTION.end) return moment;
  const first = into < INTERRUPTION.turn;
  const name = tasks[current] ?? "";
  if (current === failingTask) {
    moment.atoms.set(name, first ? "REVERTING" : "REVERTED");
    if (!first) moment.atoms.set(retry, "RETRYING");
    moment.progressAt = at(current, INTERRUPTION.start);
  } else if (current === failingTask + 1 && !task.failed) {
    moment.flow = first ? "RESUMING" : "SUSPENDED";
    moment.progressAt = at(current, INTERRUPTION.start);
  }
  return moment;
}

/**
 * What `get_progress` reports at `now` for a task run with transient states. While it runs: `PENDING` (flow and
 * every atom, progress 0) for the first fifth of the first step, then `RUNNING` through the moments of
 * {@link runningMoment}, progress being the elapsed share (at most 99) standing still while the flow retries, is
 * suspended or reverts. Once it has ended: progress 100, nothing pending, and either every atom and the flow
 * `SUCCESS`, or every atom that ran and the flow `REVERTED`.
 */
export function transientDetailsAt(spec: FlowSpec, task: TransientTiming, now: number): TaskDetails {
  const elapsed = now - task.startedAt;
  const atoms = atomsOf(spec);
  if (elapsed >= task.durationMs) {
    const ran = task.failed ? atoms.slice(0, atoms.indexOf(spec.retry) + 2) : atoms;
    const state = task.failed ? "REVERTED" : "SUCCESS";
    return details(
      spec,
      { flow: state, atoms: new Map(ran.map((name) => [name, state])), progressAt: 0 },
      100,
    );
  }
  if (elapsed < (task.durationMs / spec.tasks.length) * PENDING_SHARE) {
    const pending: Moment = {
      flow: "PENDING",
      atoms: new Map(atoms.map((n) => [n, "PENDING"])),
      progressAt: 0,
    };
    return details(spec, pending, 0);
  }
  const moment = runningMoment(spec, task, elapsed);
  const percent = Math.floor((Math.max(0, moment.progressAt) / task.durationMs) * 100);
  return details(spec, moment, Math.min(99, percent));
}
