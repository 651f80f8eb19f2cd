/**
 * How long earlier backups took, as far as Cinder can tell (see ../core/history for how durations predict a wait).
 *
 * Cinder keeps no completion time: `created_at` is the start, `data_timestamp` the start too (or, for a backup of a
 * snapshot, the snapshot's creation), and `updated_at` the last change, which is the completion only until
 * something else changes the backup. A restore does (the backup goes `restoring`, then `available` again at the
 * restore's end), as do a rename and an incremental backup built on it (its dependent count). So a backup counts
 * only when nothing Cinder shows says its `updated_at` moved after it completed:
 * - no incremental backup builds on it (`has_dependent_backups`);
 * - no later backup of the same volume started before its `updated_at`: Cinder backs a volume up one backup at a
 *   time, so it had completed by then;
 * - no volume says it was restored from it (`src_backup_id` in its metadata, which Cinder adds to every target
 *   but the backup's own volume).
 *
 * A restore into the backup's own volume, or a rename of the newest backup, leaves no such trace: the median of the
 * recent few (../core/history) absorbs a minority of those.
 */
import type { SizedOperation } from "../core/history";
import type { Backup } from "./api";
import type { CinderClient } from "./client";

/**
 * The earlier operations that `backups` (available ones, of any volumes) tell of, with their size, keeping those
 * `wanted` selects (full or incremental, say) and dropping those whose `updated_at` moved after they completed.
 * Reads the project's volumes to find restored backups, only when a backup is left to judge.
 */
export async function completedBackups(
  client: CinderClient,
  backups: readonly Backup[],
  wanted: (backup: Backup) => boolean,
): Promise<SizedOperation[]> {
  const candidates = backups.filter(
    (backup) =>
      backup.status === "available" &&
      wanted(backup) &&
      !backup.has_dependent_backups &&
      !laterBackupStartedFirst(backup, backups),
  );
  if (candidates.length === 0) return [];
  const restored = await restoredBackupIds(client);
  return candidates
    .filter((backup) => !restored.has(backup.id))
    .map((backup) => ({ startedAt: backup.created_at, changedAt: backup.updated_at, size: backup.size }));
}

/** Whether another backup of the same volume started after `backup` did, yet before its `updated_at`. */
function laterBackupStartedFirst(backup: Backup, backups: readonly Backup[]): boolean {
  const started = Date.parse(backup.created_at ?? "");
  const changed = Date.parse(backup.updated_at ?? "");
  return backups.some((other) => {
    if (other.id === backup.id || other.volume_id !== backup.volume_id) return false;
    const otherStarted = Date.parse(other.created_at ?? "");
    return otherStarted > started && otherStarted < changed;
  });
}

/**
 * The backups that a volume of the project (its list's first page) says it was restored from. None when the list
 * cannot be read: the estimate only paces the polling, and is never worth failing a backup that has started.
 */
async function restoredBackupIds(client: CinderClient): Promise<ReadonlySet<string>> {
  try {
    const volumes = await client.listVolumes({});
    return new Set(volumes.flatMap((volume) => volume.metadata?.src_backup_id ?? []));
  } catch {
    return new Set();
  }
}
