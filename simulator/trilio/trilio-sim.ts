import { type Clock } from "../core/clock";
import { uuid4 } from "../core/ids";
import { HttpError } from "../core/service";
import { checkBehaviourPatch, DEFAULT_TRILIO_BEHAVIOUR, type TrilioBehaviour } from "./behaviour";
import {
  isTerminal,
  type NovaServer,
  type Restore,
  type RestoredInstance,
  type RestoreOutcome,
  type Snapshot,
  type TrilioState,
  type Workload,
} from "./models";
import { initialProgress, restoreProgressAt } from "./progress";
import { parseRestoreRequest, restoreTargets } from "./restore-request";
import { projectServers } from "./servers";
import { buildDefaultSeed, buildWorkload, type SeededWorkload, TRILIO_SEED, type WorkloadSpec } from "./seed";

/** Read access to the Trilio state, for assertions (do not modify). */
export type TrilioStateView = {
  readonly [K in keyof TrilioState]: readonly TrilioState[K][number][];
};

const KIND_LABELS = {
  oneclick: "Oneclick Restore",
  selective: "Selective Restore",
  inplace: "Inplace Restore",
};

function notFound(kind: string, id: string): HttpError {
  return new HttpError(404, `${kind} ${id} could not be found.`);
}

/**
 * The simulated TrilioVault workloadmgr: workloads, snapshots and restores of one project. Restore
 * progress is computed from the clock whenever the state is read (no timers): every operation and
 * every read of {@link TrilioSim.state} first brings finished restores to their end (unlocking the
 * snapshot and workload, creating the restored instances).
 */
export class TrilioSim {
  /** The project owning the workloads (the seeded Keystone project). */
  readonly projectId = TRILIO_SEED.projectId;
  private data: TrilioState = { workloads: [], snapshots: [], restores: [], restoredInstances: [] };
  private current: TrilioBehaviour;
  private starts = 0;

  /**
   * @param clock - the simulator's clock
   * @param initialBehaviour - behaviour at start and after {@link TrilioSim.reset}
   */
  constructor(
    private readonly clock: Clock,
    private readonly initialBehaviour: Partial<TrilioBehaviour> = {},
  ) {
    this.current = { ...DEFAULT_TRILIO_BEHAVIOUR, ...checkBehaviourPatch(initialBehaviour) };
    this.reset();
  }

  /** The whole state, brought up to date with the clock. */
  get state(): TrilioStateView {
    this.settle();
    return this.data;
  }

  /** How many restore requests were accepted (202) since start or the last reset. */
  get restoreStarts(): number {
    return this.starts;
  }

  /** The current behaviour (a copy). */
  get behaviour(): TrilioBehaviour {
    return { ...this.current, outcomes: [...this.current.outcomes] };
  }

  /** Changes part of the behaviour; `outcomes` replaces the queue. Throws RangeError for bad values. */
  setBehaviour(patch: Partial<TrilioBehaviour>): void {
    this.current = { ...this.current, ...checkBehaviourPatch(patch) };
  }

  /** Back to the default seed (web and db) and the initial behaviour; counters to zero. */
  reset(): void {
    this.data = { workloads: [], snapshots: [], restores: [], restoredInstances: [] };
    for (const built of buildDefaultSeed()) {
      this.data.workloads.push(built.workload);
      this.data.snapshots.push(...built.snapshots);
    }
    this.current = { ...DEFAULT_TRILIO_BEHAVIOUR, ...checkBehaviourPatch(this.initialBehaviour) };
    this.starts = 0;
  }

  /** Adds a workload with its instances and snapshots (see {@link WorkloadSpec}); returns the ids. */
  addWorkload(spec: WorkloadSpec): SeededWorkload {
    const { workload, snapshots } = buildWorkload(spec, this.clock.now());
    if (this.data.workloads.some((existing) => existing.id === workload.id)) {
      throw new RangeError(`workload ${workload.id} already exists`);
    }
    this.data.workloads.push(workload);
    this.data.snapshots.push(...snapshots);
    return {
      workloadId: workload.id,
      instanceIds: workload.instances.map((instance) => instance.id),
      snapshotIds: snapshots.map((snapshot) => snapshot.id),
    };
  }

  /**
   * Adds `count` workloads named `<prefix>-001`, `<prefix>-002`, ..., each built from `template`
   * (default: one instance and one available full snapshot). For benchmarks.
   */
  seed(count: number, template: Omit<WorkloadSpec, "id" | "name"> = {}, prefix = "bench"): SeededWorkload[] {
    const width = Math.max(3, String(count).length);
    return Array.from({ length: count }, (_, index) =>
      this.addWorkload({ ...template, name: `${prefix}-${String(index + 1).padStart(width, "0")}` }),
    );
  }

  /**
   * Makes a workload's original VMs exist (as if recreated) or not (as if deleted in Nova): Nova then
   * shows them or answers 404, and a one-click restore of the workload fails or can succeed. RangeError
   * for an unknown workload.
   */
  setOriginalVmsExist(workloadId: string, exist: boolean): void {
    const workload = this.data.workloads.find((candidate) => candidate.id === workloadId);
    if (workload === undefined) throw new RangeError(`no workload ${workloadId}`);
    if (typeof exist !== "boolean")
      throw new RangeError(`exist must be a boolean, got ${JSON.stringify(exist)}`);
    workload.originalVmsExist = exist;
  }

  /**
   * The project's VMs, as the simulated Nova lists them (see {@link projectServers}): what a one-click
   * restore checks the originals against, so Nova and its failure always agree.
   */
  listServers(): NovaServer[] {
    this.settle();
    return projectServers(this.data);
  }

  /** One of the project's VMs (see {@link TrilioSim.listServers}), if it exists. */
  findServer(id: string): NovaServer | undefined {
    return this.listServers().find((server) => server.id === id);
  }

  /** Workloads of the project. */
  listWorkloads(): readonly Workload[] {
    this.settle();
    return this.data.workloads;
  }

  /** One workload, or 404. */
  getWorkload(id: string): Workload {
    this.settle();
    const workload = this.data.workloads.find((candidate) => candidate.id === id);
    if (workload === undefined) throw notFound("Workload", id);
    return workload;
  }

  /** Snapshots, optionally of one workload. */
  listSnapshots(workloadId?: string): readonly Snapshot[] {
    this.settle();
    return this.data.snapshots.filter(
      (snapshot) => workloadId === undefined || snapshot.workloadId === workloadId,
    );
  }

  /** One snapshot, or 404. */
  getSnapshot(id: string): Snapshot {
    this.settle();
    const snapshot = this.findSnapshot(id);
    if (snapshot === undefined) throw notFound("Snapshot", id);
    return snapshot;
  }

  /** The snapshot with this id, if it exists (no settling). */
  findSnapshot(id: string): Snapshot | undefined {
    return this.data.snapshots.find((candidate) => candidate.id === id);
  }

  /** Restores, optionally of one snapshot. */
  listRestores(snapshotId?: string): readonly Restore[] {
    this.settle();
    return this.data.restores.filter(
      (restore) => snapshotId === undefined || restore.snapshotId === snapshotId,
    );
  }

  /** One restore, or 404. */
  getRestore(id: string): Restore {
    this.settle();
    const restore = this.data.restores.find((candidate) => candidate.id === id);
    if (restore === undefined) throw notFound("Restore", id);
    return restore;
  }

  /**
   * Starts a restore of a snapshot from a request body. Refuses (400, or 500 with
   * `legacyStatusErrors` for state problems) a malformed body, a locked workload, a snapshot that is
   * not `available`, and instances not in the snapshot; 404 for an unknown snapshot. On success the
   * snapshot becomes `restoring` and its workload `locked`, and the new restore is returned as
   * accepted (status `restoring`).
   */
  startRestore(snapshotId: string, body: unknown): Restore {
    this.settle();
    const request = parseRestoreRequest(body);
    const snapshot = this.getSnapshot(snapshotId);
    const workload = this.getWorkload(snapshot.workloadId);
    if (workload.status === "locked") {
      throw this.stateError(
        `Workload ${workload.id} is locked: a restore of one of its snapshots is running.`,
      );
    }
    if (snapshot.status !== "available") {
      throw this.stateError(
        `Snapshot status must be available (snapshot ${snapshot.id} is ${snapshot.status}).`,
      );
    }
    const targets = restoreTargets(request, snapshot);
    const queued = this.takeOutcome();
    const existing = targets.find((target) => this.findServer(target.originalId) !== undefined);
    const outcome: RestoreOutcome =
      request.kind === "oneclick" && existing !== undefined
        ? {
            status: "error",
            message: `Failed restoring snapshot: Error creating instance ${existing.originalId}: instance with the same id already exists`,
          }
        : queued;
    const restore: Restore = {
      id: uuid4(),
      projectId: snapshot.projectId,
      userId: snapshot.userId,
      snapshotId: snapshot.id,
      workloadId: workload.id,
      name: request.name,
      description: request.description,
      kind: request.kind,
      options: request.options,
      targets,
      createdAt: this.clock.now(),
      durationMs: this.current.restoreDurationMs,
      plannedSize: snapshot.restoreSize,
      outcome,
      cancelRequestedAt: null,
      cancelDurationMs: this.current.cancelDurationMs,
      instances: [],
      metadata: [],
      ...initialProgress(),
    };
    this.data.restores.push(restore);
    snapshot.status = "restoring";
    workload.status = "locked";
    this.starts += 1;
    return restore;
  }

  /**
   * Asks a running restore to stop: it goes `cancelling`, then `cancelled` after the cancel
   * duration. A no-op on a restore already cancelling or finished (with `legacyStatusErrors`, a
   * finished one answers 500 instead). 404 for an unknown restore.
   */
  cancelRestore(id: string): void {
    const restore = this.getRestore(id);
    if (isTerminal(restore.status)) {
      if (this.current.legacyStatusErrors) {
        throw new HttpError(500, `Restore ${id} cannot be cancelled: it is ${restore.status}.`);
      }
      return;
    }
    if (restore.cancelRequestedAt !== null) return;
    restore.cancelRequestedAt = this.clock.now();
    restore.cancelDurationMs = this.current.cancelDurationMs;
    this.settle();
  }

  /** Deletes a finished restore's record (its restored instances stay); 400 while it runs, 404 if unknown. */
  deleteRestore(id: string): void {
    const restore = this.getRestore(id);
    if (!isTerminal(restore.status)) {
      throw new HttpError(
        400,
        `Restore ${id} cannot be deleted while it is ${restore.status}: status must be available, error or cancelled.`,
      );
    }
    this.data.restores.splice(this.data.restores.indexOf(restore), 1);
  }

  /**
   * Removes a finished restore's record, as workloadmgr's housekeeping of old restores does: afterwards
   * `GET /restores/{id}` is a 404 and no list shows it; the VMs it created stay. RangeError for an
   * unknown restore or one that has not finished.
   */
  forgetRestore(id: string): void {
    this.settle();
    const restore = this.data.restores.find((candidate) => candidate.id === id);
    if (restore === undefined) throw new RangeError(`no restore ${id}`);
    if (!isTerminal(restore.status)) {
      throw new RangeError(
        `restore ${id} is ${restore.status}: only a finished restore's record is forgotten`,
      );
    }
    this.data.restores.splice(this.data.restores.indexOf(restore), 1);
  }

  /** Brings every unfinished restore up to the clock, finishing those whose time has come, in end order. */
  settle(): void {
    const now = this.clock.now();
    const running = this.data.restores.filter((restore) => !isTerminal(restore.status));
    const updates = running
      .map((restore) => ({ restore, progress: restoreProgressAt(restore, now) }))
      .sort((a, b) => (a.progress.finishedAt ?? Infinity) - (b.progress.finishedAt ?? Infinity));
    for (const { restore, progress } of updates) {
      Object.assign(restore, progress);
      if (isTerminal(progress.status)) this.finish(restore);
    }
  }

  private finish(restore: Restore): void {
    const finishedAt = restore.finishedAt ?? this.clock.now();
    const snapshot = this.findSnapshot(restore.snapshotId);
    if (snapshot?.status === "restoring") snapshot.status = "available";
    const workload = this.data.workloads.find((candidate) => candidate.id === restore.workloadId);
    if (workload?.status === "locked") workload.status = "available";
    if (restore.status === "available") {
      restore.instances = restore.targets.map((target) =>
        this.restoredInstance(restore, target.originalId, target.name),
      );
      this.data.restoredInstances.push(...restore.instances.filter((instance) => !instance.inPlace));
    }
    const seconds = String(Math.round((finishedAt - restore.createdAt) / 1000));
    restore.metadata = [
      ["data_transfer_time", seconds],
      ["object_store_transfer_time", "0"],
      ["restore_user_selected_value", KIND_LABELS[restore.kind]],
    ].map(([key = "", value = ""]) => ({ id: uuid4(), key, value, createdAt: finishedAt }));
  }

  private restoredInstance(restore: Restore, originalId: string, name: string): RestoredInstance {
    const original = this.findSnapshot(restore.snapshotId)?.instances.find(
      (instance) => instance.id === originalId,
    );
    const inPlace = restore.kind === "inplace";
    return {
      id: inPlace ? originalId : uuid4(),
      name,
      status: "available",
      metadata: { ...original?.metadata, config_drive: "", instance_id: originalId },
      originalInstanceId: originalId,
      restoreId: restore.id,
      workloadId: restore.workloadId,
      createdAt: restore.finishedAt ?? this.clock.now(),
      inPlace,
    };
  }

  private takeOutcome(): RestoreOutcome {
    const [next, ...rest] = this.current.outcomes;
    this.current = { ...this.current, outcomes: rest };
    return next ?? "available";
  }

  private stateError(message: string): HttpError {
    return new HttpError(this.current.legacyStatusErrors ? 500 : 400, message);
  }
}
