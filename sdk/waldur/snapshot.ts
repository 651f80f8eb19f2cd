import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../forwarder";
import { dynamicProps, withSecretOutputs, type EchoedInputs, type TimeoutsArgs } from "../common";
import type { WaldurConnectionArgs } from "./connection";

/** The arguments of a {@link Snapshot}. Set `volumeUuid` or `adoptSnapshotUuid`. */
export interface SnapshotArgs {
  /** Snapshot this volume (Waldur uuid). Changing it makes a new snapshot (replace). */
  volumeUuid?: pulumi.Input<string>;
  /**
   * Manage an existing snapshot instead (for example one made by a schedule): its retention, name, description
   * and metadata as declared here; what is not declared is left as it is. Changing it replaces.
   */
  adoptSnapshotUuid?: pulumi.Input<string>;
  /** Name; default, for a new snapshot, the resource name. Changed in place. */
  name?: pulumi.Input<string>;
  /** Description, at most 1,974 characters (the marker takes 26 of Waldur's 2,000). Changed in place. */
  description?: pulumi.Input<string>;
  /** Metadata (kept in Waldur). Changed in place; a key removed is removed, and removing it clears them all. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Keep until this date-time (ISO 8601 with a zone), or `null` to keep forever. Not with `retention`. Removing
   * both sets `kept_until` to null (keep forever): a removed retention is never left to the old date.
   */
  keptUntil?: pulumi.Input<string | null>;
  /** Keep for this many days after the snapshot was created (stable across runs). Not with `keptUntil`. */
  retention?: pulumi.Input<{ days: pulumi.Input<number> }>;
  /** Adopted snapshots only: delete it on destroy (default false: it is released, left in Waldur). */
  deleteOnDestroy?: pulumi.Input<boolean>;
  /** Deadlines: create (default 30m), update (10m), delete (30m). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection settings; default from stack config or `WALDUR_*` variables. */
  connection?: pulumi.Input<WaldurConnectionArgs>;
}

/** A volume restored from a snapshot, as Waldur records it. */
export interface SnapshotRestoration {
  uuid: string;
  created: string | null;
  volumeName: string | null;
  volumeState: string | null;
  volumeSizeMib: number | null;
}

const provider = forwardingProvider("waldur.Snapshot");

/** The outputs the provider computes (beside every input, which it echoes). */
export const SNAPSHOT_OUTPUTS = [
  "uuid",
  "url",
  "state",
  "runtimeState",
  "sizeMib",
  "backendId",
  "sourceVolumeUuid",
  "sourceVolumeName",
  "created",
  "effectiveKeptUntil",
  "errorMessage",
  "restorations",
  "marker",
] as const;

/** Every argument but `connection`, echoed as an output of the same name. */
// A class and an interface of one name merge: the class gains the echoed inputs as typed outputs.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Snapshot extends EchoedInputs<SnapshotArgs> {}

/**
 * An OpenStack volume snapshot in Waldur, with its retention codified.
 *
 * Create one from a volume (`volumeUuid`), or adopt an existing one (`adoptSnapshotUuid`) to manage its
 * retention. Retention is `keptUntil` (a date-time; `null` keeps forever) or `retention: { days }` (the creation
 * time plus that many days): Waldur deletes a snapshot once its `kept_until` has passed. Name, description,
 * metadata and retention change in place (a PATCH of only what changed); a `kept_until` changed outside Pulumi
 * shows after `pulumi refresh` and the next `pulumi up` puts the declared value back. Destroy deletes a snapshot
 * this resource created; an adopted one is released (left in Waldur) unless `deleteOnDestroy` is set.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Snapshot extends pulumi.dynamic.Resource {
  /** The snapshot's Waldur uuid (also the resource id). */
  declare readonly uuid: pulumi.Output<string>;
  /** Its API URL. */
  declare readonly url: pulumi.Output<string | null>;
  /** Waldur state: OK, ERRED, CREATING, … (current spelling, whatever the server sends). */
  declare readonly state: pulumi.Output<string>;
  /** OpenStack's status of the snapshot. */
  declare readonly runtimeState: pulumi.Output<string | null>;
  /** Size, MiB. */
  declare readonly sizeMib: pulumi.Output<number | null>;
  /** Snapshot id in OpenStack. */
  declare readonly backendId: pulumi.Output<string | null>;
  /** The volume it was taken from. */
  declare readonly sourceVolumeUuid: pulumi.Output<string | null>;
  /** That volume's name. */
  declare readonly sourceVolumeName: pulumi.Output<string | null>;
  /** When it was created. */
  declare readonly created: pulumi.Output<string | null>;
  /** The `kept_until` Waldur has (null: kept forever). */
  declare readonly effectiveKeptUntil: pulumi.Output<string | null>;
  /** Why it is ERRED. */
  declare readonly errorMessage: pulumi.Output<string | null>;
  /** Volumes restored from it. */
  declare readonly restorations: pulumi.Output<SnapshotRestoration[]>;
  /** The marker of the create request (adoption after an interrupted run). */
  declare readonly marker: pulumi.Output<string | null>;

  /**
   * @param name The resource name; also the default snapshot name.
   * @param args What to snapshot or adopt, and its retention.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  constructor(name: string, args: SnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps("waldur.Snapshot", name, args, SNAPSHOT_OUTPUTS);
    super(provider, name, props, withSecretOutputs(opts, ["connection"]), "waldur", "Snapshot");
  }
}
