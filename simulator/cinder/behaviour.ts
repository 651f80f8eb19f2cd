import {
  checkBehaviourFields,
  durationCheck,
  failCheck,
  type FieldCheck,
  flagCheck,
} from "../core/behaviour-checks";
import { isRecord } from "../core/guards";
import { type CinderBackupOutcome, type CinderRestoreOutcome } from "./models";

/** Per-project limits; going over one answers 413 `overLimit`, as Cinder's quotas do. */
export interface CinderQuotas {
  /** Volumes (default 1000). */
  readonly volumes: number;
  /** GiB of volumes and snapshots together (default 100 000). */
  readonly gigabytes: number;
  /** Snapshots (default 1000). */
  readonly snapshots: number;
  /** Backups (default 1000). */
  readonly backups: number;
  /** GiB of backups (default 100 000). */
  readonly backupGigabytes: number;
}

/** How the simulated Cinder behaves; change it with `sim.cinder.setBehaviour(...)`. */
export interface CinderBehaviour {
  /** How long a new volume stays `creating`, clock ms (default 250; a real 1 GiB volume: about 0.25 s). */
  readonly volumeCreateMs: number;
  /**
   * How long a new snapshot stays `creating` (default 500; a real 1 GiB one: 0.3 to 0.6 s, the first
   * after start up to 6 s).
   */
  readonly snapshotMs: number;
  /**
   * How long a backup stays `creating` (its volume, or its snapshot, `backing-up`) (default 5000; real
   * 1 GiB: 2 to 10 s).
   */
  readonly backupMs: number;
  /** How long a restore runs: backup `restoring`, volume `restoring-backup` (default 6000). */
  readonly restoreMs: number;
  /** How long a deleted backup, snapshot or volume stays `deleting` before it answers 404 (default 300). */
  readonly deleteMs: number;
  /** Outcomes consumed in order by the next backups, one each; when empty, backups end `available`. */
  readonly backupOutcomes: readonly CinderBackupOutcome[];
  /** Outcomes consumed in order by the next restores, one each; when empty, restores succeed. */
  readonly restoreOutcomes: readonly CinderRestoreOutcome[];
  /** The highest microversion served, `"3.N"` (default `"3.70"`, Cinder 21 "Zed"). */
  readonly maxMicroversion: string;
  /**
   * A misconfigured Cinder (backup service down): new backups stay `creating` and their volumes (or
   * snapshots) `backing-up` for ever (default false).
   */
  readonly stuckInCreating: boolean;
  /** Quotas (a patch may give some limits: the others take their defaults). */
  readonly quotas: CinderQuotas;
}

/** A change to part of the behaviour: any fields, and any of the quotas (the others take their defaults). */
export type CinderBehaviourPatch = Partial<Omit<CinderBehaviour, "quotas">> & {
  readonly quotas?: Partial<CinderQuotas>;
};

/** The default quotas: those `cinder-ci.sh` sets on the real Cinder. */
export const DEFAULT_CINDER_QUOTAS: CinderQuotas = {
  volumes: 1000,
  gigabytes: 100_000,
  snapshots: 1000,
  backups: 1000,
  backupGigabytes: 100_000,
};

/** The default behaviour. */
export const DEFAULT_CINDER_BEHAVIOUR: CinderBehaviour = {
  volumeCreateMs: 250,
  snapshotMs: 500,
  backupMs: 5000,
  restoreMs: 6000,
  deleteMs: 300,
  backupOutcomes: [],
  restoreOutcomes: [],
  maxMicroversion: "3.70",
  stuckInCreating: false,
  quotas: DEFAULT_CINDER_QUOTAS,
};

/** `"3.N"`, as `maxMicroversion` is written. */
export const MICROVERSION_PATTERN = /^3\.(0|[1-9]\d*)$/;

function queue<T>(expected: string, read: (item: unknown) => T | undefined): FieldCheck {
  return (name, value) =>
    Array.isArray(value)
      ? value.map((item: unknown) => read(item) ?? failCheck(name, expected, value))
      : failCheck(name, expected, value);
}

function backupOutcome(item: unknown): CinderBackupOutcome | undefined {
  if (item === "available") return item;
  if (!isRecord(item) || item.status !== "error") return undefined;
  if (item.failReason === undefined) return { status: "error" };
  return typeof item.failReason === "string" ? { status: "error", failReason: item.failReason } : undefined;
}

function restoreOutcome(item: unknown): CinderRestoreOutcome | undefined {
  if (item === "available") return item;
  return isRecord(item) && item.volumeStatus === "error_restoring"
    ? { volumeStatus: "error_restoring" }
    : undefined;
}

const microversion: FieldCheck = (name, value) =>
  typeof value === "string" && MICROVERSION_PATTERN.test(value)
    ? value
    : failCheck(name, 'a microversion "3.N"', value);

const quotas: FieldCheck = (name, value) => {
  if (!isRecord(value)) return failCheck(name, "an object of limits", value);
  const limits: Record<string, unknown> = { ...DEFAULT_CINDER_QUOTAS };
  for (const [limit, amount] of Object.entries(value)) {
    if (!(limit in DEFAULT_CINDER_QUOTAS)) throw new RangeError(`unknown quota: ${limit}`);
    if (!Number.isInteger(amount) || (amount as number) < 0)
      failCheck(`${name}.${limit}`, "an integer >= 0", amount);
    limits[limit] = amount;
  }
  return limits;
};

const CHECKS: Readonly<Record<keyof CinderBehaviour, FieldCheck>> = {
  volumeCreateMs: durationCheck,
  snapshotMs: durationCheck,
  backupMs: durationCheck,
  restoreMs: durationCheck,
  deleteMs: durationCheck,
  backupOutcomes: queue(
    'an array of "available" or {"status": "error", "failReason"?: string}',
    backupOutcome,
  ),
  restoreOutcomes: queue('an array of "available" or {"volumeStatus": "error_restoring"}', restoreOutcome),
  maxMicroversion: microversion,
  stuckInCreating: flagCheck,
  quotas,
};

/**
 * Checks a partial behaviour (typed, or JSON from the admin API) and returns it normalised. Throws
 * RangeError naming the bad field.
 */
export function checkCinderBehaviourPatch(patch: unknown): Partial<CinderBehaviour> {
  // quotas come back complete: the missing limits are the defaults
  return checkBehaviourFields<CinderBehaviour>(patch, CHECKS);
}
