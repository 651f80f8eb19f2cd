import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../forwarder";
import { dynamicProps, withSecretOutputs, type EchoedInputs, type TimeoutsArgs } from "../common";
import type { WaldurConnectionArgs } from "./connection";

/**
 * The arguments of a {@link VolumeRestoration}. `snapshotUuid`, `triggers` and `adoptVolumeUuid` replace (a new
 * volume); `name` and `description` rename the volume in place (it keeps its data); `connection` and `timeouts`
 * live in the stack only.
 */
export interface VolumeRestorationArgs {
  /** The snapshot to restore (Waldur uuid, in any form Waldur parses); it must be OK. */
  snapshotUuid: pulumi.Input<string>;
  /** Name of the new volume (Waldur requires it). Changed in place. */
  name: pulumi.Input<string>;
  /**
   * Description of the new volume, at most 1,974 characters: the resource adds its 26-character marker, by which
   * it recognises the volume after an interrupted run, within Waldur's 2,000.
   */
  description?: pulumi.Input<string>;
  /** Any values; changing one restores a new volume on purpose. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Take over a volume already restored instead of restoring one. */
  adoptVolumeUuid?: pulumi.Input<string>;
  /** Deadlines: create (default 1h), delete (30m). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection settings; default from stack config or `WALDUR_*` variables. */
  connection?: pulumi.Input<WaldurConnectionArgs>;
}

const provider = forwardingProvider("waldur.VolumeRestoration");

/** The outputs the provider computes (beside every input, which it echoes). */
export const VOLUME_RESTORATION_OUTPUTS = [
  "volumeUuid",
  "url",
  "volumeName",
  "sizeMib",
  "state",
  "runtimeState",
  "device",
  "marketplaceResourceUuid",
  "restoration",
  "marker",
] as const;

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface VolumeRestoration extends EchoedInputs<VolumeRestorationArgs> {}

/**
 * A Waldur snapshot restored into a new volume.
 *
 * Destroy deletes the volume this restoration created, through Waldur's marketplace (Waldur refuses to delete
 * volumes directly): a terminate order, followed until done. A volume with no marketplace resource cannot be
 * deleted through the API: destroy then fails and names the volume; delete it in Waldur, or set the
 * `retainOnDelete` resource option to leave it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class VolumeRestoration extends pulumi.dynamic.Resource {
  /** The new volume's Waldur uuid (also the resource id). */
  declare readonly volumeUuid: pulumi.Output<string>;
  /** Its API URL. */
  declare readonly url: pulumi.Output<string | null>;
  /** Its name in Waldur. */
  declare readonly volumeName: pulumi.Output<string | null>;
  /** Size, MiB. */
  declare readonly sizeMib: pulumi.Output<number | null>;
  /** Waldur state (OK when ready). */
  declare readonly state: pulumi.Output<string>;
  /** OpenStack's status of the volume (available, in-use, …). */
  declare readonly runtimeState: pulumi.Output<string | null>;
  /** Device name when attached. */
  declare readonly device: pulumi.Output<string | null>;
  /** The marketplace resource through which it is terminated (null: it cannot be deleted through the API). */
  declare readonly marketplaceResourceUuid: pulumi.Output<string | null>;
  /** The snapshot's restoration record of this volume. */
  declare readonly restoration: pulumi.Output<{
    uuid: string;
    created: string | null;
    description: string | null;
  } | null>;
  /** The marker in the new volume's description (adoption after an interrupted run). */
  declare readonly marker: pulumi.Output<string | null>;

  /**
   * @param name The resource name.
   * @param args What to restore and how to name the new volume.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: VolumeRestorationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("waldur.VolumeRestoration", name, args, VOLUME_RESTORATION_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "waldur", "VolumeRestoration");
  }
}
