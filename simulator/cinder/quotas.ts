/**
 * Cinder's per-project quotas: the 413 answers for volumes, snapshots, the GiB they share, backups and
 * their GiB.
 */
import { type CinderQuotas } from "./behaviour";
import { overLimit } from "./faults";
import { type CinderBackup, type CinderState } from "./models";

function sizes(items: readonly { readonly size: number }[]): number {
  return items.reduce((total, item) => total + item.size, 0);
}

/** The volumes and snapshots whose GiB count against the `gigabytes` quota. */
type Storage = Pick<CinderState, "volumes" | "snapshots">;

/** Checks that `size` more GiB of volumes or snapshots fit. */
function checkGigabytes(state: Storage, size: number, quotas: CinderQuotas, named: boolean): void {
  const used = sizes(state.volumes) + sizes(state.snapshots);
  if (used + size > quotas.gigabytes) {
    const prefix = named ? "VolumeSizeExceedsAvailableQuota: " : "";
    throw overLimit(
      `${prefix}Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${size}G, quota is ${quotas.gigabytes}G and ${used}G has been consumed.`,
    );
  }
}

/**
 * Checks that one more volume of `size` GiB fits (GiB first, then the count, as Cinder reports them).
 * `named`: messages start with the exception's name, as for `POST /volumes`; a restore into a new
 * volume sends the bare message.
 */
export function checkVolumeQuota(state: Storage, size: number, quotas: CinderQuotas, named: boolean): void {
  checkGigabytes(state, size, quotas, named);
  const { volumes } = state;
  if (volumes.length + 1 > quotas.volumes) {
    const prefix = named ? "VolumeLimitExceeded: " : "";
    throw overLimit(
      `${prefix}Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.`,
    );
  }
}

/** Checks that one more snapshot of a `size` GiB volume fits (GiB first, then the count). */
export function checkSnapshotQuota(state: Storage, size: number, quotas: CinderQuotas): void {
  checkGigabytes(state, size, quotas, true);
  if (state.snapshots.length + 1 > quotas.snapshots) {
    throw overLimit(
      `SnapshotLimitExceeded: Maximum number of snapshots allowed (${quotas.snapshots}) exceeded`,
    );
  }
}

/** Checks that one more backup of `size` GiB fits. */
export function checkBackupQuota(backups: readonly CinderBackup[], size: number, quotas: CinderQuotas): void {
  const used = sizes(backups);
  if (used + size > quotas.backupGigabytes) {
    throw overLimit(
      `VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota. Requested ${size}G, quota is ${quotas.backupGigabytes}G and ${used}G has been consumed.`,
    );
  }
  if (backups.length + 1 > quotas.backups) {
    throw overLimit(`BackupLimitExceeded: Maximum number of backups allowed (${quotas.backups}) exceeded`);
  }
}
