import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type OpenStackConnectionArgs, type ResourceArgs } from "../common";

/** A flavor for a restored instance (selective restores). */
export interface RestoreFlavorArgs {
  /** Virtual CPUs. */
  vcpus: pulumi.Input<number>;
  /** Memory, MiB. */
  ram: pulumi.Input<number>;
  /** Root disk, GiB. */
  disk: pulumi.Input<number>;
  /** Swap, MiB. */
  swap?: pulumi.Input<number>;
  /** Ephemeral disk, GiB. */
  ephemeral?: pulumi.Input<number>;
  /** Flavor id. */
  id?: pulumi.Input<string>;
}

/** A disk of a restored instance. */
export interface RestoreVdiskArgs {
  /** Id of the original volume in the snapshot. */
  id: pulumi.Input<string>;
  /** Selective: volume type of the new volume. */
  newVolumeType?: pulumi.Input<string>;
  /** Selective: availability zone of the new volume. */
  availabilityZone?: pulumi.Input<string>;
  /** In-place: restore this volume (default true). */
  restoreCinderVolume?: pulumi.Input<boolean>;
}

/** A network interface of a restored instance (selective restores). */
export interface RestoreNicArgs {
  /** Network to attach to. */
  networkId: pulumi.Input<string>;
  /** Subnet of that network. */
  subnetId?: pulumi.Input<string>;
  /** A pre-created port to use. */
  portId?: pulumi.Input<string>;
  /** MAC address of the pre-created port. */
  macAddress?: pulumi.Input<string>;
  /** IP address of the pre-created port. */
  ipAddress?: pulumi.Input<string>;
}

/** One instance of the snapshot, and how to restore it (selective and in-place restores). */
export interface RestoreInstanceArgs {
  /** Id of the instance in the snapshot (the original VM's id). */
  id: pulumi.Input<string>;
  /** Restore this instance (default true). */
  include?: pulumi.Input<boolean>;
  /** Selective: name of the new VM. */
  name?: pulumi.Input<string>;
  /** Selective: availability zone of the new VM. */
  availabilityZone?: pulumi.Input<string>;
  /** Selective: flavor of the new VM. */
  flavor?: pulumi.Input<RestoreFlavorArgs>;
  /** Disks: selective (new volume type and zone) or in-place (which volumes to overwrite). */
  vdisks?: pulumi.Input<pulumi.Input<RestoreVdiskArgs>[]>;
  /** Selective: network interfaces of the new VM. */
  nics?: pulumi.Input<pulumi.Input<RestoreNicArgs>[]>;
  /** In-place: restore the boot disk too (default true). */
  restoreBootDisk?: pulumi.Input<boolean>;
}

/** A network of the snapshot mapped to a network of the target (selective restores). */
export interface RestoreNetworkMappingArgs {
  /** Network in the snapshot. */
  snapshotNetworkId: pulumi.Input<string>;
  /** Subnet in the snapshot. */
  snapshotSubnetId?: pulumi.Input<string>;
  /** Network to restore onto. */
  targetNetworkId: pulumi.Input<string>;
  /** Subnet to restore onto. */
  targetSubnetId?: pulumi.Input<string>;
  /** Name of the target network. */
  targetNetworkName?: pulumi.Input<string>;
}

/**
 * The arguments of a {@link Restore}. Deadlines (`timeouts`): create (default 2h; on expiry the restore is
 * cancelled), update (2h), delete (30m).
 */
export interface RestoreArgs extends ResourceArgs<OpenStackConnectionArgs> {
  /** The workload snapshot to restore. Changing it starts a new restore (replace), unless `pinSource` is true. */
  snapshotId: pulumi.Input<string>;
  /**
   * Keep the snapshot restored when the program names another (default false): `true` for an id that a lookup
   * finds, which names a newer one as it appears. A changed snapshot is then no change: the outputs keep naming the
   * one restored, and preview says the program names another; only a change of `triggers` (or of another input that starts a new restore) restores again,
   * from the snapshot named then. Turning it on or off restores nothing by itself.
   */
  pinSource?: pulumi.Input<boolean>;
  /**
   * `oneclick` (every VM as it was: fails if the original VMs still exist), `selective` (chosen VMs as new VMs,
   * with new names, flavors, networks) or `inplace` (overwrite the disks of the existing VMs; needs
   * `confirmOverwrite`). Changing it starts a new restore (replace).
   */
  restoreType: pulumi.Input<"oneclick" | "selective" | "inplace">;
  /** Name of the restore in TrilioVault; default: the resource name. Changing it does not re-run the restore. */
  name?: pulumi.Input<string>;
  /**
   * Description in TrilioVault, at most 998 characters (the marker takes 26 of 1,024). Changing it does not re-run
   * the restore.
   */
  description?: pulumi.Input<string>;
  /** Selective and in-place restores: which instances, and how. Changing them starts a new restore. */
  instances?: pulumi.Input<pulumi.Input<RestoreInstanceArgs>[]>;
  /** Selective: restore the snapshot's network topology (default false). Changing it starts a new restore. */
  restoreTopology?: pulumi.Input<boolean>;
  /** Selective: map snapshot networks onto target networks. Changing them starts a new restore. */
  networkMappings?: pulumi.Input<pulumi.Input<RestoreNetworkMappingArgs>[]>;
  /** Required (true) for an in-place restore, which overwrites live disks. */
  confirmOverwrite?: pulumi.Input<boolean>;
  /** Any values; changing one starts a new restore on purpose. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Wait for the restore to finish (default true); when false, `status` shows progress after a refresh. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Take over an existing restore instead of starting one (dynamic resources cannot be `pulumi import`ed). */
  adoptRestoreId?: pulumi.Input<string>;
}

/** A restored VM. */
export interface RestoredInstance {
  /** Id of the new (or overwritten) VM. */
  id: string;
  /** Its name. */
  name: string | null;
  /** Its status in TrilioVault. */
  status: string | null;
  /** Id of the VM in the snapshot it was restored from. */
  originalInstanceId: string | null;
}

/** The values of the outputs a {@link Restore} computes (beside every input, which it echoes). */
export interface RestoreOutputValues {
  /** `restoring`, `starting`, `executing`, `cancelling`, `available` (done), `error` or `cancelled`. */
  status: string;
  /** Progress, 0–100 (100 on failure too: read `status`). */
  progressPercent: number;
  /** What the restore is doing or did. */
  progressMessage: string | null;
  /** Why it failed. */
  errorMessage: string | null;
  /** Warnings TrilioVault reported. */
  warningMessage: string | null;
  /** The restored VMs. */
  restoredInstances: RestoredInstance[];
  /** Networks the restore created. */
  networks: { id: string | null; name: string | null }[];
  /** Bytes restored. */
  size: number | null;
  /** Bytes transferred. */
  uploadedSize: number | null;
  /** Duration in seconds. */
  timeTakenSeconds: number | null;
  /** When it started (TrilioVault's timestamp, UTC). */
  createdAt: string | null;
  /** When it finished. */
  finishedAt: string | null;
  /** The snapshot's workload. */
  workloadId: string | null;
  /** The restore's name in TrilioVault (it cannot be renamed). */
  trilioName: string | null;
  /** The restore's description in TrilioVault, with this resource's marker. */
  trilioDescription: string | null;
  /** The marker that identifies this restore's request (adoption after an interrupted run). */
  marker: string | null;
  /**
   * True once TrilioVault no longer has the restore's record (its housekeeping deletes old ones): the restore
   * stays in the stack as last seen, and does not run again.
   */
  recordDeleted: boolean;
}

/** The names of the {@link RestoreOutputValues}, which the provider computes. */
export const RESTORE_OUTPUTS = [
  "status",
  "progressPercent",
  "progressMessage",
  "errorMessage",
  "warningMessage",
  "restoredInstances",
  "networks",
  "size",
  "uploadedSize",
  "timeTakenSeconds",
  "createdAt",
  "finishedAt",
  "workloadId",
  "trilioName",
  "trilioDescription",
  "marker",
  "recordDeleted",
] as const;

/**
 * A TrilioVault restore of a workload snapshot: one-click, selective or in-place.
 *
 * The resource is the record of one restore, so it runs once: changing what defines it (snapshot, type,
 * instances, network mappings, topology, `triggers`) starts a new restore; changing its name or description
 * does not. A restore that ended in `error` or `cancelled` is replaced (run again) on the next update.
 * Destroying it cancels it if it is still running and deletes its record in TrilioVault: **the restored VMs and
 * volumes stay**.
 *
 * @example
 * ```ts
 * new trilio.Restore("web-restore", {
 *   snapshotId: "…",
 *   restoreType: "selective",
 *   instances: [{ id: "…", name: "web-1-restored" }],
 * });
 * ```
 */
export class Restore extends resourceClass<RestoreArgs, RestoreOutputValues>(
  "trilio.Restore",
  RESTORE_OUTPUTS,
) {}
