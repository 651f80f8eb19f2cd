import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type OpenStackConnectionArgs, type ResourceArgs } from "../common";

/**
 * The arguments of an {@link InstanceSnapshot}. Deadlines (`timeouts`): create (default 1h), update (10m), delete
 * (30m). The `connection` is to PowerVC's Keystone (its own cloud).
 */
export interface InstanceSnapshotArgs extends ResourceArgs<OpenStackConnectionArgs> {
  /** The VM to snapshot. Changing it makes a new snapshot (replace). */
  serverId: pulumi.Input<string>;
  /** Name; default the resource name. Changed in place (PUT). */
  name?: pulumi.Input<string>;
  /** Description, at most 998 characters (the marker takes 26 of 1,024). Changed in place (PUT). */
  description?: pulumi.Input<string>;
  /** The volumes to include; default every attached volume. Changing them makes a new snapshot. */
  volumeIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Manage an existing instance snapshot instead of taking one (dynamic resources cannot be imported). */
  adoptInstanceSnapshotId?: pulumi.Input<string>;
}

/** The values of the outputs an {@link InstanceSnapshot} computes (beside every input, which it echoes). */
export interface InstanceSnapshotOutputValues {
  /** `available` when ready; `restoring` or `restore-error` while a restore uses it. */
  status: string;
  /** The VM it was taken of. */
  instanceId: string | null;
  /** Volume id → backend snapshot id. */
  volumeSnapshots: Record<string, string>;
  /** Volume id → temporary snapshot taken before a restore (used by a rollback). */
  tempSnapshots: Record<string, string> | null;
  /** Volume id → snapshot whose restore failed. */
  failedSnapshots: Record<string, string> | null;
  /** When it was taken. */
  createdAt: string | null;
  /** When it last changed. */
  updatedAt: string | null;
  /** Its name in PowerVC. */
  powervcName: string | null;
  /** The marker of the create request (adoption after an interrupted run). */
  marker: string | null;
}

/** The names of the {@link InstanceSnapshotOutputValues}, which the provider computes. */
export const INSTANCE_SNAPSHOT_OUTPUTS = [
  "status",
  "instanceId",
  "volumeSnapshots",
  "tempSnapshots",
  "failedSnapshots",
  "createdAt",
  "updatedAt",
  "powervcName",
  "marker",
] as const;

/**
 * A point-in-time snapshot of a VM's volumes in IBM PowerVC.
 *
 * The server and the volumes replace; name and description change in place (one PUT). Destroy deletes the
 * instance snapshot **and its backend volume snapshots**.
 */
export class InstanceSnapshot extends resourceClass<InstanceSnapshotArgs, InstanceSnapshotOutputValues>(
  "powervc.InstanceSnapshot",
  INSTANCE_SNAPSHOT_OUTPUTS,
) {}
