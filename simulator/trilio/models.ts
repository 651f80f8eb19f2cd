/**
 * TrilioVault workloadmgr state as the simulator keeps it (camelCase, times in ms since the epoch).
 * The JSON the API sends is rendered from these in `views.ts`, where the vendor quirks live.
 */

/** A workload's status: `locked` while one of its snapshots is being restored. */
export type WorkloadStatus = "available" | "locked" | "error";

/** A snapshot's status: `restoring` while a restore of it runs. */
export type SnapshotStatus = "available" | "restoring" | "creating" | "error";

/** Restore statuses, in lifecycle order; the last three are terminal. */
export type RestoreStatus =
  "restoring" | "starting" | "executing" | "cancelling" | "available" | "error" | "cancelled";

/** The statuses in which a restore is finished (cancel is a no-op, delete is allowed). */
export const TERMINAL_RESTORE_STATUSES: readonly RestoreStatus[] = ["available", "error", "cancelled"];

/** Whether a restore status is terminal. */
export function isTerminal(status: RestoreStatus): boolean {
  return TERMINAL_RESTORE_STATUSES.includes(status);
}

/** `options.restore_type` of a restore request. */
export type RestoreKind = "oneclick" | "selective" | "inplace";

/** A Nova flavor as Trilio reports it: `swap` and `id` are strings. */
export interface Flavor {
  readonly vcpus: number;
  readonly ram: number;
  readonly disk: number;
  readonly swap: string;
  readonly ephemeral: number;
  readonly id: string;
}

/** A protected volume of an instance. */
export interface Vdisk {
  /** Cinder volume id. */
  readonly id: string;
  readonly name: string;
  readonly volumeSizeGb: number;
  readonly volumeType: string;
  readonly availabilityZone: string;
}

/** A network interface of a protected instance. */
export interface Nic {
  readonly macAddress: string;
  readonly ipAddress: string;
  readonly networkId: string;
  readonly networkName: string;
  readonly subnetId: string;
}

/** A VM protected by a workload, as captured in its snapshots. */
export interface ProtectedInstance {
  readonly id: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly flavor: Flavor;
  readonly vdisks: readonly Vdisk[];
  readonly nics: readonly Nic[];
}

/** A workload: a group of VMs backed up together. */
export interface Workload {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  status: WorkloadStatus;
  readonly projectId: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly instances: readonly ProtectedInstance[];
  /**
   * Whether the original VMs still exist: Nova then has them, and a one-click restore fails
   * (asynchronously). Changed with `sim.trilio.setOriginalVmsExist`.
   */
  originalVmsExist: boolean;
}

/** A snapshot (backup point) of a workload. */
export interface Snapshot {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly workloadId: string;
  readonly projectId: string;
  readonly userId: string;
  readonly snapshotType: "full" | "incremental";
  status: SnapshotStatus;
  /** Bytes stored by this snapshot. */
  readonly size: number;
  /** Bytes a full restore of it writes. */
  readonly restoreSize: number;
  readonly createdAt: number;
  readonly finishedAt: number;
  readonly host: string;
  readonly instances: readonly ProtectedInstance[];
}

/** An instance a restore brings back: the original and the name it gets. */
export interface RestoreTarget {
  readonly originalId: string;
  readonly name: string;
}

/** What a restore ends with; an error carries its `error_msg`. */
export type RestoreOutcome = "available" | { readonly status: "error"; readonly message?: string };

/** One record of a restore's `metadata` list. */
export interface RestoreMetadataRecord {
  readonly id: string;
  readonly key: string;
  readonly value: string;
  readonly createdAt: number;
}

/** A VM created by a restore. Stays in the state after its restore record is deleted. */
export interface RestoredInstance {
  readonly id: string;
  readonly name: string;
  readonly status: "available";
  /** The original's metadata plus `config_drive` and `instance_id` (the original's id). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly originalInstanceId: string;
  readonly restoreId: string;
  readonly workloadId: string;
  readonly createdAt: number;
  /** In-place restores overwrite the original VM instead of creating one. */
  readonly inPlace: boolean;
}

/**
 * A VM of the project as the simulated Nova shows it: an original VM of a workload whose originals still
 * exist, or a VM a selective or one-click restore created. Derived from the Trilio state on every read.
 */
export interface NovaServer {
  readonly id: string;
  readonly name: string;
  readonly status: "ACTIVE";
  readonly projectId: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly flavor: Flavor;
  readonly nics: readonly Nic[];
  /** Its attached volumes, boot volume first. */
  readonly volumeIds: readonly string[];
  /** The workload protecting it, or whose snapshot it was restored from. */
  readonly workloadId: string;
  /** The restore that created it; null for an original VM. */
  readonly restoreId: string | null;
}

/** The time-dependent fields of a restore, recomputed from the clock (see `progress.ts`). */
export interface RestoreProgress {
  status: RestoreStatus;
  progressPercent: number;
  progressMsg: string | null;
  errorMsg: string | null;
  /** Bytes to restore (0 until the restore starts). */
  size: number;
  uploadedSize: number;
  host: string;
  finishedAt: number | null;
  /** Seconds. */
  timeTaken: number;
}

/** A restore of a snapshot. */
export interface Restore extends RestoreProgress {
  readonly id: string;
  readonly projectId: string;
  readonly userId: string;
  readonly snapshotId: string;
  readonly workloadId: string;
  readonly name: string;
  readonly description: string;
  readonly kind: RestoreKind;
  /** `restore.options` of the request, echoed as `restore_options`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly targets: readonly RestoreTarget[];
  readonly createdAt: number;
  readonly durationMs: number;
  /** Bytes the restore writes (the snapshot's restore size). */
  readonly plannedSize: number;
  /** Decided when the restore is accepted. */
  readonly outcome: RestoreOutcome;
  cancelRequestedAt: number | null;
  cancelDurationMs: number;
  /** The VMs it created, once it succeeded. */
  instances: RestoredInstance[];
  metadata: RestoreMetadataRecord[];
}

/** Everything the simulated workloadmgr holds. */
export interface TrilioState {
  readonly workloads: Workload[];
  readonly snapshots: Snapshot[];
  readonly restores: Restore[];
  readonly restoredInstances: RestoredInstance[];
}
