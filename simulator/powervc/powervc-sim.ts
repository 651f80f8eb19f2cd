import { type Clock } from "../core/clock";
import { uuid4 } from "../core/ids";
import { HttpError } from "../core/service";
import { checkPowerVCBehaviourPatch, DEFAULT_POWERVC_BEHAVIOUR, type PowerVCBehaviour } from "./behaviour";
import {
  type InstanceSnapshot,
  type InstanceSnapshotStatus,
  type PowerVCServer,
  type PowerVCState,
  type PowerVCTask,
  type PowerVCVolume,
  type PowerVCTaskAction,
  type PowerVCVolumeSnapshot,
  type PowerVCVolumeSnapshotKind,
  type VolumeSnapshotIds,
} from "./models";
import { type RestoreRequest, type SnapshotRequest, type UpdateRequest } from "./requests";
import { buildPowerVCSeed, POWERVC_SEED } from "./seed";
import { type TaskDetails } from "./taskflow";
import { elapsedPercent, stepEndsAt, taskDetailsAt, taskEndsAt } from "./tasks";
import { type CopyMapping } from "./views";

/** Read access to the PowerVC state, for assertions (do not modify). */
export type PowerVCStateView = {
  readonly [K in keyof PowerVCState]: readonly PowerVCState[K][number][];
};

/** How many actions of each kind were accepted (see {@link PowerVCSim.counters}). */
export interface PowerVCCounters {
  /** `vm-snapshot` actions. */
  snapshotActions: number;
  /** `vm-restore` actions that are neither a retry nor a rollback. */
  restoreActions: number;
  /** `vm-restore` retries. */
  retries: number;
  /** `vm-restore` rollbacks. */
  rollbacks: number;
}

/** The FlashCopy mapping number new tasks start counting from (`fcmap200`, ...). */
const FIRST_FCMAP = 200;

/** Statuses in which an instance snapshot can be deleted. */
const DELETABLE: readonly InstanceSnapshotStatus[] = ["available", "restore-error", "error"];

/** The counter each kind of `vm-restore` counts in. */
const RESTORE_COUNTERS = {
  restore: "restoreActions",
  "restore-retry": "retries",
  "restore-rollback": "rollbacks",
} as const satisfies Record<RestoreRequest["action"], keyof PowerVCCounters>;

/**
 * The volumes a `vm-restore` copies back: every volume of a restore, the failed ones of a retry, the
 * ones with a temporary copy for a rollback.
 */
function restoredVolumes(snapshot: InstanceSnapshot, action: RestoreRequest["action"]): string[] {
  const copies: Record<RestoreRequest["action"], VolumeSnapshotIds | null> = {
    restore: snapshot.snapshots,
    "restore-retry": snapshot.failedSnapshots,
    "restore-rollback": snapshot.tempSnapshots,
  };
  const chosen = copies[action] ?? snapshot.snapshots;
  return snapshot.volumeIds.filter((id) => id in chosen);
}

/** What a task needs besides what {@link PowerVCSim} fills in itself. */
type TaskSpec = Pick<
  PowerVCTask,
  "action" | "instanceSnapshotId" | "serverId" | "volumeIds" | "durationMs" | "outcome" | "force"
> & { readonly takesSnapshots: boolean };

/** The status an instance snapshot must have for each kind of `vm-restore`. */
const REQUIRED_STATUS = {
  restore: "available",
  "restore-retry": "restore-error",
  "restore-rollback": "restore-error",
} as const satisfies Record<RestoreRequest["action"], InstanceSnapshotStatus>;

/** Each kind of `vm-restore` as PowerVC's documentation names it. */
const OPERATION_NAMES = {
  restore: "Restore",
  "restore-retry": "Retry",
  "restore-rollback": "Rollback",
} as const satisfies Record<RestoreRequest["action"], string>;

/**
 * The 400 of a `vm-restore` refused for the snapshot's status, worded as PowerVC's documentation states the
 * rule ("Retry operation can be done only when instance-snapshot status is restore-error"); a plain restore of
 * a snapshot in `restore-error` also says how to recover.
 */
function wrongStatus(snapshot: InstanceSnapshot, action: RestoreRequest["action"]): HttpError {
  const rule = `${OPERATION_NAMES[action]} operation can be done only when instance-snapshot status is ${REQUIRED_STATUS[action]}`;
  const recovery =
    action === "restore" && snapshot.status === "restore-error"
      ? ' Retry or roll back its failed restore instead ("retry": true or "rollback": true).'
      : "";
  return badRequest(`${rule}: instance snapshot ${snapshot.id} is ${snapshot.status}.${recovery}`);
}

function notFound(kind: string, id: string): HttpError {
  return new HttpError(404, `${kind} ${id} could not be found.`);
}

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/**
 * The simulated IBM PowerVC: servers, their volumes, instance snapshots and the tasks that create,
 * restore and delete them, in one project. Like Trilio, nothing runs on timers: every operation and
 * every read of {@link PowerVCSim.state} first applies what the clock says has happened (temporary
 * snapshots taken, tasks ended), in time order.
 */
export class PowerVCSim {
  /** The project owning the servers (Keystone's `powervc` project). */
  readonly projectId = POWERVC_SEED.projectId;
  /** The user owning them (the seeded user). */
  readonly userId = POWERVC_SEED.userId;
  private data: PowerVCState = {
    servers: [],
    volumes: [],
    volumeSnapshots: [],
    instanceSnapshots: [],
    tasks: [],
  };
  private current: PowerVCBehaviour;
  private counts: PowerVCCounters = { snapshotActions: 0, restoreActions: 0, retries: 0, rollbacks: 0 };
  private nextFcmap = FIRST_FCMAP;

  /**
   * @param clock - the simulator's clock
   * @param initialBehaviour - behaviour at start and after {@link PowerVCSim.reset}
   */
  constructor(
    private readonly clock: Clock,
    private readonly initialBehaviour: Partial<PowerVCBehaviour> = {},
  ) {
    this.current = { ...DEFAULT_POWERVC_BEHAVIOUR, ...checkPowerVCBehaviourPatch(initialBehaviour) };
    this.reset();
  }

  /** The whole state, brought up to date with the clock. */
  get state(): PowerVCStateView {
    this.settle();
    return this.data;
  }

  /** The current behaviour (a copy). */
  get behaviour(): PowerVCBehaviour {
    const { snapshotOutcomes, restoreOutcomes, rollbackOutcomes } = this.current;
    return {
      ...this.current,
      snapshotOutcomes: [...snapshotOutcomes],
      restoreOutcomes: [...restoreOutcomes],
      rollbackOutcomes: [...rollbackOutcomes],
    };
  }

  /** Changes part of the behaviour; an outcome queue given replaces the old one. Throws RangeError for bad values. */
  setBehaviour(patch: Partial<PowerVCBehaviour>): void {
    this.current = { ...this.current, ...checkPowerVCBehaviourPatch(patch) };
  }

  /** The base of new task URIs: the behaviour's `taskUriBase` with the project id filled in. */
  get taskUriBase(): string {
    return this.current.taskUriBase.replaceAll("{project}", this.projectId);
  }

  /** How many actions of each kind were accepted since start or the last reset (a copy). */
  get counters(): PowerVCCounters {
    return { ...this.counts };
  }

  /** Back to the seed (see `POWERVC_SEED`) and the initial behaviour; counters to zero. */
  reset(): void {
    this.current = { ...DEFAULT_POWERVC_BEHAVIOUR, ...checkPowerVCBehaviourPatch(this.initialBehaviour) };
    this.data = buildPowerVCSeed((action, taskId, id) => this.taskUri(action, taskId, id));
    this.counts = { snapshotActions: 0, restoreActions: 0, retries: 0, rollbacks: 0 };
    this.nextFcmap = FIRST_FCMAP;
  }

  /** The servers of the project. */
  listServers(): readonly PowerVCServer[] {
    this.settle();
    return this.data.servers;
  }

  /**
   * Adds an `ACTIVE` server named `name` with `volumes` attached volumes (`<name>-boot`, bootable, then
   * `<name>-data-1`, ...), for tests and benchmarks that need more servers than the seed. Returns the server.
   */
  addServer(name: string, volumes = 2): PowerVCServer {
    if (!Number.isInteger(volumes) || volumes < 1) {
      throw new RangeError(`a server has 1 or more volumes, got ${volumes}`);
    }
    const id = uuid4();
    const createdAt = this.clock.now();
    const attached: PowerVCVolume[] = Array.from({ length: volumes }, (_, index) => ({
      id: uuid4(),
      name: index === 0 ? `${name}-boot` : `${name}-data-${index}`,
      sizeGb: index === 0 ? 20 : 50,
      status: "in-use",
      serverId: id,
      bootable: index === 0,
      createdAt,
    }));
    const server: PowerVCServer = {
      id,
      name,
      status: "ACTIVE",
      volumeIds: attached.map((volume) => volume.id),
      createdAt,
    };
    this.data.servers.push(server);
    this.data.volumes.push(...attached);
    return server;
  }

  /** One server, or 404. */
  getServer(id: string): PowerVCServer {
    const server = this.data.servers.find((candidate) => candidate.id === id);
    if (server === undefined) throw notFound("Instance", id);
    return server;
  }

  /** One volume, or 404. */
  getVolume(id: string): PowerVCVolume {
    const volume = this.data.volumes.find((candidate) => candidate.id === id);
    if (volume === undefined) throw notFound("Volume", id);
    return volume;
  }

  /** The instance snapshots of the project. */
  listInstanceSnapshots(): readonly InstanceSnapshot[] {
    this.settle();
    return this.data.instanceSnapshots;
  }

  /** One instance snapshot, or 404 (also once a delete has ended). */
  getInstanceSnapshot(id: string): InstanceSnapshot {
    this.settle();
    const snapshot = this.findInstanceSnapshot(id);
    if (snapshot === undefined) throw notFound("Instance snapshot", id);
    return snapshot;
  }

  /**
   * `vm-snapshot`: snapshots the given volumes of a server (all attached ones when none are given).
   * 404 for an unknown server; 400 for a volume not attached to it, or while another instance
   * snapshot of it is being created or restored. The new snapshot is `creating`, and `available`
   * with its `snapshots` filled once its task ends.
   */
  createInstanceSnapshot(
    serverId: string,
    request: SnapshotRequest,
  ): { snapshot: InstanceSnapshot; task: PowerVCTask } {
    this.settle();
    const server = this.getServer(serverId);
    const volumeIds = request.volumes ?? server.volumeIds;
    const foreign = volumeIds.filter((id) => !server.volumeIds.includes(id));
    if (foreign.length > 0) {
      throw badRequest(`Volume(s) ${foreign.join(", ")} are not attached to instance ${server.id}.`);
    }
    if (volumeIds.length === 0) throw badRequest(`Instance ${server.id} has no volumes attached.`);
    this.checkIdle(server.id);
    const id = uuid4();
    const outcome = this.takeOutcome("snapshotOutcomes");
    const task = this.startTask({
      action: "snapshot",
      instanceSnapshotId: id,
      serverId: server.id,
      volumeIds,
      durationMs: this.current.snapshotMs,
      outcome,
      force: false,
      takesSnapshots: outcome === "success",
    });
    const snapshot: InstanceSnapshot = {
      id,
      name: request.name,
      description: request.description,
      status: "creating",
      instanceId: server.id,
      volumeIds,
      snapshots: {},
      tempSnapshots: null,
      failedSnapshots: null,
      taskUri: this.uriOf(task),
      createdAt: task.startedAt,
      updatedAt: task.startedAt,
    };
    this.data.instanceSnapshots.push(snapshot);
    this.counts.snapshotActions += 1;
    this.settle();
    return { snapshot, task };
  }

  /**
   * `vm-restore`: a restore (the snapshot must be `available`), a retry or a rollback (it must be
   * `restore-error`), all 400 otherwise; 400 too for a snapshot of another server or while another
   * instance snapshot of the server is being created or restored; 404 for an unknown server or
   * snapshot. The snapshot goes `restoring`; a restore takes `temp_snapshots` when its first step
   * ends; at the end it is `available`, or `restore-error` with `failed_snapshots` when the outcome
   * taken from the behaviour's queue is a failure. A retry restores the failed volumes again; a
   * rollback restores every volume from `temp_snapshots`.
   */
  restore(serverId: string, request: RestoreRequest): PowerVCTask {
    this.settle();
    const server = this.getServer(serverId);
    const snapshot = this.getInstanceSnapshot(request.instanceSnapshotId);
    if (snapshot.instanceId !== server.id) {
      throw badRequest(
        `Instance snapshot ${snapshot.id} belongs to instance ${snapshot.instanceId}, not to ${server.id}.`,
      );
    }
    if (snapshot.status !== REQUIRED_STATUS[request.action]) throw wrongStatus(snapshot, request.action);
    this.checkIdle(server.id);
    const rollback = request.action === "restore-rollback";
    const task = this.startTask({
      action: request.action,
      instanceSnapshotId: snapshot.id,
      serverId: server.id,
      volumeIds: restoredVolumes(snapshot, request.action),
      durationMs: rollback ? this.current.rollbackMs : this.current.restoreMs,
      outcome: this.takeOutcome(rollback ? "rollbackOutcomes" : "restoreOutcomes"),
      force: request.force,
      takesSnapshots: request.action === "restore",
    });
    snapshot.status = "restoring";
    snapshot.failedSnapshots = null;
    this.touch(snapshot, task);
    this.counts[RESTORE_COUNTERS[request.action]] += 1;
    this.settle();
    return task;
  }

  /** Renames or redescribes an instance snapshot (a field not given is kept); 404 if unknown. */
  updateInstanceSnapshot(id: string, update: UpdateRequest): InstanceSnapshot {
    const snapshot = this.getInstanceSnapshot(id);
    if (update.name !== undefined) snapshot.name = update.name;
    if (update.description !== undefined) snapshot.description = update.description;
    snapshot.updatedAt = this.clock.now();
    return snapshot;
  }

  /**
   * Deletes an instance snapshot: it goes `deleting`, and when the task ends it is gone (404) with
   * its backend volume snapshots. 400 unless it is `available`, `restore-error` or `error`.
   */
  deleteInstanceSnapshot(id: string): PowerVCTask {
    const snapshot = this.getInstanceSnapshot(id);
    if (!DELETABLE.includes(snapshot.status)) {
      throw badRequest(`Instance snapshot ${id} cannot be deleted while it is ${snapshot.status}.`);
    }
    const task = this.startTask({
      action: "delete",
      instanceSnapshotId: id,
      serverId: snapshot.instanceId,
      volumeIds: [],
      durationMs: this.current.deleteMs,
      outcome: "success",
      force: false,
      takesSnapshots: false,
    });
    snapshot.status = "deleting";
    this.touch(snapshot, task);
    this.settle();
    return task;
  }

  /**
   * `get_progress`: the task's details now. Answers for finished tasks too, a delete's included once
   * its snapshot is gone. 400 without the three parameters, 404 when no task matches all three.
   */
  taskProgress(action: string | undefined, taskId: string | undefined, id: string | undefined): TaskDetails {
    if (!action || !taskId || !id)
      throw badRequest("The query parameters action, task_id and id are required.");
    const task = this.data.tasks.find(
      (candidate) =>
        candidate.id === taskId && candidate.action === action && candidate.instanceSnapshotId === id,
    );
    if (task === undefined) throw notFound("Task", taskId);
    this.settle();
    return taskDetailsAt(task, this.clock.now());
  }

  /** The FlashCopy mappings copying a volume now: one per running snapshot, restore, retry or rollback of it. */
  copyMappings(volumeId: string): CopyMapping[] {
    this.settle();
    const volume = this.getVolume(volumeId);
    const now = this.clock.now();
    return this.data.tasks
      .filter((task) => !task.finished && task.volumeIds.includes(volumeId))
      .map((task) => {
        const snapshot = this.findInstanceSnapshot(task.instanceSnapshotId);
        const source =
          task.action === "snapshot"
            ? task.newSnapshots
            : task.action === "restore-rollback"
              ? snapshot?.tempSnapshots
              : snapshot?.snapshots;
        return {
          name: `fcmap${task.fcmapBase + task.volumeIds.indexOf(volumeId)}`,
          volume,
          snapshotName: snapshot?.name ?? "",
          snapshotId: source?.[volumeId] ?? "",
          restoring: task.action !== "snapshot",
          progress: elapsedPercent(task, now),
        };
      });
  }

  /** The absolute `task_uri` of a task, on {@link PowerVCSim.taskUriBase}. */
  uriOf(task: PowerVCTask): string {
    return this.taskUri(task.action, task.id, task.instanceSnapshotId);
  }

  /**
   * Makes the running task `id` end `ms` from now (its temporary snapshots taken by then): a test's control over a
   * task given a long duration so that it is surely running while the test looks.
   */
  endTaskIn(id: string, ms: number): void {
    const index = this.data.tasks.findIndex((task) => task.id === id && !task.finished);
    if (index < 0) throw new Error(`no running PowerVC task ${id}`);
    const task = this.data.tasks[index];
    const endsAt = this.clock.now() + ms;
    this.data.tasks[index] = {
      ...task,
      durationMs: endsAt - task.startedAt,
      newSnapshotsAt: Math.min(task.newSnapshotsAt, endsAt),
    };
    this.settle();
  }

  /** Applies, in time order, every temporary snapshot taking and task end the clock has reached. */
  settle(): void {
    const now = this.clock.now();
    const events: { at: number; apply: () => void }[] = [];
    for (const task of this.data.tasks.filter((candidate) => !candidate.finished)) {
      if (!task.snapshotsTaken && now >= task.newSnapshotsAt) {
        events.push({ at: task.newSnapshotsAt, apply: () => this.takeSnapshots(task) });
      }
      const endsAt = taskEndsAt(task);
      if (now >= endsAt) events.push({ at: endsAt, apply: () => this.finish(task, endsAt) });
    }
    events.sort((a, b) => a.at - b.at);
    for (const event of events) event.apply();
  }

  private taskUri(action: PowerVCTaskAction, taskId: string, id: string): string {
    const query = new URLSearchParams({ action, task_id: taskId, id });
    return `${this.taskUriBase}/instance-snapshots/get_progress?${query.toString()}`;
  }

  /** Makes `task` the snapshot's last operation: its `task_uri`, and `updated_at` its start. */
  private touch(snapshot: InstanceSnapshot, task: PowerVCTask): void {
    snapshot.taskUri = this.uriOf(task);
    snapshot.updatedAt = task.startedAt;
  }

  private findInstanceSnapshot(id: string): InstanceSnapshot | undefined {
    return this.data.instanceSnapshots.find((candidate) => candidate.id === id);
  }

  /** 400 while an instance snapshot of the server is being created or restored. */
  private checkIdle(serverId: string): void {
    const busy = this.data.instanceSnapshots.find(
      (snapshot) =>
        snapshot.instanceId === serverId &&
        (snapshot.status === "creating" || snapshot.status === "restoring"),
    );
    if (busy !== undefined) {
      throw badRequest(`Instance ${serverId} is busy: instance snapshot ${busy.id} is ${busy.status}.`);
    }
  }

  private startTask(spec: TaskSpec): PowerVCTask {
    const { takesSnapshots, ...fields } = spec;
    const startedAt = this.clock.now();
    const timing = { action: spec.action, startedAt, durationMs: spec.durationMs };
    const task: PowerVCTask = {
      ...fields,
      id: uuid4(),
      startedAt,
      newSnapshots: takesSnapshots ? Object.fromEntries(spec.volumeIds.map((id) => [id, uuid4()])) : {},
      newSnapshotsAt: spec.action === "snapshot" ? taskEndsAt(timing) : stepEndsAt(timing, 0),
      snapshotsTaken: !takesSnapshots,
      transientStates: this.current.taskflowTransientStates,
      fcmapBase: this.nextFcmap,
      finished: false,
    };
    this.nextFcmap += Math.max(1, spec.volumeIds.length);
    this.data.tasks.push(task);
    return task;
  }

  private takeOutcome<Q extends "snapshotOutcomes" | "restoreOutcomes" | "rollbackOutcomes">(
    queue: Q,
  ): PowerVCBehaviour[Q][number] {
    const [next, ...rest] = this.current[queue];
    this.current = { ...this.current, [queue]: rest };
    return next ?? "success";
  }

  private removeVolumeSnapshots(match: (snapshot: PowerVCVolumeSnapshot) => boolean): void {
    const kept = this.data.volumeSnapshots.filter((snapshot) => !match(snapshot));
    this.data.volumeSnapshots.splice(0, this.data.volumeSnapshots.length, ...kept);
  }

  /** Records a task's new backend snapshots: the instance snapshot's `snapshots`, or its `temp_snapshots`. */
  private takeSnapshots(task: PowerVCTask): void {
    task.snapshotsTaken = true;
    const snapshot = this.findInstanceSnapshot(task.instanceSnapshotId);
    if (snapshot === undefined) return;
    const kind: PowerVCVolumeSnapshotKind = task.action === "snapshot" ? "snapshot" : "temp";
    if (kind === "temp") {
      // a new restore's temporary copies replace the previous restore's
      this.removeVolumeSnapshots((old) => old.instanceSnapshotId === snapshot.id && old.kind === "temp");
      snapshot.tempSnapshots = task.newSnapshots;
    } else snapshot.snapshots = task.newSnapshots;
    snapshot.updatedAt = task.newSnapshotsAt;
    this.data.volumeSnapshots.push(
      ...Object.entries(task.newSnapshots).map(([volumeId, id]) => ({
        id,
        volumeId,
        instanceSnapshotId: snapshot.id,
        kind,
        createdAt: task.newSnapshotsAt,
      })),
    );
  }

  private finish(task: PowerVCTask, at: number): void {
    task.finished = true;
    const snapshot = this.findInstanceSnapshot(task.instanceSnapshotId);
    if (snapshot === undefined) return;
    if (task.action === "delete") {
      this.data.instanceSnapshots.splice(this.data.instanceSnapshots.indexOf(snapshot), 1);
      this.removeVolumeSnapshots((old) => old.instanceSnapshotId === snapshot.id);
      return;
    }
    snapshot.updatedAt = at;
    if (task.outcome === "success") {
      snapshot.status = "available";
      snapshot.failedSnapshots = null;
      return;
    }
    if (task.outcome.failure === "error") {
      snapshot.status = "error";
      return;
    }
    const chosen = (task.outcome.failedVolumes ?? []).filter((id) => task.volumeIds.includes(id));
    const failed = chosen.length > 0 ? chosen : task.volumeIds;
    const from = (task.action === "restore-rollback" ? snapshot.tempSnapshots : snapshot.snapshots) ?? {};
    snapshot.failedSnapshots = Object.fromEntries(failed.map((volumeId) => [volumeId, from[volumeId] ?? ""]));
    snapshot.status = "restore-error";
  }
}
