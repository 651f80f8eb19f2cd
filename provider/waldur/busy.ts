/**
 * Requests Waldur refuses while their object is busy. A change, restore or delete of a snapshot or volume that is
 * being created, updated or deleted (by this provider or anyone: a real server runs its update executor even for
 * a PATCH of `kept_until` alone) answers 409 `{"detail": "Valid states for operation: OK."}`.
 *
 * Such a request is sent again after pauses that grow (1 s, 2 s, 4 s, … up to 30 s) with jitter, so a busy object
 * costs a few requests a minute and many resources waiting on one object do not call in step. The last attempt
 * is made at the deadline; if that is refused too, the error names the object, the state it was last seen in, how
 * many requests were refused and for how long. An object that is ERRED fails at once: waiting does not make it OK.
 */
import { currentClock, jitterOf } from "../core/clock";
import { ProviderError } from "../core/errors";
import type { Logger } from "../core/log";
import { count } from "../core/messages";

/** One request that Waldur may refuse as busy, and how to look at its object. */
export interface BusyRequest<T> {
  /** The object, as messages name it: "snapshot 3df1…". */
  subject: string;
  /** Sends the request. */
  send: () => Promise<T>;
  /** The object's Waldur state now (normalised: `OK`, `UPDATING`, …), or undefined when it is gone. */
  state: () => Promise<string | undefined>;
  /** Absolute deadline, in the clock's ms. */
  deadline: number;
  /** The input that sets the deadline, for messages: "timeouts.update". */
  deadlineInput: string;
  log: Logger;
}

/** The pauses between attempts: the first, the growth factor, the longest, and the jitter (± a fraction). */
export const BUSY_PAUSES = { firstMs: 1_000, factor: 2, longestMs: 30_000, jitter: 0.2 } as const;

/** Sends `request`, again after growing pauses while Waldur answers 409, until it is accepted or the deadline. */
export async function sendWhenNotBusy<T>(request: BusyRequest<T>): Promise<T> {
  const clock = currentClock();
  const random = jitterOf(clock);
  const started = clock.now();
  let pause: number = BUSY_PAUSES.firstMs;
  for (let refused = 1; ; refused++) {
    try {
      return await request.send();
    } catch (error) {
      if (!ProviderError.isInstance(error) || error.status !== 409) throw error;
      const state = await request.state();
      if (state === undefined) throw new ProviderError(`${request.subject} disappeared while it was busy`);
      const answer = `409 "${error.serverMessage ?? "conflict"}"`;
      const remaining = request.deadline - clock.now();
      if (state === "ERRED" || remaining <= 0) {
        const why =
          state === "ERRED"
            ? `${request.subject} is ERRED, and Waldur answered ${answer}: it changes only an OK object`
            : `${request.subject} stayed busy: Waldur answered ${answer} to ${count(refused, "request")} over ` +
              `${seconds(clock.now() - started)}, the last time while it was ${state}; gave up at the ` +
              `deadline (${request.deadlineInput})`;
        const { status, serverMessage, requestId, request: sent } = error;
        throw new ProviderError(why, { status, serverMessage, requestId, request: sent, transient: true });
      }
      const wait = Math.min(remaining, Math.round(pause * (1 + BUSY_PAUSES.jitter * (2 * random() - 1))));
      request.log.info(`${request.subject} is busy (${state}; ${answer}): trying again in ${seconds(wait)}`);
      await clock.sleep(wait);
      pause = Math.min(pause * BUSY_PAUSES.factor, BUSY_PAUSES.longestMs);
    }
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
