import type * as pulumi from "@pulumi/pulumi";
import type * as Implementation from "../../provider/waldur/lookups";
import type { WaldurSnapshotInfo, WaldurSnapshotScheduleInfo } from "../../provider/waldur/lookups";
import { lookupOutput, runLookup, type LookupInputs, type LookupOutputOptions } from "../lookup";
import type { WaldurConnectionArgs } from "./connection";

export type { WaldurSnapshotInfo, WaldurSnapshotScheduleInfo };

/** Loaded on the call: importing the package must not load the provider's implementation. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const implementation = (): typeof Implementation => require("../../provider/waldur/lookups");

/** The arguments of {@link getSnapshots}: every filter given must match. */
export interface GetSnapshotsArgs {
  /** Snapshots of this volume (its Waldur uuid). */
  sourceVolumeUuid?: string;
  /** Snapshots with exactly this name. */
  name?: string;
  /** Snapshots whose name starts with this (a schedule's snapshots share a prefix). */
  namePrefix?: string;
  /** Snapshots in this state ("OK", "ERRED", …; either spelling of Waldur's states). */
  state?: string;
  /** Snapshots whose `kept_until` is before this ISO date-time (a snapshot kept for ever never is). */
  keptUntilBefore?: string;
  /** Snapshots whose `kept_until` is after this ISO date-time (a snapshot kept for ever never is). */
  keptUntilAfter?: string;
  /** When true, no match is an error naming the filters (default: an empty list). */
  required?: boolean;
  /** Connection to Waldur; each setting not given falls back to stack config, then `WALDUR_*`. */
  connection?: pulumi.Unwrap<WaldurConnectionArgs>;
}

/**
 * Waldur's OpenStack snapshots matching the filters, newest first, read across all pages. Read-only.
 *
 * ```ts
 * const expiring = await waldur.getSnapshots({ sourceVolumeUuid, keptUntilBefore: "2027-01-01T00:00:00Z" });
 * ```
 */
export function getSnapshots(args: GetSnapshotsArgs): Promise<WaldurSnapshotInfo[]> {
  return runLookup(implementation().getSnapshots, args);
}

/** {@link getSnapshots} with `Input` arguments, as an `Output`. */
export function getSnapshotsOutput(
  args: LookupInputs<GetSnapshotsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<WaldurSnapshotInfo[]> {
  return lookupOutput(getSnapshots, args, opts);
}

/** The arguments of {@link getSnapshotSchedules}. */
export interface GetSnapshotSchedulesArgs {
  /** The volume whose schedules to list (its Waldur uuid). */
  sourceVolumeUuid: string;
  /** Only the schedules that run (`isActive`); default: all. */
  activeOnly?: boolean;
  /** When true, no match is an error naming the volume (default: an empty list). */
  required?: boolean;
  /** Connection to Waldur; each setting not given falls back to stack config, then `WALDUR_*`. */
  connection?: pulumi.Unwrap<WaldurConnectionArgs>;
}

/**
 * The snapshot schedules of a Waldur volume (`/api/openstack-snapshot-schedules/`), by name, read across all
 * pages: when each runs (`schedule`, cron), how long its snapshots are kept (`retentionDays`) and how many it
 * keeps at most (`maximalNumberOfResources`). Read-only.
 *
 * ```ts
 * const [daily] = await waldur.getSnapshotSchedules({ sourceVolumeUuid, activeOnly: true, required: true });
 * ```
 */
export function getSnapshotSchedules(args: GetSnapshotSchedulesArgs): Promise<WaldurSnapshotScheduleInfo[]> {
  return runLookup(implementation().getSnapshotSchedules, args);
}

/** {@link getSnapshotSchedules} with `Input` arguments, as an `Output`. */
export function getSnapshotSchedulesOutput(
  args: LookupInputs<GetSnapshotSchedulesArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<WaldurSnapshotScheduleInfo[]> {
  return lookupOutput(getSnapshotSchedules, args, opts);
}
