import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../forwarder";
import {
  dynamicProps,
  withSecretOutputs,
  type EchoedInputs,
  type OpenStackConnectionArgs,
  type TimeoutsArgs,
} from "../common";

/** The arguments of a {@link Backup}. */
export interface BackupArgs {
  /** The volume to back up. Changing it makes a new backup (replace). */
  volumeId: pulumi.Input<string>;
  /** Name; default the resource name. Changed in place (PUT, microversion 3.9). */
  name?: pulumi.Input<string>;
  /** Description, at most 229 characters (the marker takes 26 of Cinder's 255). Changed in place (PUT, 3.9). */
  description?: pulumi.Input<string>;
  /** An incremental backup on top of the volume's latest backup. Changing it replaces. */
  incremental?: pulumi.Input<boolean>;
  /** Back up an in-use volume (Cinder requires it then). Only matters when the backup is made. */
  force?: pulumi.Input<boolean>;
  /** The backup container (object store container or directory). Changing it replaces. */
  container?: pulumi.Input<string>;
  /** Back up this snapshot of the volume instead of the volume itself. Changing it replaces. */
  snapshotId?: pulumi.Input<string>;
  /** Metadata (microversion 3.43). Changed in place; a key removed is removed, and removing it clears them all. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Availability zone of the backup (microversion 3.51). Changing it replaces. */
  availabilityZone?: pulumi.Input<string>;
  /** Manage an existing backup instead of making one (dynamic resources cannot be imported). Replaces. */
  adoptBackupId?: pulumi.Input<string>;
  /** Deadlines: create (default 4h), update (10m), delete (1h). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection settings; default from stack config, `OS_*` or clouds.yaml. */
  connection?: pulumi.Input<OpenStackConnectionArgs>;
}

const provider = forwardingProvider("cinder.Backup");

/** The outputs the provider computes (beside every input, which it echoes). */
export const BACKUP_OUTPUTS = [
  "status",
  "sizeGib",
  "objectCount",
  "isIncremental",
  "hasDependentBackups",
  "dataTimestamp",
  "createdAt",
  "failReason",
  "cinderContainer",
  "cinderAvailabilityZone",
  "cinderMetadata",
  "marker",
] as const;

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Backup extends EchoedInputs<BackupArgs> {}

/**
 * A Cinder volume backup.
 *
 * What defines the backup (volume, incremental, container, snapshot, availability zone) replaces; name,
 * description and metadata change in place. A backup that ends in `error` is recorded with its `failReason` and
 * made again on the next update. Destroy deletes the backup; Cinder refuses while incremental backups depend on
 * it, and the error names them.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Backup extends pulumi.dynamic.Resource {
  /** `creating`, `available`, `error`, … */
  declare readonly status: pulumi.Output<string>;
  /** Size, GiB. */
  declare readonly sizeGib: pulumi.Output<number | null>;
  /** Objects stored. */
  declare readonly objectCount: pulumi.Output<number | null>;
  /** Whether Cinder made it incremental. */
  declare readonly isIncremental: pulumi.Output<boolean | null>;
  /** Whether incremental backups depend on it. */
  declare readonly hasDependentBackups: pulumi.Output<boolean | null>;
  /** The point in time of the data. */
  declare readonly dataTimestamp: pulumi.Output<string | null>;
  /** When it was made. */
  declare readonly createdAt: pulumi.Output<string | null>;
  /** Why it is in error. */
  declare readonly failReason: pulumi.Output<string | null>;
  /** The container Cinder used. */
  declare readonly cinderContainer: pulumi.Output<string | null>;
  /** The availability zone Cinder used. */
  declare readonly cinderAvailabilityZone: pulumi.Output<string | null>;
  /** The metadata Cinder has (microversion 3.43). */
  declare readonly cinderMetadata: pulumi.Output<Record<string, string> | null>;
  /** The marker of the create request (adoption after an interrupted run). */
  declare readonly marker: pulumi.Output<string | null>;

  /**
   * @param name The resource name; also the default backup name.
   * @param args The volume and how to back it up.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("cinder.Backup", name, args, BACKUP_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "cinder", "Backup");
  }
}
