import type * as pulumi from "@pulumi/pulumi";
import type * as Implementation from "../../provider/trilio/lookups";
import type { TrilioSnapshotInfo } from "../../provider/trilio/lookups";
import type { OpenStackConnectionArgs } from "../common";
import { lookupOutput, runLookup, type LookupInputs, type LookupOutputOptions } from "../lookup";

export type { TrilioSnapshotInfo };

/** Loaded on the call: importing the package must not load the provider's implementation. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const implementation = (): typeof Implementation => require("../../provider/trilio/lookups");

/** The arguments of {@link getSnapshots}: every filter given must match. */
export interface GetSnapshotsArgs {
  /** The workload whose snapshots to read. */
  workloadId: string;
  /** Snapshots in this status, such as "available". */
  status?: string;
  /** Only full or only incremental snapshots. */
  snapshotType?: "full" | "incremental";
  /** Snapshots started after this ISO date-time (with a zone, such as "2026-11-20T00:00:00Z"). */
  createdAfter?: string;
  /** Snapshots started before this ISO date-time (with a zone). */
  createdBefore?: string;
  /** Connection to the cloud, as a `trilio.Restore`'s: each setting not given falls back to stack config, then `OS_*`. */
  connection?: pulumi.Unwrap<OpenStackConnectionArgs>;
}

/** The arguments of {@link getLatestSnapshot}: those of {@link getSnapshots}, `status` "available" by default. */
export type GetLatestSnapshotArgs = GetSnapshotsArgs;

/**
 * A workload's TrilioVault snapshots matching the filters, newest first, read across all pages (an empty list when
 * none matches). Read-only.
 *
 * ```ts
 * const fulls = await trilio.getSnapshots({ workloadId, snapshotType: "full", status: "available" });
 * ```
 */
export function getSnapshots(args: GetSnapshotsArgs): Promise<TrilioSnapshotInfo[]> {
  return runLookup(implementation().getSnapshots, args);
}

/** {@link getSnapshots} with `Input` arguments, as an `Output`. */
export function getSnapshotsOutput(
  args: LookupInputs<GetSnapshotsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<TrilioSnapshotInfo[]> {
  return lookupOutput(getSnapshots, args, opts);
}

/**
 * A workload's newest TrilioVault snapshot in `status` (default "available") matching the other filters, and an
 * error naming the filters when there is none. Read-only.
 *
 * ```ts
 * const latest = trilio.getLatestSnapshotOutput({ workloadId });
 * new trilio.Restore("restore", { snapshotId: latest.id, restoreType: "selective", ... });
 * ```
 */
export function getLatestSnapshot(args: GetLatestSnapshotArgs): Promise<TrilioSnapshotInfo> {
  return runLookup(implementation().getLatestSnapshot, args);
}

/** {@link getLatestSnapshot} with `Input` arguments, as an `Output`. */
export function getLatestSnapshotOutput(
  args: LookupInputs<GetLatestSnapshotArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<TrilioSnapshotInfo> {
  return lookupOutput(getLatestSnapshot, args, opts);
}
