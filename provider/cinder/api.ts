/** What Cinder v3 sends, as far as this package reads it, parsed leniently. */
import { z } from "zod";

const text = z.string().nullish();

/** A backup (`{"backup": {...}}`, or an element of `{"backups": [...]}`). */
export const backupSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  name: text,
  description: text,
  volume_id: text,
  snapshot_id: text,
  size: z.number().nullish(),
  object_count: z.number().nullish(),
  is_incremental: z.boolean().nullish(),
  has_dependent_backups: z.boolean().nullish(),
  data_timestamp: text,
  created_at: text,
  updated_at: text,
  fail_reason: text,
  container: text,
  availability_zone: text,
  metadata: z.record(z.string(), z.string()).nullish(),
  parent_id: text,
});

/** A backup as read. */
export type Backup = z.output<typeof backupSchema>;

/** The answer of `POST /backups`: a summary without status. */
export const backupSummarySchema = z.looseObject({ id: z.string(), name: text });

/** A volume. */
export const volumeSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  name: text,
  description: text,
  size: z.number(),
  metadata: z.record(z.string(), z.string()).nullish(),
  updated_at: text,
});

/** A volume as read. */
export type Volume = z.output<typeof volumeSchema>;

/** A volume snapshot (`{"snapshot": {...}}`), which a backup may be taken from. */
export const volumeSnapshotSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  volume_id: z.string(),
  name: text,
});

/** A volume snapshot as read. */
export type VolumeSnapshot = z.output<typeof volumeSnapshotSchema>;

/** The answer of `POST /backups/{id}/restore`. */
export const restoreAnswerSchema = z.looseObject({
  backup_id: z.string(),
  volume_id: z.string(),
  volume_name: text,
});

/** Backup statuses (Cinder's API reference). */
export const BACKUP_STATUS = {
  pending: ["creating", "restoring", "deleting"],
  available: ["available"],
  failed: ["error", "error_deleting"],
} as const;

/** Volume statuses around a restore. */
export const VOLUME_STATUS = {
  pending: ["creating", "restoring-backup", "downloading", "attaching", "detaching"],
  available: ["available", "in-use"],
  failed: ["error", "error_restoring"],
} as const;
