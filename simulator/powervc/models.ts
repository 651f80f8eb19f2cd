/**
 * IBM PowerVC state as the simulator keeps it (camelCase, times in ms since the epoch). The JSON the
 * API sends is rendered from these in `views.ts`.
 */

/** A VM (Nova server) of the PowerVC project. */
export interface PowerVCServer {
  readonly id: string;
  readonly name: string;
  readonly status: "ACTIVE";
  /** Attached volumes, boot volume first. */
  readonly volumeIds: readonly string[];
  readonly createdAt: number;
}

/** A Cinder volume attached to a server. */
export interface PowerVCVolume {
  readonly id: string;
  readonly name: string;
  readonly sizeGb: number;
  readonly status: "in-use";
  readonly serverId: string;
  readonly bootable: boolean;
  readonly createdAt: number;
}

/** Why a backend volume snapshot exists: an instance snapshot, or the copy taken before a restore. */
export type PowerVCVolumeSnapshotKind = "snapshot" | "temp";

/** A backend (Cinder / FlashCopy) snapshot of one volume, owned by an instance snapshot. */
export interface PowerVCVolumeSnapshot {
  readonly id: string;
  readonly volumeId: string;
  readonly instanceSnapshotId: string;
  readonly kind: PowerVCVolumeSnapshotKind;
  readonly createdAt: number;
}

/** Instance snapshot statuses: `creating`, `restoring` and `deleting` are transitional. */
export type InstanceSnapshotStatus =
  "creating" | "available" | "restoring" | "restore-error" | "deleting" | "error";

/** Volume id → backend snapshot id (`snapshots`, `temp_snapshots`, `failed_snapshots`). */
export type VolumeSnapshotIds = Readonly<Record<string, string>>;

/** An instance snapshot: a point-in-time snapshot of some or all volumes of a server. */
export interface InstanceSnapshot {
  readonly id: string;
  name: string;
  description: string;
  status: InstanceSnapshotStatus;
  readonly instanceId: string;
  /** The volumes it covers (the keys of `snapshots` once created). */
  readonly volumeIds: readonly string[];
  /** Empty until the creation task ends. */
  snapshots: VolumeSnapshotIds;
  /** Null until a restore has taken them. */
  tempSnapshots: VolumeSnapshotIds | null;
  /** Null unless the last restore, retry or rollback failed. */
  failedSnapshots: VolumeSnapshotIds | null;
  /** The task URI of the last operation on it. */
  taskUri: string;
  readonly createdAt: number;
  updatedAt: number;
}

/** The `action` of a task (and of its `task_uri`). */
export type PowerVCTaskAction = "snapshot" | "restore" | "restore-retry" | "restore-rollback" | "delete";

/** What a restore or a rollback ends with: success, or `restore-error` with some volumes failed. */
export type PowerVCOutcome =
  | "success"
  | {
      readonly failure: "restore-error";
      /** Volumes whose restore fails (default: every volume of the operation). */
      readonly failedVolumes?: readonly string[];
    };

/** What an instance snapshot's creation ends with: success, or the snapshot in `error` (no backend snapshots). */
export type PowerVCSnapshotOutcome = "success" | { readonly failure: "error" };

/** A long-running operation on an instance snapshot, as `get_progress` reports it. */
export interface PowerVCTask {
  readonly id: string;
  readonly action: PowerVCTaskAction;
  readonly instanceSnapshotId: string;
  readonly serverId: string;
  /** The volumes it copies (FlashCopy mappings exist for these while it runs). */
  readonly volumeIds: readonly string[];
  readonly startedAt: number;
  readonly durationMs: number;
  /** Decided when the task is accepted (delete tasks always succeed). */
  readonly outcome: PowerVCOutcome | PowerVCSnapshotOutcome;
  /**
   * Backend snapshots the task creates, volume id → snapshot id: the instance snapshot's `snapshots`
   * (a snapshot task, at its end) or its `temp_snapshots` (a restore, when its first step ends).
   */
  readonly newSnapshots: VolumeSnapshotIds;
  /** When `newSnapshots` are taken. */
  readonly newSnapshotsAt: number;
  /** Whether `newSnapshots` have been taken. */
  snapshotsTaken: boolean;
  /**
   * Whether `get_progress` shows it passing through TaskFlow's transient states (the behaviour's
   * `taskflowTransientStates` when it was accepted).
   */
  readonly transientStates: boolean;
  /** `force` of a `vm-restore` request (recorded, no effect). */
  readonly force: boolean;
  /** The FlashCopy mapping number of its first volume (`fcmap<N>`). */
  readonly fcmapBase: number;
  /** Whether its end has been applied to the state. */
  finished: boolean;
}

/** Everything the simulated PowerVC holds. */
export interface PowerVCState {
  readonly servers: PowerVCServer[];
  readonly volumes: PowerVCVolume[];
  readonly volumeSnapshots: PowerVCVolumeSnapshot[];
  readonly instanceSnapshots: InstanceSnapshot[];
  readonly tasks: PowerVCTask[];
}
