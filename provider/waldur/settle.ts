/**
 * Waiting for a Waldur object (a snapshot, a volume) to settle: OK in Waldur and ready in OpenStack. Waldur says
 * OK as soon as its own executor is done, while OpenStack may still be moving the object (`runtime_state`
 * `creating`, `restoring-backup`…), so OK with a moving runtime state is still pending, and OK with OpenStack's
 * `error` is a failure.
 */
import { ProviderError } from "../core/errors";
import type { Logger } from "../core/log";
import { waitFor } from "../core/waiter";
import { WALDUR_STATES } from "./api";

/** What a wait reads of a Waldur object. */
export interface WaldurObject {
  uuid: string;
  state: string;
  runtime_state?: string | null;
  error_message?: string | null;
}

/** How a wait for a Waldur object ended: the object as last seen, and why it failed unless it settled. */
export type Settled<T> = { ok: true; object: T } | { ok: false; object: T; error: ProviderError };

/** Waldur's state, except that OK with an OpenStack status still moving is not done yet (`OK_PENDING`). */
export function settledState(object: WaldurObject): string {
  const runtime = object.runtime_state;
  if (object.state === "OK" && runtime === "error") return "ERRED";
  if (object.state === "OK" && runtime && !["available", "in-use"].includes(runtime)) return "OK_PENDING";
  return object.state;
}

/** The state for a message: Waldur's, and OpenStack's where that is what is still moving. */
function describeState(object: WaldurObject): string {
  return settledState(object) === "OK_PENDING"
    ? `${object.state} (OpenStack: ${object.runtime_state})`
    : object.state;
}

/**
 * Waits until `object` (called `noun` in messages: "snapshot", "new volume") settles, reading it with `get`;
 * ERRED and the deadline (which the input `deadlineInput` sets) are failures, returned with the object as last
 * seen. An object that disappears meanwhile is an error.
 */
export async function waitUntilSettled<T extends WaldurObject>(spec: {
  noun: string;
  object: T;
  get: (uuid: string) => Promise<T | undefined>;
  deadline: number;
  deadlineInput: string;
  log: Logger;
}): Promise<Settled<T>> {
  const { noun, object } = spec;
  const outcome = await waitFor({
    subject: `${noun} ${object.uuid}`,
    initial: object,
    poll: async () => {
      const current = await spec.get(object.uuid);
      if (!current) throw new ProviderError(`${noun} ${object.uuid} disappeared from Waldur`);
      return current;
    },
    status: settledState,
    pending: [...WALDUR_STATES.transitional, "OK_PENDING"],
    target: WALDUR_STATES.ok,
    failure: WALDUR_STATES.erred,
    deadline: spec.deadline,
    log: spec.log.info,
  });
  const last = outcome.value ?? object;
  if (outcome.kind === "target") return { ok: true, object: last };
  const reason =
    outcome.kind === "failure"
      ? `the ${noun} is ERRED${last.error_message ? `: ${last.error_message}` : ""}`
      : `the ${noun} was still ${describeState(last)} at the deadline (${spec.deadlineInput})`;
  return { ok: false, object: last, error: new ProviderError(reason) };
}
