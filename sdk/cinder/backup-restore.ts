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
 * The arguments of a {@link BackupRestore}: a backup and exactly one target. `backupId`, `volumeId` and `triggers`
 * replace (restore again); `newVolumeName` renames the volume in place (it keeps its data); `confirmOverwrite`,
 * `connection` and `timeouts` live in the stack only.
 */
export interface BackupRestoreArgs {
  /** The backup to restore; it must be available. */
  backupId: pulumi.Input<string>;
  /** Restore into this existing volume, overwriting it (needs `confirmOverwrite: true`); destroy never deletes it. */
  volumeId?: pulumi.Input<string>;
  /**
   * Restore into a new volume with this name: the resource creates the volume (the backup's size, its marker in
   * the description) and restores into it; destroy deletes it.
   */
  newVolumeName?: pulumi.Input<string>;
  /** Required (true) with `volumeId`: its data is overwritten. */
  confirmOverwrite?: pulumi.Input<boolean>;
  /** Any values; changing one restores again on purpose. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Deadlines: create (default 4h), delete (30m). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection settings; default from stack config, `OS_*` or clouds.yaml. */
  connection?: pulumi.Input<OpenStackConnectionArgs>;
}

const provider = forwardingProvider("cinder.BackupRestore");

/** The outputs the provider computes (beside every input, which it echoes). */
export const BACKUP_RESTORE_OUTPUTS = [
  "targetVolumeId",
  "volumeName",
  "volumeStatus",
  "sizeGib",
  "createdVolume",
  "restored",
  "marker",
] as const;

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface BackupRestore extends EchoedInputs<BackupRestoreArgs> {}

/**
 * A Cinder backup restored into a new volume (`newVolumeName`) or an existing one (`volumeId`, overwritten).
 *
 * Destroy deletes the volume **only if this restore created it**; a restore into an existing volume never deletes
 * that volume. A restore that fails is recorded with the volume's id (a new volume it made is deleted on
 * destroy), and runs again on the next update.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class BackupRestore extends pulumi.dynamic.Resource {
  /** The volume restored into (also the resource id). */
  declare readonly targetVolumeId: pulumi.Output<string>;
  /** Its name. */
  declare readonly volumeName: pulumi.Output<string | null>;
  /** Its status (available when restored). */
  declare readonly volumeStatus: pulumi.Output<string>;
  /** Its size, GiB (null until the restore has been seen to end). */
  declare readonly sizeGib: pulumi.Output<number | null>;
  /** Whether the restore created the volume (and destroy deletes it). */
  declare readonly createdVolume: pulumi.Output<boolean>;
  /** Whether the restore succeeded; null when waiting for it failed (the next `up` waits on). */
  declare readonly restored: pulumi.Output<boolean | null>;
  /**
   * The marker in the description of a volume this resource created, by which it recognises that volume after an
   * interrupted run (null for a restore into an existing volume, which cannot be marked).
   */
  declare readonly marker: pulumi.Output<string | null>;

  /**
   * @param name The resource name.
   * @param args The backup and the target volume.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: BackupRestoreArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("cinder.BackupRestore", name, args, BACKUP_RESTORE_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "cinder", "BackupRestore");
  }
}
