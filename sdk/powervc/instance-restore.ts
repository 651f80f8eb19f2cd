import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../forwarder";
import {
  dynamicProps,
  withSecretOutputs,
  type EchoedInputs,
  type OpenStackConnectionArgs,
  type TimeoutsArgs,
} from "../common";

/**
 * The arguments of an {@link InstanceRestore}. What defines the restore (`serverId`, `instanceSnapshotId`,
 * `triggers`, `adoptTaskId`) replaces: the restore runs again. The recovery settings (`force`, `onFailure`,
 * `maxRetries`, `afterRetries`) change in place and apply to the next recovery.
 */
export interface InstanceRestoreArgs {
  /** The VM whose disks are rewritten. */
  serverId: pulumi.Input<string>;
  /** The instance snapshot of that VM to restore (it must be available). */
  instanceSnapshotId: pulumi.Input<string>;
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
  /** Deadlines: the whole restore, retries and rollback included (create; default 2h); a recovery (update; 2h). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection to PowerVC's Keystone; default from stack config, `OS_*` or clouds.yaml. */
  connection?: pulumi.Input<OpenStackConnectionArgs>;
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

const provider = forwardingProvider("powervc.InstanceRestore");

/** The outputs the provider computes (beside every input, which it echoes). */
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

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface InstanceRestore extends EchoedInputs<InstanceRestoreArgs> {}

/**
 * A restore of a PowerVC VM from one of its instance snapshots: its disks are rewritten.
 *
 * The resource is the record of one restore, so it never runs again by accident: changing what defines it runs
 * it again, on purpose. A restore that did not end `restored` fails the update and is recorded; one left in
 * `restore-error` is recovered in place by the next `pulumi up` (retry or rollback, per `onFailure`), one rolled
 * back runs again. PowerVC keeps no mark of who starts a restore: this resource follows only its own, or the one
 * `adoptTaskId` names. **Destroy changes nothing in PowerVC**: a restore cannot be undone.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class InstanceRestore extends pulumi.dynamic.Resource {
  /**
   * `restored`, `restored-after-retries`, `rolled-back` or `failed`; `running` when following the restore failed
   * (the next `up` follows it on).
   */
  declare readonly outcome: pulumi.Output<
    "restored" | "restored-after-retries" | "rolled-back" | "failed" | "running"
  >;
  /** Retries made. */
  declare readonly retries: pulumi.Output<number>;
  /** Every task of the restore, in order. */
  declare readonly tasks: pulumi.Output<RestoreTask[]>;
  /** The task being followed when following it failed (`outcome` running): the next `up` follows it on. */
  declare readonly runningTask: pulumi.Output<string | null>;
  /** The volumes the snapshot holds. */
  declare readonly restoredVolumes: pulumi.Output<string[]>;
  /** Volume id → temporary snapshot PowerVC took before restoring. */
  declare readonly tempSnapshots: pulumi.Output<Record<string, string> | null>;
  /** Volume id → snapshot whose restore failed. */
  declare readonly failedSnapshots: pulumi.Output<Record<string, string> | null>;
  /** The instance snapshot's status after the restore. */
  declare readonly snapshotStatus: pulumi.Output<string | null>;

  /**
   * @param name The resource name.
   * @param args The VM, the snapshot, and what to do on failure.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: InstanceRestoreArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("powervc.InstanceRestore", name, args, INSTANCE_RESTORE_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "powervc", "InstanceRestore");
  }
}
