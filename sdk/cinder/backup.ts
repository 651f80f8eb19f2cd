import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type OpenStackConnectionArgs, type ResourceArgs } from "../common";

/** The arguments of a {@link Backup}. Deadlines (`timeouts`): create (default 4h), update (10m), delete (1h). */
export interface BackupArgs extends ResourceArgs<OpenStackConnectionArgs> {
  /** The volume to back up. Changing it makes a new backup (replace). */
  volumeId: pulumi.Input<string>;
  /** Name; default the resource name. Changed in place (PUT, microversion 3.9). */
  name?: pulumi.Input<string>;
  /** Description, at most 229 characters (the marker takes 26 of Cinder's 255). Changed in place (PUT, 3.9). */
  description?: pulumi.Input<string>;
  /** An incremental backup on top of the volume's latest backup. Changing it replaces. */
  incremental?: pulumi.Input<boolean>;
  /** Back up an in-use volume (Cinder requires it then). Only matters when the backup is made. */
  force?: pulumi.Input<boolean>;
  /** The backup container (object store container or directory). Changing it replaces. */
  container?: pulumi.Input<string>;
  /** Back up this snapshot of the volume instead of the volume itself. Changing it replaces. */
  snapshotId?: pulumi.Input<string>;
  /** Metadata (microversion 3.43). Changed in place; a key removed is removed, and removing it clears them all. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Availability zone of the backup (microversion 3.51). Changing it replaces. */
  availabilityZone?: pulumi.Input<string>;
  /** Manage an existing backup instead of making one (dynamic resources cannot be imported). Replaces. */
  adoptBackupId?: pulumi.Input<string>;
}

/** The values of the outputs a {@link Backup} computes (beside every input, which it echoes). */
export interface BackupOutputValues {
  /** `creating`, `available`, `error`, … */
  status: string;
  /** Size, GiB. */
  sizeGib: number | null;
  /** Objects stored. */
  objectCount: number | null;
  /** Whether Cinder made it incremental. */
  isIncremental: boolean | null;
  /** Whether incremental backups depend on it. */
  hasDependentBackups: boolean | null;
  /** The point in time of the data. */
  dataTimestamp: string | null;
  /** When it was made. */
  createdAt: string | null;
  /** Why it is in error. */
  failReason: string | null;
  /** The container Cinder used. */
  cinderContainer: string | null;
  /** The availability zone Cinder used. */
  cinderAvailabilityZone: string | null;
  /** The metadata Cinder has (microversion 3.43). */
  cinderMetadata: Record<string, string> | null;
  /** The marker of the create request (adoption after an interrupted run). */
  marker: string | null;
}

/** The names of the {@link BackupOutputValues}, which the provider computes. */
export const BACKUP_OUTPUTS = [
  "status",
  "sizeGib",
  "objectCount",
  "isIncremental",
  "hasDependentBackups",
  "dataTimestamp",
  "createdAt",
  "failReason",
  "cinderContainer",
  "cinderAvailabilityZone",
  "cinderMetadata",
  "marker",
] as const;

/**
 * A Cinder volume backup.
 *
 * What defines the backup (volume, incremental, container, snapshot, availability zone) replaces; name,
 * description and metadata change in place. A backup that ends in `error` is recorded with its `failReason` and
 * made again on the next update. Destroy deletes the backup; Cinder refuses while incremental backups depend on
 * it, and the error names them.
 */
export class Backup extends resourceClass<BackupArgs, BackupOutputValues>("cinder.Backup", BACKUP_OUTPUTS) {}
