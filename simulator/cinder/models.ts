/**
 * Cinder v3 state as the simulator keeps it (camelCase, sizes in GiB, times in ms since the epoch). The
 * JSON the API sends is rendered from these in `views.ts`.
 */

/** Volume statuses the simulator produces (Cinder has more). */
export type CinderVolumeStatus =
  | "creating"
  | "available"
  | "in-use"
  | "backing-up"
  | "restoring-backup"
  | "error_restoring"
  | "error"
  | "deleting";

/** Snapshot statuses the simulator produces (`error` only from `addSnapshot`). */
export type CinderSnapshotStatus = "creating" | "available" | "backing-up" | "deleting" | "error";

/** Backup statuses the simulator produces (`error_deleting` never happens here). */
export type CinderBackupStatus = "creating" | "available" | "restoring" | "deleting" | "error";

/** A volume's name, description and metadata: what a backup records and a restore may bring back. */
export interface VolumeBaseMetadata {
  readonly name: string | null;
  readonly description: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The attachment of an `in-use` volume (volumes here are never multi-attached). */
export interface CinderAttachment {
  readonly attachmentId: string;
  readonly serverId: string | null;
  readonly device: string;
  readonly attachedAt: number;
}

/** A block storage volume. */
export interface CinderVolume {
  readonly id: string;
  name: string | null;
  description: string | null;
  /** GiB. */
  readonly size: number;
  status: CinderVolumeStatus;
  metadata: Record<string, string>;
  /**
   * The admin metadata Cinder shows members among `metadata`: `readonly` once the volume has been
   * attached, `attached_mode` while it is.
   */
  adminMetadata: Record<string, string>;
  attachment: CinderAttachment | null;
  readonly createdAt: number;
  /** `null` until the volume first changes. */
  updatedAt: number | null;
}

/** A volume snapshot. */
export interface CinderSnapshot {
  readonly id: string;
  readonly volumeId: string;
  name: string | null;
  description: string | null;
  status: CinderSnapshotStatus;
  /** GiB: the volume's size when the snapshot was taken. */
  readonly size: number;
  metadata: Record<string, string>;
  readonly createdAt: number;
  /** `null` until the snapshot first changes. */
  updatedAt: number | null;
}

/** A volume backup. */
export interface CinderBackup {
  readonly id: string;
  readonly volumeId: string;
  name: string | null;
  description: string | null;
  status: CinderBackupStatus;
  /** GiB: the volume's size when the backup was taken. */
  readonly size: number;
  objectCount: number;
  /** The container asked for; otherwise the driver's `xx/yy/<id>` once the backup has run (`null` before). */
  container: string | null;
  readonly isIncremental: boolean;
  /** The backup an incremental one builds on. */
  readonly parentId: string | null;
  /** The snapshot it was taken from (`null`: from the volume itself). */
  readonly snapshotId: string | null;
  /** When its data was current: the snapshot's creation, or the backup's own. */
  readonly dataTimestamp: number;
  /** How many finished incremental backups build on this one (`has_dependent_backups`). */
  dependentCount: number;
  failReason: string | null;
  metadata: Record<string, string>;
  /** The source volume's name, description and metadata when the backup was taken. */
  readonly source: VolumeBaseMetadata;
  readonly createdAt: number;
  updatedAt: number;
}

/** How a backup ends: `available`, or `error` with the driver's `fail_reason`. */
export type CinderBackupOutcome = "available" | { readonly status: "error"; readonly failReason?: string };

/**
 * How a restore ends: the target volume `available`, or `error_restoring` (the backup is `available`
 * either way).
 */
export type CinderRestoreOutcome = "available" | { readonly volumeStatus: "error_restoring" };

/** The whole Cinder state of the project. */
export interface CinderState {
  volumes: CinderVolume[];
  snapshots: CinderSnapshot[];
  backups: CinderBackup[];
}
