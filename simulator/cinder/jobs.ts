/**
 * What Cinder's volume and backup services do after an API call has answered: each accepted operation
 * is a job due at a time on the clock (`Infinity`: never). Nothing runs on timers: the simulator
 * applies due jobs in time order whenever its state is read (see {@link applyJob}).
 */
import {
  type CinderBackup,
  type CinderBackupOutcome,
  type CinderRestoreOutcome,
  type CinderState,
  type CinderVolume,
  type VolumeBaseMetadata,
} from "./models";

/** Work left to the volume and backup services, due at `at`. */
export type CinderJob =
  | { readonly kind: "create-volume"; readonly at: number; readonly volumeId: string }
  | { readonly kind: "delete-volume"; readonly at: number; readonly volumeId: string }
  | { readonly kind: "create-snapshot"; readonly at: number; readonly snapshotId: string }
  | { readonly kind: "delete-snapshot"; readonly at: number; readonly snapshotId: string }
  | {
      readonly kind: "create-backup";
      readonly at: number;
      readonly backupId: string;
      readonly volumeId: string;
      /**
       * The status the volume goes back to, `available` or `in-use`; `null` for a backup of a
       * snapshot, which leaves the volume alone.
       */
      readonly volumeStatus: "available" | "in-use" | null;
      /** The snapshot backed up, `backing-up` until the job is done (then `available` again). */
      readonly snapshotId: string | null;
      readonly outcome: CinderBackupOutcome;
    }
  | { readonly kind: "delete-backup"; readonly at: number; readonly backupId: string }
  | {
      readonly kind: "restore";
      readonly at: number;
      readonly backupId: string;
      readonly volumeId: string;
      readonly outcome: CinderRestoreOutcome;
    };

/** `fail_reason` of a failed backup whose outcome names none. */
export const DEFAULT_FAIL_REASON = "Simulated backup driver failure";

/** Chunk size of Cinder's posix backup driver (`backup_file_size`): one object per started chunk. */
const BACKUP_CHUNK_BYTES = 1_999_994_880;
const GIB = 1024 ** 3;

/** Where the posix driver keeps a backup when no container was asked for: `21/c6/<id>`. */
export function defaultContainer(backupId: string): string {
  return `${backupId.slice(0, 2)}/${backupId.slice(2, 4)}/${backupId}`;
}

function touch(item: { updatedAt: number | null }, at: number): void {
  item.updatedAt = Math.max(item.updatedAt ?? at, at);
}

/**
 * Name, description and metadata of a volume a restore has filled, as Cinder's backup driver sets
 * them: the source's name and description when the target's name is empty or `restore_backup_…`
 * (and the source had a name); the source's metadata, when it had any, instead of the target's; and
 * `src_backup_id` unless the target is the backup's own volume (and did not name another backup).
 */
export function restoredIdentity(target: CinderVolume, backup: CinderBackup): VolumeBaseMetadata {
  const source = backup.source;
  const takesName =
    source.name !== null && source.name !== "" && (!target.name || target.name.startsWith("restore_backup_"));
  const metadata = Object.keys(source.metadata).length > 0 ? { ...source.metadata } : { ...target.metadata };
  const previous = target.metadata.src_backup_id;
  if (backup.volumeId !== target.id || (previous !== undefined && previous !== backup.id)) {
    metadata.src_backup_id = backup.id;
  }
  return {
    name: takesName ? source.name : target.name,
    description: takesName ? source.description : target.description,
    metadata,
  };
}

function finishBackup(
  backup: CinderBackup,
  job: Extract<CinderJob, { kind: "create-backup" }>,
  state: CinderState,
): void {
  backup.container ??= defaultContainer(backup.id);
  if (job.outcome === "available") {
    backup.status = "available";
    backup.objectCount = backup.isIncremental ? 0 : Math.ceil((backup.size * GIB) / BACKUP_CHUNK_BYTES);
    const parent = state.backups.find((candidate) => candidate.id === backup.parentId);
    if (parent) {
      parent.dependentCount += 1;
      touch(parent, job.at);
    }
  } else {
    backup.status = "error";
    backup.failReason = job.outcome.failReason ?? DEFAULT_FAIL_REASON;
  }
  touch(backup, job.at);
}

function finishRestore(
  backup: CinderBackup,
  volume: CinderVolume,
  job: Extract<CinderJob, { kind: "restore" }>,
): void {
  backup.status = "available";
  touch(backup, job.at);
  if (job.outcome !== "available") {
    volume.status = "error_restoring";
  } else {
    Object.assign(volume, restoredIdentity(volume, backup), { status: "available" });
  }
  touch(volume, job.at);
}

function remove<T>(items: T[], item: T | undefined): void {
  if (item !== undefined) items.splice(items.indexOf(item), 1);
}

/** Applies one due job to the state, at its own time (`updated_at` is the job's time, not now). */
export function applyJob(state: CinderState, job: CinderJob): void {
  const volume = "volumeId" in job ? state.volumes.find((v) => v.id === job.volumeId) : undefined;
  const backup = "backupId" in job ? state.backups.find((b) => b.id === job.backupId) : undefined;
  const snapshot =
    "snapshotId" in job ? state.snapshots.find((candidate) => candidate.id === job.snapshotId) : undefined;
  switch (job.kind) {
    case "create-volume":
      if (volume?.status !== "creating") return;
      volume.status = "available";
      touch(volume, job.at);
      return;
    case "delete-volume":
      remove(state.volumes, volume);
      return;
    case "create-snapshot":
      if (snapshot?.status !== "creating") return;
      snapshot.status = "available";
      touch(snapshot, job.at);
      return;
    case "delete-snapshot":
      remove(state.snapshots, snapshot);
      return;
    case "create-backup":
      if (job.volumeStatus !== null && volume?.status === "backing-up") {
        volume.status = job.volumeStatus;
        touch(volume, job.at);
      }
      if (snapshot?.status === "backing-up") {
        snapshot.status = "available";
        touch(snapshot, job.at);
      }
      if (backup?.status === "creating") finishBackup(backup, job, state);
      return;
    case "delete-backup": {
      const parent = state.backups.find((candidate) => candidate.id === backup?.parentId);
      if (parent && parent.dependentCount > 0) {
        parent.dependentCount -= 1;
        touch(parent, job.at);
      }
      remove(state.backups, backup);
      return;
    }
    case "restore":
      if (backup && volume) finishRestore(backup, volume, job);
      return;
  }
}
