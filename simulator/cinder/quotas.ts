/** Cinder's per-project quotas: the 413 answers for volumes, their GiB, backups and their GiB. */
import { type CinderQuotas } from "./behaviour";
import { overLimit } from "./faults";
import { type CinderBackup, type CinderVolume } from "./models";

function sizes(items: readonly { readonly size: number }[]): number {
  return items.reduce((total, item) => total + item.size, 0);
}

/**
 * Checks that one more volume of `size` GiB fits (GiB first, then the count, as Cinder reports them).
 * `named`: messages start with the exception's name, as for `POST /volumes`; a restore into a new
 * volume sends the bare message.
 */
export function checkVolumeQuota(
  volumes: readonly CinderVolume[],
  size: number,
  quotas: CinderQuotas,
  named: boolean,
): void {
  const used = sizes(volumes);
  if (used + size > quotas.gigabytes) {
    const prefix = named ? "VolumeSizeExceedsAvailableQuota: " : "";
    throw overLimit(
      `${prefix}Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${size}G, quota is ${quotas.gigabytes}G and ${used}G has been consumed.`,
    );
  }
  if (volumes.length + 1 > quotas.volumes) {
    const prefix = named ? "VolumeLimitExceeded: " : "";
    throw overLimit(
      `${prefix}Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.`,
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
