import type * as pulumi from "@pulumi/pulumi";
import { resourceClass, type ResourceArgs } from "../common";
import type { WaldurConnectionArgs } from "./connection";

/**
 * The counts of a grandfather-father-son rule: a snapshot is kept when any of them keeps it. Calendar buckets are
 * UTC days, ISO weeks (Monday to Sunday), months and years; each counts only buckets that have a snapshot, so a
 * pause in a schedule never makes the rule let go of what it kept.
 */
export interface SnapshotRetentionRule {
  /** The N newest snapshots. */
  keepLast?: pulumi.Input<number>;
  /** The newest snapshot of each of the D most recent days that have one. */
  daily?: pulumi.Input<number>;
  /** The newest snapshot of each of the W most recent ISO weeks that have one. */
  weekly?: pulumi.Input<number>;
  /** The newest snapshot of each of the M most recent months that have one. */
  monthly?: pulumi.Input<number>;
  /** The newest snapshot of each of the Y most recent years that have one. */
  yearly?: pulumi.Input<number>;
}

/**
 * The arguments of a {@link SnapshotRetention}. `sourceVolumeUuid` and `namePrefix` replace (another set of
 * snapshots; the old set's keep the `kept_until` they have); `rule`, `graceDays` and `leaveAlone` change in place.
 * Deadlines (`timeouts`): create (default 30m) and update (30m) bound the PATCHes, waiting out busy snapshots.
 */
export interface SnapshotRetentionArgs extends ResourceArgs<WaldurConnectionArgs> {
  /** The volume whose snapshots the rule keeps (Waldur uuid). */
  sourceVolumeUuid: pulumi.Input<string>;
  /** Only the snapshots whose name starts with this; a schedule names its snapshots after itself. */
  namePrefix?: pulumi.Input<string>;
  /** What to keep: at least one count above 0. */
  rule: pulumi.Input<SnapshotRetentionRule>;
  /**
   * Days a snapshot leaving the rule stays before Waldur deletes it (its `kept_until` becomes now + this, never
   * pushed on by a later `up`); default 7. Fractions are allowed; it must be above 0.
   */
  graceDays?: pulumi.Input<number>;
  /**
   * Snapshots of the set the rule neither counts nor changes (Waldur uuids), such as one a `waldur.Snapshot`
   * adopts: pass `snapshot.id`. Snapshots a `waldur.Snapshot` created are recognised by the marker in their
   * description and left alone without being named here.
   */
  leaveAlone?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The values of the outputs a {@link SnapshotRetention} computes (beside every input, which it echoes). */
export interface SnapshotRetentionOutputValues {
  /** Snapshots in the set at the last `up` or refresh. */
  snapshotCount: number;
  /** Of those, kept by the rule (`kept_until` null). */
  keptCount: number;
  /** Of those, leaving it (`kept_until` set, Waldur deletes them then). */
  leavingCount: number;
  /** Of those, left alone: managed by a `waldur.Snapshot`, in `leaveAlone`, or not usable (erred, being made). */
  leftAloneCount: number;
  /** The uuids of the kept snapshots, newest first. */
  kept: string[];
  /** The uuids of the leaving snapshots, newest first. */
  leaving: string[];
  /** What the volume's snapshot schedules may do against the rule (also printed at preview). */
  warnings: string[];
}

/** The names of the {@link SnapshotRetentionOutputValues}, which the provider computes. */
export const SNAPSHOT_RETENTION_OUTPUTS = [
  "snapshotCount",
  "keptCount",
  "leavingCount",
  "leftAloneCount",
  "kept",
  "leaving",
  "warnings",
] as const;

/**
 * A retention policy over every snapshot of a volume (optionally those whose name starts with `namePrefix`): a
 * grandfather-father-son `rule` kept true on each `up`, snapshots made since the last one included, with no
 * program edit. A kept snapshot gets `kept_until` null (kept until the rule lets it go); one leaving the rule gets
 * `kept_until` = now + `graceDays` (never an immediate delete, so a wrong rule can be corrected first). Preview
 * reads the snapshots (list requests only) and prints the counts, then each `kept_until` that changes and why;
 * `up` PATCHes only those. Snapshots a `waldur.Snapshot` manages are left alone. Destroy changes no snapshot.
 */
export class SnapshotRetention extends resourceClass<SnapshotRetentionArgs, SnapshotRetentionOutputValues>(
  "waldur.SnapshotRetention",
  SNAPSHOT_RETENTION_OUTPUTS,
) {}
