/**
 * Creating a remote object exactly once. Creates that start an operation (a restore, a backup, a snapshot) are
 * not idempotent and the APIs take no idempotency key, so each request carries the resource's marker (see
 * ./identity) where the API keeps text (a description), and the create looks for it:
 * - before sending, to adopt what an interrupted earlier attempt started;
 * - after a request whose outcome is unknown (the connection dropped, no answer in time), before sending it once
 *   more: at once and, since a slow server may act after the client gave up, twice more within seconds.
 * An object carrying the marker that already failed is never adopted: it is either the failed object this
 * create replaces, or a failed attempt the log names.
 *
 * Deleting once, likewise: a delete interrupted after the API accepted it is joined, not refused (see
 * {@link deleteOnce}).
 */
import { currentClock } from "./clock";
import { ProviderError } from "./errors";
import { DEFAULT_RETRY_POLICY } from "./http/http";
import type { Logger } from "./log";

/** How to find, judge, describe and start the objects of one create. */
export interface CreateOnceSpec<T> {
  /** The remote objects that carry this create's marker. */
  findMarked: () => Promise<T[]>;
  /** True for an object that ended in failure. */
  hasFailed: (object: T) => boolean;
  /** How log lines name an object: "restore 3df1… (executing)". */
  describe: (object: T) => string;
  /** Sends the create request. */
  start: () => Promise<T>;
  log: Logger;
}

/** The object an earlier attempt started, or a new one; never two. */
export async function createOnce<T>(spec: CreateOnceSpec<T>): Promise<{ object: T; adopted: boolean }> {
  const left = await findUsable(spec);
  if (left) {
    spec.log.info(`adopting ${spec.describe(left)}, started by an earlier attempt that was interrupted`);
    return { object: left, adopted: true };
  }
  return startOnce(spec);
}

/**
 * Sends the create request once more only when it certainly started nothing: after an answer that was lost (the
 * connection dropped, no answer in time), `findMarked` looks for what it may have started first. Answers lost one
 * after the other are dealt with the same way, as many times as the HTTP layer retries other transient failures.
 * For creates that check for an interrupted earlier attempt their own way before (see {@link createOnce}).
 */
export async function startOnce<T>(spec: CreateOnceSpec<T>): Promise<{ object: T; adopted: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { object: await spec.start(), adopted: false };
    } catch (error) {
      if (!ProviderError.isInstance(error) || !error.ambiguous) throw error;
      const started = await findAfterLostAnswer(spec).catch((lookError: unknown) => {
        // The lost answer is what the user must hear about: something may have started.
        spec.log.warn(
          `looking for what the request whose answer was lost started failed: ${String(lookError)}`,
        );
        throw error;
      });
      if (started) {
        spec.log.info(`the request's answer was lost, but it started ${spec.describe(started)}: adopting it`);
        return { object: started, adopted: true };
      }
      if (attempt >= DEFAULT_RETRY_POLICY.maxAttempts) throw error;
      spec.log.info(
        `the request's answer was lost and it started nothing within ${LOST_ANSWER_LOOKS_MS.at(-1)! / 1000}s: ` +
          "sending it again",
      );
    }
  }
}

/**
 * When to look for what a request whose answer was lost started, in ms after the loss: at once, and twice more
 * before sending it again, because a server may act on a request only after the client has given up on it (it
 * was slow rather than gone). A server slower than that still makes a second object; the log says which.
 */
export const LOST_ANSWER_LOOKS_MS = [0, 2_000, 5_000] as const;

async function findAfterLostAnswer<T>(spec: CreateOnceSpec<T>): Promise<T | undefined> {
  let waited = 0;
  for (const at of LOST_ANSWER_LOOKS_MS) {
    if (at > waited) await currentClock().sleep(at - waited);
    waited = at;
    const started = await findUsable(spec);
    if (started) return started;
  }
  return undefined;
}

async function findUsable<T>(spec: CreateOnceSpec<T>): Promise<T | undefined> {
  const marked = await spec.findMarked();
  for (const failed of marked.filter(spec.hasFailed)) {
    spec.log.info(`not adopting ${spec.describe(failed)}, which carries this resource's marker: it failed`);
  }
  return marked.find((object) => !spec.hasFailed(object));
}

/** How to delete an object once, joining the delete an interrupted attempt already started. */
export interface DeleteOnceSpec<T> {
  /** Sends the delete request. */
  send: () => Promise<T>;
  /** Reads the object again: true when it is being deleted already, or gone. */
  isDeleting: () => Promise<boolean>;
  /** How log lines name the object: "backup 3df1…". */
  subject: string;
  log: Logger;
}

/**
 * Sends a delete, or joins the one an earlier attempt started. When the API refuses the request as one for an
 * object in the wrong state (400 or 409) and the object turns out to be deleting already (the earlier attempt was
 * interrupted after the API accepted its delete), the caller waits for it to go instead of failing. Costs no
 * request when the delete is accepted.
 */
export async function deleteOnce<T>(
  spec: DeleteOnceSpec<T>,
): Promise<{ joined: false; answer: T } | { joined: true }> {
  try {
    return { joined: false, answer: await spec.send() };
  } catch (error) {
    if (!ProviderError.isInstance(error) || (error.status !== 400 && error.status !== 409)) throw error;
    if (!(await spec.isDeleting())) throw error;
    spec.log.info(
      `${spec.subject} is being deleted already (an earlier attempt was interrupted): waiting for it`,
    );
    return { joined: true };
  }
}
