import { type Clock } from "../core/clock";
import { uuid4 } from "../core/ids";
import { type HttpError } from "../core/service";
import { KEYSTONE_SEED } from "../keystone/seed";
import {
  type CinderBehaviour,
  type CinderBehaviourPatch,
  checkCinderBehaviourPatch,
  DEFAULT_CINDER_BEHAVIOUR,
} from "./behaviour";
import { backupNotFound, invalidBackup, invalidVolume, snapshotNotFound, volumeNotFound } from "./faults";
import { applyJob, type CinderJob } from "./jobs";
import { type ApiVersion, MIN_API_VERSION, parseApiVersion } from "./microversion";
import {
  type CinderBackup,
  type CinderSnapshot,
  type CinderState,
  type CinderVolume,
  type CinderVolumeStatus,
} from "./models";
import { checkBackupQuota, checkSnapshotQuota, checkVolumeQuota } from "./quotas";
import {
  checkBackupSnapshot,
  checkBackupVolume,
  checkSnapshotDeletable,
  checkSnapshotSource,
  checkVolumeDeletable,
} from "./refusals";
import {
  type BackupCreateRequest,
  type BackupUpdateRequest,
  type RestoreRequest,
  type SnapshotCreateRequest,
  type VolumeAction,
  type VolumeCreateRequest,
  type VolumeUpdateRequest,
} from "./requests";
import {
  ATTACHED_ADMIN_METADATA,
  buildCinderSeed,
  buildSnapshot,
  buildVolume,
  CINDER_SEED,
  type CinderSnapshotSpec,
  type CinderVolumeSpec,
} from "./seed";

/** Read access to the Cinder state, for assertions (do not modify). */
export type CinderStateView = {
  readonly [K in keyof CinderState]: readonly CinderState[K][number][];
};

/** How many requests of each kind were accepted (see {@link CinderSim.counters}). */
export interface CinderCounters {
  /** `POST /volumes` (a restore's new volume is not counted here). */
  volumeCreates: number;
  /** `PUT /volumes/{id}`. */
  volumeUpdates: number;
  /** `DELETE /volumes/{id}`. */
  volumeDeletes: number;
  /** `POST /snapshots`. */
  snapshotCreates: number;
  /** `DELETE /snapshots/{id}` (a cascading volume delete's snapshots are not counted here). */
  snapshotDeletes: number;
  /** `POST /backups`. */
  backupCreates: number;
  /** `PUT /backups/{id}`. */
  backupUpdates: number;
  /** `DELETE /backups/{id}`. */
  backupDeletes: number;
  /** `POST /backups/{id}/restore`. */
  restores: number;
}

/** What `POST /backups/{id}/restore` started. */
export interface StartedRestore {
  readonly backup: CinderBackup;
  readonly volume: CinderVolume;
}

/** Snapshot statuses `addSnapshot` makes. */
const SPEC_SNAPSHOT_STATUSES: readonly unknown[] = ["available", "error", undefined];

function zeroCounters(): CinderCounters {
  return {
    volumeCreates: 0,
    volumeUpdates: 0,
    volumeDeletes: 0,
    snapshotCreates: 0,
    snapshotDeletes: 0,
    backupCreates: 0,
    backupUpdates: 0,
    backupDeletes: 0,
    restores: 0,
  };
}

/**
 * The simulated Cinder v3 of the default project: volumes, their snapshots and backups. Operations answer at
 * once, as Cinder's API does, and leave jobs to the (simulated) volume and backup services, due on
 * the clock: every operation and every read of {@link CinderSim.state} first applies the jobs whose
 * time has come (no timers).
 */
export class CinderSim {
  /** The project whose endpoint serves the data (Keystone's default project). */
  readonly projectId = CINDER_SEED.projectId;
  /** The user every volume and backup belongs to (the seeded Keystone user). */
  readonly userId = KEYSTONE_SEED.user.id;
  private data: CinderState = { volumes: [], snapshots: [], backups: [] };
  private jobs: CinderJob[] = [];
  private current: CinderBehaviour;
  private counts = zeroCounters();

  /**
   * @param clock - the simulator's clock
   * @param initialBehaviour - behaviour at start and after {@link CinderSim.reset}
   */
  constructor(
    private readonly clock: Clock,
    private readonly initialBehaviour: CinderBehaviourPatch = {},
  ) {
    this.current = { ...DEFAULT_CINDER_BEHAVIOUR, ...checkCinderBehaviourPatch(initialBehaviour) };
    this.reset();
  }

  /** The whole state, brought up to date with the clock. */
  get state(): CinderStateView {
    this.settle();
    return this.data;
  }

  /** Accepted requests by kind since start or the last reset (a copy). */
  get counters(): CinderCounters {
    return { ...this.counts };
  }

  /** The current behaviour (a copy). */
  get behaviour(): CinderBehaviour {
    const { backupOutcomes, restoreOutcomes, quotas } = this.current;
    return {
      ...this.current,
      backupOutcomes: [...backupOutcomes],
      restoreOutcomes: [...restoreOutcomes],
      quotas: { ...quotas },
    };
  }

  /** The highest microversion served (`behaviour.maxMicroversion`). */
  get maxVersion(): ApiVersion {
    return parseApiVersion(this.current.maxMicroversion) ?? MIN_API_VERSION;
  }

  /**
   * Changes part of the behaviour; an outcome queue replaces the current one. Throws RangeError for bad
   * values.
   */
  setBehaviour(patch: CinderBehaviourPatch): void {
    this.current = { ...this.current, ...checkCinderBehaviourPatch(patch) };
  }

  /** Back to the seed (`data-1`, `data-in-use`) and the initial behaviour; counters to zero. */
  reset(): void {
    this.data = { volumes: buildCinderSeed(this.clock.now()), snapshots: [], backups: [] };
    this.jobs = [];
    this.current = { ...DEFAULT_CINDER_BEHAVIOUR, ...checkCinderBehaviourPatch(this.initialBehaviour) };
    this.counts = zeroCounters();
  }

  /** Adds a settled volume (see {@link CinderVolumeSpec}); returns it. Throws RangeError for a bad spec. */
  addVolume(spec: CinderVolumeSpec = {}): CinderVolume {
    const volume = buildVolume(spec, this.clock.now());
    if (this.data.volumes.some((existing) => existing.id === volume.id)) {
      throw new RangeError(`volume ${volume.id} already exists`);
    }
    this.data.volumes.push(volume);
    return volume;
  }

  /**
   * Adds a settled snapshot of an existing volume (see {@link CinderSnapshotSpec}); returns it. Throws
   * RangeError for a bad spec, an unknown volume or a taken id.
   */
  addSnapshot(spec: CinderSnapshotSpec): CinderSnapshot {
    this.settle();
    const volume = this.data.volumes.find((candidate) => candidate.id === spec.volumeId);
    if (volume === undefined)
      throw new RangeError(`a snapshot needs an existing volume, got ${spec.volumeId}`);
    if (!SPEC_SNAPSHOT_STATUSES.includes(spec.status)) {
      throw new RangeError(
        `a snapshot's status is "available" or "error", got ${JSON.stringify(spec.status)}`,
      );
    }
    const snapshot = buildSnapshot(spec, volume.size, this.clock.now());
    if (this.data.snapshots.some((existing) => existing.id === snapshot.id)) {
      throw new RangeError(`snapshot ${snapshot.id} already exists`);
    }
    this.data.snapshots.push(snapshot);
    return snapshot;
  }

  /** Applies every job whose time has come, in time order. */
  settle(): void {
    const now = this.clock.now();
    const due = this.jobs.filter((job) => job.at <= now).sort((a, b) => a.at - b.at);
    if (due.length === 0) return;
    this.jobs = this.jobs.filter((job) => job.at > now);
    for (const job of due) applyJob(this.data, job);
  }

  /** The project's volumes. */
  listVolumes(): readonly CinderVolume[] {
    this.settle();
    return this.data.volumes;
  }

  /** One volume, or 404. */
  getVolume(id: string): CinderVolume {
    return this.find(this.data.volumes, id, volumeNotFound);
  }

  /** Creates a volume: `creating` for `volumeCreateMs`, then `available`. 413 over quota. */
  createVolume(request: VolumeCreateRequest): CinderVolume {
    this.settle();
    checkVolumeQuota(this.data, request.size, this.current.quotas, true);
    const volume: CinderVolume = {
      ...buildVolume({ ...request }, this.clock.now()),
      status: "creating",
      updatedAt: null,
    };
    this.data.volumes.push(volume);
    this.schedule({
      kind: "create-volume",
      at: this.after(this.current.volumeCreateMs),
      volumeId: volume.id,
    });
    this.counts.volumeCreates += 1;
    return volume;
  }

  /**
   * Changes a volume's name, description or metadata (which replaces the user metadata; the admin
   * metadata stays), in any status; 404 if unknown. A name or description moves `updated_at`, metadata
   * alone does not. Returns what Cinder answers: the changed volume with the `updated_at` it had before.
   */
  updateVolume(id: string, request: VolumeUpdateRequest): CinderVolume {
    const volume = this.getVolume(id);
    const shown = volume.updatedAt;
    if (request.name !== undefined) volume.name = request.name;
    if (request.description !== undefined) volume.description = request.description;
    if (request.metadata !== undefined) volume.metadata = { ...request.metadata };
    if (request.name !== undefined || request.description !== undefined) volume.updatedAt = this.clock.now();
    this.counts.volumeUpdates += 1;
    return { ...volume, updatedAt: shown };
  }

  /**
   * Deletes a volume (its backups stay): `deleting` for `deleteMs`, then gone. 400 unless deletable
   * (see {@link checkVolumeDeletable}); with `cascade`, its snapshots are deleted with it.
   */
  deleteVolume(id: string, cascade = false): void {
    const volume = this.getVolume(id);
    checkVolumeDeletable(volume, this.data.snapshots, cascade);
    for (const snapshot of this.data.snapshots.filter((candidate) => candidate.volumeId === id)) {
      if (snapshot.status !== "deleting") this.startSnapshotDelete(snapshot);
    }
    this.change(volume, "deleting");
    this.schedule({ kind: "delete-volume", at: this.after(this.current.deleteMs), volumeId: id });
    this.counts.volumeDeletes += 1;
  }

  /** `os-attach` (an `available` volume becomes `in-use` at once) or `os-detach` (back to `available`). */
  volumeAction(id: string, action: VolumeAction): void {
    const volume = this.getVolume(id);
    if (action.kind === "os-detach") {
      if (volume.attachment === null) return;
      volume.attachment = null;
      delete volume.adminMetadata.attached_mode;
      this.change(volume, "available");
      return;
    }
    if (volume.attachment !== null) {
      throw invalidVolume("volume is already attached and multiple attachments are not enabled");
    }
    if (volume.status !== "available") {
      throw invalidVolume(`Volume status must be available to reserve, but the status is ${volume.status}.`);
    }
    const now = this.clock.now();
    volume.attachment = {
      attachmentId: uuid4(),
      serverId: action.serverId,
      device: action.device,
      attachedAt: now,
    };
    volume.adminMetadata = { ...volume.adminMetadata, ...ATTACHED_ADMIN_METADATA };
    this.change(volume, "in-use");
  }

  /** The project's snapshots. */
  listSnapshots(): readonly CinderSnapshot[] {
    this.settle();
    return this.data.snapshots;
  }

  /** One snapshot, or 404. */
  getSnapshot(id: string): CinderSnapshot {
    return this.find(this.data.snapshots, id, snapshotNotFound);
  }

  /**
   * Starts a snapshot, refusing as Cinder does (in order): unknown volume (404), then
   * {@link checkSnapshotSource} (`inUseAllowed`: from 3.66, an `in-use` volume needs no `force`), then
   * quota (413). It is `creating` for `snapshotMs`, then `available`; the volume's status does not
   * change.
   */
  createSnapshot(request: SnapshotCreateRequest, inUseAllowed: boolean): CinderSnapshot {
    const volume = this.getVolume(request.volumeId ?? "None");
    checkSnapshotSource(volume, request.force, inUseAllowed);
    checkSnapshotQuota(this.data, volume.size, this.current.quotas);
    const snapshot: CinderSnapshot = {
      ...buildSnapshot({ ...request, volumeId: volume.id }, volume.size, this.clock.now()),
      status: "creating",
      updatedAt: null,
    };
    this.data.snapshots.push(snapshot);
    this.schedule({
      kind: "create-snapshot",
      at: this.after(this.current.snapshotMs),
      snapshotId: snapshot.id,
    });
    this.counts.snapshotCreates += 1;
    return snapshot;
  }

  /** Deletes a snapshot: 400 unless `available` or `error`; `deleting` for `deleteMs`, then gone. */
  deleteSnapshot(id: string): void {
    const snapshot = this.getSnapshot(id);
    checkSnapshotDeletable(snapshot);
    this.startSnapshotDelete(snapshot);
    this.counts.snapshotDeletes += 1;
  }

  /**
   * Test control: the backup `id`, still being made, ends now with the outcome it was given at its start, so a
   * test can hold a backup in `creating` for as long as it needs (a long `backupMs`) and then let it finish.
   */
  endBackupNow(id: string): void {
    const now = this.clock.now();
    const index = this.jobs.findIndex((job) => job.kind === "create-backup" && job.backupId === id);
    if (index < 0) throw new Error(`no Cinder backup ${id} being made`);
    this.jobs[index] = { ...this.jobs[index], at: now };
    this.settle();
  }

  /** The project's backups. */
  listBackups(): readonly CinderBackup[] {
    this.settle();
    return this.data.backups;
  }

  /** One backup, or 404. */
  getBackup(id: string): CinderBackup {
    return this.find(this.data.backups, id, backupNotFound);
  }

  /** {@link createBackup} of `volumeId` with `changes` to a plain request (full, no name, no force). For tests. */
  backUp(volumeId: string, changes: Partial<BackupCreateRequest> = {}): CinderBackup {
    return this.createBackup({
      volumeId,
      name: null,
      description: null,
      container: null,
      incremental: false,
      force: false,
      snapshotId: null,
      metadata: {},
      ...changes,
    });
  }

  /**
   * Starts a backup, refusing as Cinder does (in order): unknown volume (404); with a `snapshotId`,
   * unknown snapshot (404) and {@link checkBackupSnapshot}, otherwise {@link checkBackupVolume}; quota
   * (413); incremental without a backup to build on or whose parent is not `available`. The backup is
   * `creating` for `backupMs` (for ever with `stuckInCreating`), then the next outcome applies; all that
   * time its volume is `backing-up`, or, for a backup of a snapshot, the snapshot is (and the volume
   * keeps its status).
   */
  createBackup(request: BackupCreateRequest): CinderBackup {
    const volume = this.getVolume(request.volumeId);
    const snapshot = request.snapshotId === null ? undefined : this.getSnapshot(request.snapshotId);
    if (snapshot) checkBackupSnapshot(request.volumeId, snapshot);
    else checkBackupVolume(volume, request.force);
    checkBackupQuota(this.data.backups, volume.size, this.current.quotas);
    const parent = request.incremental ? this.incrementalParent(volume.id, snapshot) : undefined;
    const now = this.clock.now();
    const backup: CinderBackup = {
      id: uuid4(),
      volumeId: volume.id,
      name: request.name,
      description: request.description,
      status: "creating",
      size: volume.size,
      objectCount: 0,
      container: request.container,
      isIncremental: parent !== undefined,
      parentId: parent?.id ?? null,
      snapshotId: snapshot?.id ?? null,
      dataTimestamp: snapshot?.createdAt ?? now,
      dependentCount: 0,
      failReason: null,
      metadata: { ...request.metadata },
      source: { name: volume.name, description: volume.description, metadata: { ...volume.metadata } },
      createdAt: now,
      updatedAt: now,
    };
    this.data.backups.push(backup);
    const volumeStatus = snapshot ? null : (volume.status as "available" | "in-use");
    if (snapshot) {
      snapshot.status = "backing-up";
      snapshot.updatedAt = now;
    } else {
      this.change(volume, "backing-up");
    }
    this.schedule({
      kind: "create-backup",
      at: this.current.stuckInCreating ? Number.POSITIVE_INFINITY : this.after(this.current.backupMs),
      backupId: backup.id,
      volumeId: volume.id,
      volumeStatus,
      snapshotId: snapshot?.id ?? null,
      outcome: this.takeOutcome("backupOutcomes"),
    });
    this.counts.backupCreates += 1;
    return backup;
  }

  /** Changes a backup's name, description or metadata (any status); 404 if unknown. */
  updateBackup(id: string, request: BackupUpdateRequest): CinderBackup {
    const backup = this.getBackup(id);
    if (request.name !== undefined) backup.name = request.name;
    if (request.description !== undefined) backup.description = request.description;
    if (request.metadata !== undefined) backup.metadata = { ...request.metadata };
    backup.updatedAt = this.clock.now();
    this.counts.backupUpdates += 1;
    return backup;
  }

  /**
   * Deletes a backup: 400 unless `available` or `error`, and while incremental backups (in any
   * status) build on it. It is `deleting` for `deleteMs`, then gone.
   */
  deleteBackup(id: string): void {
    const backup = this.getBackup(id);
    if (backup.status !== "available" && backup.status !== "error") {
      throw invalidBackup("Backup status must be available or error");
    }
    if (this.data.backups.some((candidate) => candidate.parentId === id)) {
      throw invalidBackup("Incremental backups exist for this backup.");
    }
    backup.status = "deleting";
    backup.updatedAt = this.clock.now();
    this.schedule({ kind: "delete-backup", at: this.after(this.current.deleteMs), backupId: id });
    this.counts.backupDeletes += 1;
  }

  /**
   * Restores a backup into an existing volume or a new one, refusing as Cinder does (in order): backup
   * not `available`; for a new volume, quota (413); for an existing one, unknown (404), not
   * `available`, smaller than the backup. The backup is `restoring` and the volume
   * `restoring-backup` for `restoreMs`, then the next outcome applies.
   */
  restoreBackup(id: string, request: RestoreRequest): StartedRestore {
    const backup = this.getBackup(id);
    if (backup.status !== "available") throw invalidBackup("Backup status must be available");
    const volume =
      request.volumeId === null ? this.restoreTarget(backup, request.name) : this.getVolume(request.volumeId);
    if (volume.status !== "available") throw invalidVolume("Volume to be restored to must be available");
    if (backup.size > volume.size) {
      throw invalidVolume(
        `volume size ${volume.size} is too small to restore backup of size ${backup.size}.`,
      );
    }
    backup.status = "restoring";
    backup.updatedAt = this.clock.now();
    this.change(volume, "restoring-backup");
    this.schedule({
      kind: "restore",
      at: this.after(this.current.restoreMs),
      backupId: id,
      volumeId: volume.id,
      outcome: this.takeOutcome("restoreOutcomes"),
    });
    this.counts.restores += 1;
    return { backup, volume };
  }

  /** The new volume of a restore without `volume_id` (Cinder creates it before answering). */
  private restoreTarget(backup: CinderBackup, name: string | null): CinderVolume {
    checkVolumeQuota(this.data, backup.size, this.current.quotas, false);
    const volume = buildVolume(
      {
        size: backup.size,
        name: name ?? `restore_backup_${backup.id}`,
        description: "auto-created_from_restore_from_backup",
      },
      this.clock.now(),
    );
    this.data.volumes.push(volume);
    return volume;
  }

  /**
   * The backup an incremental one of `volumeId` builds on, which must be available: the one with the
   * latest `data_timestamp` (of a snapshot: the latest older than the snapshot). When none qualifies,
   * Cinder's `max` keeps the first backup of its list, which came newest first on the real server.
   */
  private incrementalParent(volumeId: string, snapshot: CinderSnapshot | undefined): CinderBackup {
    const key = (backup: CinderBackup) =>
      snapshot === undefined || backup.dataTimestamp < snapshot.createdAt
        ? backup.dataTimestamp
        : Number.NEGATIVE_INFINITY;
    const latest = this.data.backups
      .filter((backup) => backup.volumeId === volumeId)
      .reduce<CinderBackup | undefined>(
        (best, backup) => (best && key(best) > key(backup) ? best : backup),
        undefined,
      );
    if (latest === undefined) throw invalidBackup("No backups available to do an incremental backup.");
    if (latest.status !== "available")
      throw invalidBackup("The parent backup must be available for incremental backup.");
    return latest;
  }

  /** The item with this id after settling, or the 404 `notFound` makes. */
  private find<T extends { readonly id: string }>(
    items: readonly T[],
    id: string,
    notFound: (id: string) => HttpError,
  ): T {
    this.settle();
    const item = items.find((candidate) => candidate.id === id);
    if (item === undefined) throw notFound(id);
    return item;
  }

  /** Makes a snapshot `deleting`, gone after `deleteMs`. */
  private startSnapshotDelete(snapshot: CinderSnapshot): void {
    snapshot.status = "deleting";
    snapshot.updatedAt = this.clock.now();
    this.schedule({
      kind: "delete-snapshot",
      at: this.after(this.current.deleteMs),
      snapshotId: snapshot.id,
    });
  }

  private change(volume: CinderVolume, status: CinderVolumeStatus): void {
    volume.status = status;
    volume.updatedAt = this.clock.now();
  }

  private after(durationMs: number): number {
    return this.clock.now() + durationMs;
  }

  private schedule(job: CinderJob): void {
    this.jobs.push(job);
  }

  /** The next outcome of a queue, removed from it (`available` when the queue is empty). */
  private takeOutcome<Q extends "backupOutcomes" | "restoreOutcomes">(queue: Q): CinderBehaviour[Q][number] {
    const [next, ...rest] = this.current[queue];
    this.current = { ...this.current, [queue]: rest };
    return next ?? "available";
  }
}
