import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type ResourceArgs } from "../common";
import type { WaldurConnectionArgs } from "./connection";

/**
 * The arguments of a {@link VolumeRestoration}. `snapshotUuid` (unless `pinSource` is true), `triggers` and
 * `adoptVolumeUuid` replace (a new volume); `name` and `description` rename the volume in place (it keeps its
 * data); `pinSource`, `connection` and `timeouts` live in the stack only. Deadlines (`timeouts`): create (default 1h), delete (30m).
 */
export interface VolumeRestorationArgs extends ResourceArgs<WaldurConnectionArgs> {
  /**
   * The snapshot to restore (Waldur uuid, in any form Waldur parses); it must be OK. Another restores a new volume
   * (replace), unless `pinSource` is true.
   */
  snapshotUuid: pulumi.Input<string>;
  /**
   * Keep the snapshot restored when the program names another (default false): `true` for an id that a lookup
   * finds, which names a newer one as it appears. A changed snapshot is then no change: the outputs keep naming the
   * one restored, and preview says the program names another; only a change of `triggers` (or of
   * `adoptVolumeUuid`) restores again, from the snapshot named then. Turning it on or off restores nothing by
   * itself.
   */
  pinSource?: pulumi.Input<boolean>;
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
}

/** The values of the outputs a {@link VolumeRestoration} computes (beside every input, which it echoes). */
export interface VolumeRestorationOutputValues {
  /** The new volume's Waldur uuid (also the resource id). */
  volumeUuid: string;
  /** Its API URL. */
  url: string | null;
  /** Its name in Waldur. */
  volumeName: string | null;
  /** Size, MiB. */
  sizeMib: number | null;
  /** Waldur state (OK when ready). */
  state: string;
  /** OpenStack's status of the volume (available, in-use, …). */
  runtimeState: string | null;
  /** Device name when attached. */
  device: string | null;
  /** The marketplace resource through which it is terminated (null: it cannot be deleted through the API). */
  marketplaceResourceUuid: string | null;
  /** The snapshot's restoration record of this volume. */
  restoration: {
    uuid: string;
    created: string | null;
    description: string | null;
  } | null;
  /** The marker in the new volume's description (adoption after an interrupted run). */
  marker: string | null;
}

/** The names of the {@link VolumeRestorationOutputValues}, which the provider computes. */
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

/**
 * A Waldur snapshot restored into a new volume.
 *
 * Destroy deletes the volume this restoration created, through Waldur's marketplace (Waldur refuses to delete
 * volumes directly): a terminate order, followed until done. A volume with no marketplace resource cannot be
 * deleted through the API: destroy then fails and names the volume; delete it in Waldur, or set the
 * `retainOnDelete` resource option to leave it.
 */
export class VolumeRestoration extends resourceClass<VolumeRestorationArgs, VolumeRestorationOutputValues>(
  "waldur.VolumeRestoration",
  VOLUME_RESTORATION_OUTPUTS,
) {}
