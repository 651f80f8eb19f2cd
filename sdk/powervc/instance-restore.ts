import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type OpenStackConnectionArgs, type ResourceArgs } from "../common";

/**
 * The arguments of an {@link InstanceRestore}. What defines the restore (`serverId`, `instanceSnapshotId` unless
 * `pinSource` is true, `triggers`, `adoptTaskId`) replaces: the restore runs again. The recovery settings (`force`, `onFailure`,
 * `maxRetries`, `afterRetries`) change in place and apply to the next recovery. Deadlines (`timeouts`): the whole
 * restore, retries and rollback included (create; default 2h); a recovery (update; 2h). The `connection` is to
 * PowerVC's Keystone.
 */
export interface InstanceRestoreArgs extends ResourceArgs<OpenStackConnectionArgs> {
  /** The VM whose disks are rewritten. */
  serverId: pulumi.Input<string>;
  /**
   * The instance snapshot of that VM to restore (it must be available). Another runs the restore again (replace),
   * unless `pinSource` is true.
   */
  instanceSnapshotId: pulumi.Input<string>;
  /**
   * Keep the instance snapshot restored when the program names another (default false): `true` for an id that a
   * lookup finds, which names a newer one as it appears. A changed instance snapshot is then no change: the outputs
   * keep naming the one restored, and preview says the program names another; only a change of `triggers`, of the
   * server (or of `adoptTaskId`) restores again, from the instance snapshot named then. Turning it on or off
   * restores nothing by itself.
   */
  pinSource?: pulumi.Input<boolean>;
  /** Restore even if PowerVC would refuse (its `force` flag); also sent with a retry or rollback. */
  force?: pulumi.Input<boolean>;
  /**
   * On `restore-error`: `fail` (default), `retry`, or `rollback` to the temporary snapshots taken before. Setting
   * it after a failed restore recovers that restore in place on the next `up`.
   */
  onFailure?: pulumi.Input<"fail" | "retry" | "rollback">;
  /** With `retry`: how many times (default 1). */
  maxRetries?: pulumi.Input<number>;
  /** With `retry`, when the retries are spent: `fail` (default) or `rollback`. */
  afterRetries?: pulumi.Input<"fail" | "rollback">;
  /** Any values; changing one runs the restore again on purpose. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /**
   * Follow this PowerVC restore task instead of starting a restore: one an interrupted `pulumi up` of this
   * resource started (PowerVC keeps no mark of who starts a restore, so preview names the task and asks).
   */
  adoptTaskId?: pulumi.Input<string>;
  /** Required, true: a restore overwrites the VM's disks. */
  confirmOverwrite: pulumi.Input<boolean>;
}

/** One task of a restore. */
export interface RestoreTask {
  /** `restore`, `restore-retry` or `restore-rollback`. */
  action: string;
  taskId: string;
  result: "SUCCESS" | "FAILURE" | "TIMEOUT";
  /** The task that failed, when one did. */
  failedTask: string | null;
  progress: number;
}

/** The values of the outputs an {@link InstanceRestore} computes (beside every input, which it echoes). */
export interface InstanceRestoreOutputValues {
  /**
   * `restored`, `restored-after-retries`, `rolled-back` or `failed`; `running` when following the restore failed
   * (the next `up` follows it on).
   */
  outcome: "restored" | "restored-after-retries" | "rolled-back" | "failed" | "running";
  /** Retries made. */
  retries: number;
  /** Every task of the restore, in order. */
  tasks: RestoreTask[];
  /** The task being followed when following it failed (`outcome` running): the next `up` follows it on. */
  runningTask: string | null;
  /** The volumes the snapshot holds. */
  restoredVolumes: string[];
  /** Volume id → temporary snapshot PowerVC took before restoring. */
  tempSnapshots: Record<string, string> | null;
  /** Volume id → snapshot whose restore failed. */
  failedSnapshots: Record<string, string> | null;
  /** The instance snapshot's status after the restore. */
  snapshotStatus: string | null;
}

/** The names of the {@link InstanceRestoreOutputValues}, which the provider computes. */
export const INSTANCE_RESTORE_OUTPUTS = [
  "outcome",
  "retries",
  "tasks",
  "runningTask",
  "restoredVolumes",
  "tempSnapshots",
  "failedSnapshots",
  "snapshotStatus",
] as const;

/**
 * A restore of a PowerVC VM from one of its instance snapshots: its disks are rewritten.
 *
 * The resource is the record of one restore, so it never runs again by accident: changing what defines it runs
 * it again, on purpose. A restore that did not end `restored` fails the update and is recorded; one left in
 * `restore-error` is recovered in place by the next `pulumi up` (retry or rollback, per `onFailure`), one rolled
 * back runs again. PowerVC keeps no mark of who starts a restore: this resource follows only its own, or the one
 * `adoptTaskId` names. **Destroy changes nothing in PowerVC**: a restore cannot be undone.
 */
export class InstanceRestore extends resourceClass<InstanceRestoreArgs, InstanceRestoreOutputValues>(
  "powervc.InstanceRestore",
  INSTANCE_RESTORE_OUTPUTS,
) {}
