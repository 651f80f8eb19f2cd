/**
 * What the PowerVC API sends, as far as this package reads it, parsed leniently (unknown fields pass; `null`
 * where PowerVC sends it).
 */
import { z } from "zod";

const text = z.string().nullish();
/** volume id → snapshot id. */
const volumeMap = z.record(z.string(), z.string()).nullish();

/** An instance snapshot (`{"instance_snapshot": {...}}`). */
export const instanceSnapshotSchema = z.looseObject({
  id: z.string(),
  name: text,
  description: text,
  status: z.string(),
  instance_id: text,
  snapshots: volumeMap,
  temp_snapshots: volumeMap,
  failed_snapshots: volumeMap,
  task_uri: text,
  created_at: text,
  updated_at: text,
});

/** An instance snapshot as read. */
export type InstanceSnapshot = z.output<typeof instanceSnapshotSchema>;

/** The answer of `vm-snapshot`. */
export const snapshotStartedSchema = z.object({ id: z.string(), task_uri: z.string() });

/** A task's progress (`get_progress`'s `details`). */
export const taskDetailsSchema = z.looseObject({
  progress: z.union([z.number(), z.string().transform(Number)]),
  flow_details: z.record(z.string(), z.string()).nullish(),
  completed_tasks: z.record(z.string(), z.string()).nullish(),
  pending_tasks: z.record(z.string(), z.string()).nullish(),
});

/** A task's progress as read. */
export type TaskDetails = z.output<typeof taskDetailsSchema>;

/** A server (Nova style), with its attached volumes. */
export const serverSchema = z.looseObject({
  id: z.string(),
  name: text,
  status: text,
  "os-extended-volumes:volumes_attached": z.array(z.looseObject({ id: z.string() })).nullish(),
});

/** A server as read. */
export type Server = z.output<typeof serverSchema>;

/** A volume (Cinder style). */
export const volumeSchema = z.looseObject({
  id: z.string(),
  name: text,
  size: z.number().nullish(),
  status: text,
});

/** A volume as read. */
export type Volume = z.output<typeof volumeSchema>;

/** One FlashCopy mapping of a volume (`copy-progress`). */
export const copyDetailSchema = z.looseObject({
  status: text,
  name: text,
  progress: z.union([z.string(), z.number()]).nullish(),
  restore_progress: z.union([z.string(), z.number()]).nullish(),
  source_vdisk_name: text,
  target_vdisk_name: text,
  incremental: text,
  copyrate: z.union([z.string(), z.number()]).nullish(),
  restoring: text,
});

/** A FlashCopy mapping as read. */
export type CopyDetail = z.output<typeof copyDetailSchema>;

/** Instance snapshot statuses, as the API notes know them; others are transitional. */
export const SNAPSHOT_STATUS = {
  available: "available",
  restoreError: "restore-error",
  failed: ["error"],
} as const;
