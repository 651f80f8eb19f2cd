/**
 * What the TrilioVault workloadmgr API sends, as far as this package reads it. Parsed leniently: unknown fields
 * pass, documented quirks are accepted (numbers as strings, nulls), and a missing essential field is a clear
 * error rather than a silently wrong state.
 */
import { z } from "zod";

const text = z.string().nullish();
const count = z.union([z.number(), z.string().transform(Number)]).nullish();

/** A restored instance in a restore's detail. */
export const restoredInstanceSchema = z.looseObject({
  id: z.string(),
  name: text,
  status: text,
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

/** A restore (`{"restore": {...}}` or an element of `{"restores": [...]}`). */
export const restoreSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  snapshot_id: text,
  workload_id: text,
  name: text,
  description: text,
  created_at: text,
  finished_at: text,
  size: count,
  uploaded_size: count,
  progress_percent: count,
  progress_msg: text,
  warning_msg: text,
  error_msg: text,
  time_taken: count,
  instances: z.array(restoredInstanceSchema).nullish(),
  networks: z.array(z.looseObject({ id: text, name: text })).nullish(),
});

/** A restore as read from the API. */
export type TrilioRestore = z.output<typeof restoreSchema>;

/** An instance inside a snapshot. */
export const snapshotInstanceSchema = z.looseObject({
  id: z.string(),
  name: text,
  vdisks: z.array(z.looseObject({ id: z.string().nullish(), name: text })).nullish(),
});

/** A workload snapshot. Names and descriptions come as `name`/`description`, `display_*`, or both. */
export const snapshotSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  workload_id: text,
  name: text,
  display_name: text,
  description: text,
  display_description: text,
  /** "full" or "incremental". */
  snapshot_type: text,
  /** Naive UTC, as workloadmgr writes times. */
  created_at: text,
  finished_at: text,
  /** Bytes the snapshot stores. */
  size: count,
  /** Bytes a full restore of it writes. */
  restore_size: count,
  host: text,
  instances: z.array(snapshotInstanceSchema).nullish(),
});

/** A snapshot as read from the API. */
export type TrilioSnapshot = z.output<typeof snapshotSchema>;

/** A workload. */
export const workloadSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  name: text,
});

/** A workload as read from the API. */
export type TrilioWorkload = z.output<typeof workloadSchema>;

/** Restore statuses, as the API notes list them. */
export const RESTORE_STATUS = {
  running: ["restoring", "starting", "executing", "cancelling"],
  succeeded: ["available"],
  failed: ["error", "cancelled"],
} as const;

/** True when a restore can no longer change. */
export function isFinished(status: string): boolean {
  return (
    (RESTORE_STATUS.succeeded as readonly string[]).includes(status) ||
    (RESTORE_STATUS.failed as readonly string[]).includes(status)
  );
}
