import type * as pulumi from "@pulumi/pulumi";
import type * as Implementation from "../../provider/powervc/lookups";
import type { PowerVCInstanceSnapshotInfo } from "../../provider/powervc/lookups";
import type { OpenStackConnectionArgs } from "../common";
import { lookupOutput, runLookup, type LookupInputs, type LookupOutputOptions } from "../lookup";

export type { PowerVCInstanceSnapshotInfo };

/** Loaded on the call: importing the package must not load the provider's implementation. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const implementation = (): typeof Implementation => require("../../provider/powervc/lookups");

/** The arguments of {@link getInstanceSnapshots}: every filter given must match (exactly). */
export interface GetInstanceSnapshotsArgs {
  /** The server (instance) whose snapshots to read. */
  serverId: string;
  /** Snapshots in this status, such as "available" or "restore-error". */
  status?: string;
  /** Snapshots with this name. */
  name?: string;
  /**
   * Only the newest snapshot (by `created_at`) in `status`, "available" unless `status` says otherwise, and an
   * error naming the filters when none matches.
   */
  mostRecent?: boolean;
  /** Connection to PowerVC's Keystone, as a `powervc.InstanceSnapshot`'s: each setting not given falls back to stack config, then `OS_*`. */
  connection?: pulumi.Unwrap<OpenStackConnectionArgs>;
}

/**
 * A server's PowerVC instance snapshots matching the filters, newest first, read across all pages (an empty list
 * when none matches); with `mostRecent: true`, only the newest available one, and an error naming the filters when
 * there is none. Read-only.
 *
 * ```ts
 * const latest = await powervc.getInstanceSnapshots({ serverId, mostRecent: true });
 * ```
 */
export function getInstanceSnapshots(
  args: GetInstanceSnapshotsArgs & { mostRecent: true },
): Promise<PowerVCInstanceSnapshotInfo>;
export function getInstanceSnapshots(args: GetInstanceSnapshotsArgs): Promise<PowerVCInstanceSnapshotInfo[]>;
export function getInstanceSnapshots(
  args: GetInstanceSnapshotsArgs,
): Promise<PowerVCInstanceSnapshotInfo[] | PowerVCInstanceSnapshotInfo> {
  return runLookup(implementation().getInstanceSnapshots, args);
}

/** {@link getInstanceSnapshots} with `Input` arguments, as an `Output`. */
export function getInstanceSnapshotsOutput(
  args: LookupInputs<GetInstanceSnapshotsArgs & { mostRecent: true }>,
  opts?: LookupOutputOptions,
): pulumi.Output<PowerVCInstanceSnapshotInfo>;
export function getInstanceSnapshotsOutput(
  args: LookupInputs<GetInstanceSnapshotsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<PowerVCInstanceSnapshotInfo[]>;
export function getInstanceSnapshotsOutput(
  args: LookupInputs<GetInstanceSnapshotsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<PowerVCInstanceSnapshotInfo[] | PowerVCInstanceSnapshotInfo> {
  return lookupOutput(
    getInstanceSnapshots as (a: GetInstanceSnapshotsArgs) => Promise<PowerVCInstanceSnapshotInfo[]>,
    args,
    opts,
  );
}
