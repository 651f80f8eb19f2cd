/**
 * Preview-time lookups that switch to one list request when a process makes many of them.
 *
 * The Pulumi engine calls Check one resource at a time (pulumi/pulumi#3302), so a check that reads its object
 * from the API costs a round trip per resource, one after the other: a hundred restores, two reads each, at 50 ms
 * add ten seconds to every preview and every `up`. A small stack never lists: the first lookups return nothing
 * and the caller reads its object individually. After them, one request reads the whole list, and later lookups
 * are answered from it while it is fresh.
 *
 * What callers must keep to: a listed object may only let a check pass. One the list lacks, or shows in a state
 * that would fail the check, is read individually, so every refusal describes the object's current state. A list
 * that cannot be read (an older server, a fault) switches listing off for the lookup's life; checks go on as
 * before.
 */
import { currentClock } from "./clock";

/** When a {@link BulkLookup} lists, and for how long a list answers. */
export interface BulkLookupPolicy {
  /** Lookups answered individually (undefined) before the first list. */
  individually: number;
  /** Age at which a list is read again, ms. */
  maxAgeMs: number;
}

/**
 * Four individual lookups, then lists no older than 30 seconds: a list costs about what one read costs, and the
 * Pulumi engine generates a step per resource in milliseconds once checks stop waiting on the network.
 */
export const BULK_LOOKUP_POLICY: BulkLookupPolicy = { individually: 4, maxAgeMs: 30_000 };

/** Lookups of objects by id in one list (one per project and kind of object). */
export class BulkLookup<T> {
  private lookups = 0;
  /** The latest list, pending or read, and when it was asked for (on the provider's clock). */
  private listing?: { at: number; items: Promise<ReadonlyMap<string, T> | undefined> };
  private listingFailed = false;

  constructor(
    private readonly idOf: (item: T) => string,
    private readonly policy: BulkLookupPolicy = BULK_LOOKUP_POLICY,
  ) {}

  /**
   * The object with `id` as a fresh list shows it, or undefined: while lookups are still few, when the list lacks
   * it, or when no list can be read. `list` reads the whole list (the caller's client, so its log and its
   * retries apply).
   */
  async find(id: string, list: () => Promise<T[]>): Promise<T | undefined> {
    return (await this.freshList(list))?.get(id);
  }

  /**
   * Whether a fresh list holds `id` (false: a complete list lacks it), or undefined while lookups are still few
   * or no list can be read. `list` must read the whole list, every page: absence is read as "does not exist".
   */
  async has(id: string, list: () => Promise<T[]>): Promise<boolean | undefined> {
    return (await this.freshList(list))?.has(id);
  }

  private async freshList(list: () => Promise<T[]>): Promise<ReadonlyMap<string, T> | undefined> {
    this.lookups++;
    if (this.listingFailed || this.lookups <= this.policy.individually) return undefined;
    const now = currentClock().now();
    let listing = this.listing;
    // A clock that went back (a test's simulated clock) makes the list stale too.
    if (!listing || !(now >= listing.at && now - listing.at < this.policy.maxAgeMs)) {
      listing = { at: now, items: this.read(list) };
      this.listing = listing;
    }
    return listing.items;
  }

  private async read(list: () => Promise<T[]>): Promise<ReadonlyMap<string, T> | undefined> {
    try {
      return new Map((await list()).map((item) => [this.idOf(item), item]));
    } catch {
      this.listingFailed = true;
      return undefined;
    }
  }
}

/**
 * The object a check judges: `listed` when the check would let it through, otherwise `read()` now, so a refusal
 * never rests on a list that may be up to {@link BulkLookupPolicy.maxAgeMs} old.
 */
export async function objectToCheck<T>(
  listed: T | undefined,
  passes: (item: T) => boolean,
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  return listed !== undefined && passes(listed) ? listed : read();
}

/**
 * Lookups of one kind of object, one {@link BulkLookup} per owner (a resolved connection: one per project and
 * credentials in a process; connections are resolved once per distinct input, so every resource on the same cloud
 * shares one): the returned function finds `id` in `owner`'s list, which `list` reads.
 */
export function bulkLookups<T>(
  idOf: (item: T) => string,
): (owner: object, id: string, list: () => Promise<T[]>) => Promise<T | undefined> {
  const lookupOf = lookupsByOwner(idOf);
  return (owner, id, list) => lookupOf(owner).find(id, list);
}

/**
 * As {@link bulkLookups}, asking only whether `id` exists (see {@link BulkLookup.has}): for checks that pass when
 * an object is gone. A list that holds the object is no proof it still exists: read it individually then.
 */
export function bulkPresence<T>(
  idOf: (item: T) => string,
): (owner: object, id: string, list: () => Promise<T[]>) => Promise<boolean | undefined> {
  const lookupOf = lookupsByOwner(idOf);
  return (owner, id, list) => lookupOf(owner).has(id, list);
}

function lookupsByOwner<T>(idOf: (item: T) => string): (owner: object) => BulkLookup<T> {
  const byOwner = new WeakMap<object, BulkLookup<T>>();
  return (owner) => {
    let lookup = byOwner.get(owner);
    if (!lookup) {
      lookup = new BulkLookup(idOf);
      byOwner.set(owner, lookup);
    }
    return lookup;
  };
}
