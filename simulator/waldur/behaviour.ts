import {
  checkBehaviourFields,
  durationCheck as duration,
  failCheck as fail,
  type FieldCheck as Checker,
  flagCheck as flag,
} from "../core/behaviour-checks";
import { isRecord } from "../core/guards";
import { type WaldurCreateOutcome, type WaldurOrderOutcome } from "./models";

/** How the simulated Waldur behaves; change it with `sim.waldur.setBehaviour(...)`. */
export interface WaldurBehaviour {
  /**
   * Send states as servers before late 2024 did (`Creation Scheduled`, `Erred`, ...) instead of the
   * current `CREATION_SCHEDULED`, `ERRED`, ... (default false).
   */
  readonly legacyStateNames: boolean;
  /** How long a snapshot takes to create (`CREATION_SCHEDULED`, `CREATING`), clock ms (default 2000). */
  readonly snapshotCreateMs: number;
  /** How long a volume restored from a snapshot takes to create (default 3000). */
  readonly volumeCreateMs: number;
  /**
   * How long an update takes (`UPDATE_SCHEDULED`, `UPDATING`): a name/description change, or any
   * snapshot PUT/PATCH with `patchAlwaysUpdates` (default 1000).
   */
  readonly updateMs: number;
  /** How long a deletion takes (`DELETION_SCHEDULED`, `DELETING`, then gone) (default 1000). */
  readonly deleteMs: number;
  /**
   * How long a marketplace order takes from its first state (`pending-consumer`, or `pending-project`)
   * to its end, its running states taking equal shares (default 1500).
   */
  readonly orderMs: number;
  /** Outcomes consumed in order by the next snapshot creations; when empty, they end `OK`. */
  readonly snapshotOutcomes: readonly WaldurCreateOutcome[];
  /** Outcomes consumed in order by the next volumes restored from snapshots; when empty, `OK`. */
  readonly volumeOutcomes: readonly WaldurCreateOutcome[];
  /**
   * Whether a volume made by a restore gets a marketplace resource (default true). Without one it
   * has no `marketplace_resource_uuid` and cannot be deleted through the API.
   */
  readonly restoredVolumesInMarketplace: boolean;
  /** Outcomes consumed in order by the next terminate orders; when empty, they end `done`. */
  readonly orderOutcomes: readonly WaldurOrderOutcome[];
  /**
   * Whether terminate orders start in `pending-project`, before `pending-consumer`, `pending-provider`
   * and `executing` (default false), as late-2024 servers' orders do.
   */
  readonly ordersPendingProject: boolean;
  /**
   * Whether every accepted PUT or PATCH of a snapshot runs Waldur's update executor (default false):
   * `UPDATE_SCHEDULED`, `UPDATING`, then `OK` over `updateMs`, even for a change of `metadata` or
   * `kept_until` alone, or of nothing, as late-2024 servers do. Otherwise only a name or description
   * change does.
   */
  readonly patchAlwaysUpdates: boolean;
  /**
   * Whether restoration records (`/restorations/` and a snapshot's `restorations`) carry a
   * `description` (default true). Late-2024 servers send none: the restore request's `description` is
   * then only on the new volume.
   */
  readonly restorationDescriptions: boolean;
  /**
   * Whether the server has snapshot schedules (default true). Waldur releases since their removal (the
   * `0046_remove_snapshot_schedule` migration) answer 404 `Not found.` at `/api/openstack-snapshot-schedules/`.
   */
  readonly snapshotSchedules: boolean;
  /**
   * How often the job deleting snapshots past their `kept_until` runs, clock ms (default 5 minutes;
   * `Infinity`: never). It runs lazily, at the first request after each due time.
   */
  readonly expiryIntervalMs: number;
  /** Page size of lists without `page_size` (default 10). */
  readonly defaultPageSize: number;
  /** A token expires after this long without use, clock ms (default 1 hour; `Infinity`: never). */
  readonly tokenIdleTimeoutMs: number;
}

/** The default behaviour. */
export const DEFAULT_WALDUR_BEHAVIOUR: WaldurBehaviour = {
  legacyStateNames: false,
  snapshotCreateMs: 2000,
  volumeCreateMs: 3000,
  updateMs: 1000,
  deleteMs: 1000,
  orderMs: 1500,
  snapshotOutcomes: [],
  volumeOutcomes: [],
  restoredVolumesInMarketplace: true,
  orderOutcomes: [],
  ordersPendingProject: false,
  patchAlwaysUpdates: false,
  restorationDescriptions: true,
  snapshotSchedules: true,
  expiryIntervalMs: 5 * 60 * 1000,
  defaultPageSize: 10,
  tokenIdleTimeoutMs: 60 * 60 * 1000,
};

/**
 * What a real waldur-mastermind (develop, late 2024) was seen to do where it differs from the
 * defaults: restoration records without `description`, terminate orders starting in
 * `pending-project`, every snapshot PUT/PATCH going through `UPDATE_SCHEDULED`. Use it with
 * `startSimulator({ waldur: WALDUR_LATE_2024 })` or `sim.waldur.setBehaviour(WALDUR_LATE_2024)`.
 */
export const WALDUR_LATE_2024: Partial<WaldurBehaviour> = Object.freeze({
  restorationDescriptions: false,
  ordersPendingProject: true,
  patchAlwaysUpdates: true,
});

/** The largest page Waldur serves. */
export const MAX_PAGE_SIZE = 300;

/** A period that may be `Infinity` (or `"Infinity"` in JSON). */
const period: Checker = (name, value) => {
  const number = value === "Infinity" ? Number.POSITIVE_INFINITY : value;
  return typeof number === "number" && number >= 0 ? number : fail(name, "a number >= 0 or Infinity", value);
};

const pageSize: Checker = (name, value) =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_PAGE_SIZE
    ? value
    : fail(name, `an integer from 1 to ${MAX_PAGE_SIZE}`, value);

function failure(
  value: unknown,
  states: readonly string[],
): { state: string; errorMessage?: string } | undefined {
  if (!isRecord(value) || !states.includes(value.state as string)) return undefined;
  if (value.errorMessage === undefined) return { state: value.state as string };
  return typeof value.errorMessage === "string"
    ? { state: value.state as string, errorMessage: value.errorMessage }
    : undefined;
}

function queue(success: string, states: readonly string[]): Checker {
  const choices = states.map((state) => `"${state}"`).join(" | ");
  const expected = `an array of "${success}" or {"state": ${choices}, "errorMessage"?: string}`;
  return (name, value) =>
    Array.isArray(value)
      ? value.map((item: unknown) =>
          item === success ? item : (failure(item, states) ?? fail(name, expected, value)),
        )
      : fail(name, expected, value);
}

const CHECKERS: Readonly<Record<keyof WaldurBehaviour, Checker>> = {
  legacyStateNames: flag,
  snapshotCreateMs: duration,
  volumeCreateMs: duration,
  updateMs: duration,
  deleteMs: duration,
  orderMs: duration,
  snapshotOutcomes: queue("OK", ["ERRED"]),
  volumeOutcomes: queue("OK", ["ERRED"]),
  restoredVolumesInMarketplace: flag,
  orderOutcomes: queue("done", ["erred", "rejected", "canceled"]),
  ordersPendingProject: flag,
  patchAlwaysUpdates: flag,
  restorationDescriptions: flag,
  snapshotSchedules: flag,
  expiryIntervalMs: period,
  defaultPageSize: pageSize,
  tokenIdleTimeoutMs: period,
};

/**
 * Checks a partial behaviour (typed, or JSON from the admin API, where `"Infinity"` is accepted for
 * the periods) and returns it normalised. Throws RangeError naming the bad field.
 */
export function checkWaldurBehaviourPatch(patch: unknown): Partial<WaldurBehaviour> {
  return checkBehaviourFields<WaldurBehaviour>(patch, CHECKERS);
}
