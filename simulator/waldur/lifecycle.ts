/**
 * The state machine of volumes and snapshots. An operation is a {@link WaldurTransition}: timed steps
 * (`CREATION_SCHEDULED` then `CREATING`, ...) and an end. Nothing runs on timers: {@link advance}
 * computes where a resource stands from the clock whenever it is read.
 */
import {
  type WaldurCreateOutcome,
  type WaldurOrder,
  type WaldurOrderState,
  type WaldurOrderSteps,
  type WaldurResource,
  type WaldurResourceState,
  type WaldurTransition,
  type WaldurTransitionStep,
} from "./models";

/** Share of an operation's duration spent in its `*_SCHEDULED` state. */
const SCHEDULED_SHARE = 0.25;

function twoSteps(
  start: number,
  durationMs: number,
  scheduled: Omit<WaldurTransitionStep, "until">,
  running: Omit<WaldurTransitionStep, "until">,
): WaldurTransitionStep[] {
  return [
    { ...scheduled, until: start + durationMs * SCHEDULED_SHARE },
    { ...running, until: start + durationMs },
  ];
}

/**
 * A creation from `start`: `CREATION_SCHEDULED`, `CREATING`, then `OK` (`available`) or `ERRED` (`error`).
 */
export function creation(
  start: number,
  durationMs: number,
  outcome: WaldurCreateOutcome,
  defaultError: string,
): WaldurTransition {
  return {
    steps: twoSteps(
      start,
      durationMs,
      { state: "CREATION_SCHEDULED", runtimeState: "" },
      { state: "CREATING", runtimeState: "creating" },
    ),
    end:
      outcome === "OK"
        ? { state: "OK", runtimeState: "available", errorMessage: "" }
        : { state: "ERRED", runtimeState: "error", errorMessage: outcome.errorMessage ?? defaultError },
  };
}

/** A name/description change from `start`: `UPDATE_SCHEDULED`, `UPDATING`, then `OK`. */
export function update(start: number, durationMs: number): WaldurTransition {
  return {
    steps: twoSteps(start, durationMs, { state: "UPDATE_SCHEDULED" }, { state: "UPDATING" }),
    end: { state: "OK" },
  };
}

/** A deletion from `start`: `DELETION_SCHEDULED`, `DELETING` (`deleting`), then gone. */
export function deletion(start: number, durationMs: number): WaldurTransition {
  return {
    steps: twoSteps(
      start,
      durationMs,
      { state: "DELETION_SCHEDULED" },
      { state: "DELETING", runtimeState: "deleting" },
    ),
    end: "gone",
  };
}

/** A resource held in `state` until `until`, then back to `OK` (`makeBusy`). */
export function busy(state: WaldurResourceState, until: number): WaldurTransition {
  return { steps: [{ state, until }], end: { state: "OK" } };
}

function enter(
  resource: WaldurResource,
  target: {
    readonly state: WaldurResourceState;
    readonly runtimeState?: string;
    readonly errorMessage?: string;
  },
  at: number,
): void {
  if (resource.state !== target.state) resource.modifiedAt = Math.max(resource.modifiedAt, at);
  resource.state = target.state;
  if (target.runtimeState !== undefined) resource.runtimeState = target.runtimeState;
  if (target.errorMessage !== undefined) resource.errorMessage = target.errorMessage;
}

/**
 * Starts an operation at `at`: the resource takes the first step's state at once (what the answer to
 * the request shows, even for a zero duration: the next read finishes it).
 */
export function begin(resource: WaldurResource, transition: WaldurTransition, at: number): void {
  resource.transition = transition;
  const [first] = transition.steps;
  if (first !== undefined) enter(resource, first, at);
}

/**
 * Brings a resource to where its operation stands at `now`. Returns false when the operation has
 * deleted it (the caller drops it).
 */
export function advance(resource: WaldurResource, now: number): boolean {
  const transition = resource.transition;
  if (transition === null) return true;
  const index = transition.steps.findIndex((step) => now < step.until);
  const began = (i: number) => transition.steps[i - 1]?.until ?? resource.modifiedAt;
  const step = transition.steps[index];
  if (step !== undefined) {
    enter(resource, step, began(index));
    return true;
  }
  resource.transition = null;
  if (transition.end === "gone") return false;
  enter(resource, transition.end, began(transition.steps.length));
  return true;
}

/** Every running state of a marketplace order, in order. */
const RUNNING_ORDER_STATES: readonly WaldurOrderState[] = [
  "pending-project",
  "pending-consumer",
  "pending-provider",
  "executing",
];

/**
 * The running states of a new terminate order: `pending-project` (when `pendingProject`, as late-2024
 * servers do), `pending-consumer`, `pending-provider`, `executing`.
 */
export function orderSteps(pendingProject: boolean): WaldurOrderSteps {
  return pendingProject
    ? ["pending-project", "pending-consumer", "pending-provider", "executing"]
    : ["pending-consumer", "pending-provider", "executing"];
}

/** Whether an order has ended (`done`, `erred`, `rejected`, `canceled`). */
export function isOrderFinished(order: Pick<WaldurOrder, "state">): boolean {
  return !RUNNING_ORDER_STATES.includes(order.state);
}

/**
 * Brings an unfinished order to where it stands at `now`: each of its steps for an equal share of its
 * duration, then its decided outcome. Returns true when this call finished it.
 */
export function advanceOrder(order: WaldurOrder, now: number): boolean {
  if (isOrderFinished(order)) return false;
  const end = order.createdAt + order.durationMs;
  if (now < end) {
    const { steps } = order;
    // multiplied before dividing: exact at whole-ms step boundaries
    const index = Math.floor(((now - order.createdAt) * steps.length) / order.durationMs);
    order.state = steps[Math.min(steps.length - 1, index)] ?? steps[0];
    return false;
  }
  order.completedAt = end;
  if (order.outcome === "done") {
    order.state = "done";
  } else {
    order.state = order.outcome.state;
    order.errorMessage = order.outcome.errorMessage ?? `Order ${order.outcome.state} (simulated).`;
  }
  return true;
}
