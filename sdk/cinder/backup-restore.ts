import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type OpenStackConnectionArgs, type ResourceArgs } from "../common";

/**
 * The arguments of a {@link BackupRestore}: a backup and exactly one target. `backupId` (unless `pinSource` is
 * true), `volumeId` and `triggers` replace (restore again); `newVolumeName` renames the volume in place (it keeps
 * its data); `pinSource`, `confirmOverwrite`, `connection` and `timeouts` live in the stack only. Deadlines (`timeouts`): create (default 4h), delete (30m).
 */
export interface BackupRestoreArgs extends ResourceArgs<OpenStackConnectionArgs> {
  /** The backup to restore; it must be available. Another restores again (replace), unless `pinSource` is true. */
  backupId: pulumi.Input<string>;
  /**
   * Keep the backup restored when the program names another (default false): `true` for an id that a lookup
   * finds, which names a newer one as it appears. A changed backup is then no change: the outputs keep naming the
   * one restored, and preview says the program names another; only a change of `triggers` or of the target restores again,
   * from the backup named then. Turning it on or off restores nothing by itself.
   */
  pinSource?: pulumi.Input<boolean>;
  /** Restore into this existing volume, overwriting it (needs `confirmOverwrite: true`); destroy never deletes it. */
  volumeId?: pulumi.Input<string>;
  /**
   * Restore into a new volume with this name: the resource creates the volume (the backup's size, its marker in
   * the description) and restores into it; destroy deletes it.
   */
  newVolumeName?: pulumi.Input<string>;
  /** Required (true) with `volumeId`: its data is overwritten. */
  confirmOverwrite?: pulumi.Input<boolean>;
  /** Any values; changing one restores again on purpose. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

/** The values of the outputs a {@link BackupRestore} computes (beside every input, which it echoes). */
export interface BackupRestoreOutputValues {
  /** The volume restored into (also the resource id). */
  targetVolumeId: string;
  /** Its name. */
  volumeName: string | null;
  /** Its status (available when restored). */
  volumeStatus: string;
  /** Its size, GiB (null until the restore has been seen to end). */
  sizeGib: number | null;
  /** Whether the restore created the volume (and destroy deletes it). */
  createdVolume: boolean;
  /** Whether the restore succeeded; null when waiting for it failed (the next `up` waits on). */
  restored: boolean | null;
  /**
   * The marker in the description of a volume this resource created, by which it recognises that volume after an
   * interrupted run (null for a restore into an existing volume, which cannot be marked).
   */
  marker: string | null;
}

/** The names of the {@link BackupRestoreOutputValues}, which the provider computes. */
export const BACKUP_RESTORE_OUTPUTS = [
  "targetVolumeId",
  "volumeName",
  "volumeStatus",
  "sizeGib",
  "createdVolume",
  "restored",
  "marker",
] as const;

/**
 * A Cinder backup restored into a new volume (`newVolumeName`) or an existing one (`volumeId`, overwritten).
 *
 * Destroy deletes the volume **only if this restore created it**; a restore into an existing volume never deletes
 * that volume. A restore that fails is recorded with the volume's id (a new volume it made is deleted on
 * destroy), and runs again on the next update.
 */
export class BackupRestore extends resourceClass<BackupRestoreArgs, BackupRestoreOutputValues>(
  "cinder.BackupRestore",
  BACKUP_RESTORE_OUTPUTS,
) {}
