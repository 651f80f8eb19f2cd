import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../forwarder";
import {
  dynamicProps,
  withSecretOutputs,
  type EchoedInputs,
  type OpenStackConnectionArgs,
  type TimeoutsArgs,
} from "../common";

/** The arguments of an {@link InstanceSnapshot}. */
export interface InstanceSnapshotArgs {
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
  /** Deadlines: create (default 1h), update (10m), delete (30m). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection to PowerVC's Keystone (its own cloud); default from stack config, `OS_*` or clouds.yaml. */
  connection?: pulumi.Input<OpenStackConnectionArgs>;
}

const provider = forwardingProvider("powervc.InstanceSnapshot");

/** The outputs the provider computes (beside every input, which it echoes). */
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

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface InstanceSnapshot extends EchoedInputs<InstanceSnapshotArgs> {}

/**
 * A point-in-time snapshot of a VM's volumes in IBM PowerVC.
 *
 * The server and the volumes replace; name and description change in place (one PUT). Destroy deletes the
 * instance snapshot **and its backend volume snapshots**.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class InstanceSnapshot extends pulumi.dynamic.Resource {
  /** `available` when ready; `restoring` or `restore-error` while a restore uses it. */
  declare readonly status: pulumi.Output<string>;
  /** The VM it was taken of. */
  declare readonly instanceId: pulumi.Output<string | null>;
  /** Volume id → backend snapshot id. */
  declare readonly volumeSnapshots: pulumi.Output<Record<string, string>>;
  /** Volume id → temporary snapshot taken before a restore (used by a rollback). */
  declare readonly tempSnapshots: pulumi.Output<Record<string, string> | null>;
  /** Volume id → snapshot whose restore failed. */
  declare readonly failedSnapshots: pulumi.Output<Record<string, string> | null>;
  /** When it was taken. */
  declare readonly createdAt: pulumi.Output<string | null>;
  /** When it last changed. */
  declare readonly updatedAt: pulumi.Output<string | null>;
  /** Its name in PowerVC. */
  declare readonly powervcName: pulumi.Output<string | null>;
  /** The marker of the create request (adoption after an interrupted run). */
  declare readonly marker: pulumi.Output<string | null>;

  /**
   * @param name The resource name; also the default snapshot name.
   * @param args The VM and volumes to snapshot.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: InstanceSnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("powervc.InstanceSnapshot", name, args, INSTANCE_SNAPSHOT_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "powervc", "InstanceSnapshot");
  }
}
