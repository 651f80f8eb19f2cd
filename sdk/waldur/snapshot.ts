import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type ResourceArgs } from "../common";
import type { WaldurConnectionArgs } from "./connection";

/**
 * The arguments of a {@link Snapshot}. Set `volumeUuid` or `adoptSnapshotUuid`. Deadlines (`timeouts`): create
 * (default 30m), update (10m), delete (30m).
 */
export interface SnapshotArgs extends ResourceArgs<WaldurConnectionArgs> {
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
}

/** A volume restored from a snapshot, as Waldur records it. */
export interface SnapshotRestoration {
  uuid: string;
  created: string | null;
  volumeName: string | null;
  volumeState: string | null;
  volumeSizeMib: number | null;
}

/** The values of the outputs a {@link Snapshot} computes (beside every input, which it echoes). */
export interface SnapshotOutputValues {
  /** The snapshot's Waldur uuid (also the resource id). */
  uuid: string;
  /** Its API URL. */
  url: string | null;
  /** Waldur state: OK, ERRED, CREATING, … (current spelling, whatever the server sends). */
  state: string;
  /** OpenStack's status of the snapshot. */
  runtimeState: string | null;
  /** Size, MiB. */
  sizeMib: number | null;
  /** Snapshot id in OpenStack. */
  backendId: string | null;
  /** The volume it was taken from. */
  sourceVolumeUuid: string | null;
  /** That volume's name. */
  sourceVolumeName: string | null;
  /** When it was created. */
  created: string | null;
  /** The `kept_until` Waldur has (null: kept forever). */
  effectiveKeptUntil: string | null;
  /** Why it is ERRED. */
  errorMessage: string | null;
  /** Volumes restored from it. */
  restorations: SnapshotRestoration[];
  /** The marker of the create request (adoption after an interrupted run). */
  marker: string | null;
}

/** The names of the {@link SnapshotOutputValues}, which the provider computes. */
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
export class Snapshot extends resourceClass<SnapshotArgs, SnapshotOutputValues>(
  "waldur.Snapshot",
  SNAPSHOT_OUTPUTS,
) {}
