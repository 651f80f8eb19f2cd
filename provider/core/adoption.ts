/**
 * Creating a remote object exactly once. Creates that start an operation (a restore, a backup, a snapshot) are
 * not idempotent and the APIs take no idempotency key, so each request carries the resource's marker (see
 * ./identity) where the API keeps text (a description), and the create looks for it:
 * - before sending, to adopt what an interrupted earlier attempt started;
 * - after a request whose outcome is unknown (the connection dropped), before sending it once more.
 * An object carrying the marker that already failed is never adopted: it is either the failed object this
 * create replaces, or a failed attempt the log names.
 */
import { ProviderError } from "./errors";
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
  try {
    return { object: await spec.start(), adopted: false };
  } catch (error) {
    if (!ProviderError.isInstance(error) || !error.ambiguous) throw error;
    const started = await findUsable(spec);
    if (started) {
      spec.log.info(`the request's answer was lost, but it started ${spec.describe(started)}: adopting it`);
      return { object: started, adopted: true };
    }
    spec.log.info("the request's answer was lost and it started nothing: sending it again");
    return { object: await spec.start(), adopted: false };
  }
}

async function findUsable<T>(spec: CreateOnceSpec<T>): Promise<T | undefined> {
  const marked = await spec.findMarked();
  for (const failed of marked.filter(spec.hasFailed)) {
    spec.log.info(`not adopting ${spec.describe(failed)}, which carries this resource's marker: it failed`);
  }
  return marked.find((object) => !spec.hasFailed(object));
}
