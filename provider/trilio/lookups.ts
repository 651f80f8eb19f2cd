/**
 * TrilioVault lookups: a workload's snapshots by status, type and creation time, and the newest of them. The
 * workload and the time window go to workloadmgr (`workload_id`, `date_from`, `date_to`: whole seconds, widened so
 * that no match is lost); every filter is checked again here, as a server may ignore them.
 */
import { z } from "zod";
import { openStackId, zonedDateTime } from "../core/inputs";
import { describeFilters, newestFirst, newestOf, runLookup, type LookupContext } from "../core/lookup";
import { utcMillis, utcTime } from "../core/utc-time";
import { openStackConnectionSchema, requireOpenStackConnection } from "../openstack/connection";
import type { TrilioSnapshot } from "./api";
import { TrilioClient } from "./client";

/** A workload snapshot as a lookup returns it. */
export interface TrilioSnapshotInfo {
  id: string;
  name: string | null;
  description: string | null;
  /** "available", "restoring", "creating", "error", … */
  status: string;
  /** "full" or "incremental". */
  snapshotType: string | null;
  workloadId: string | null;
  /** When the snapshot was started (ISO date-time, UTC). */
  createdAt: string | null;
  /** When it finished (ISO date-time, UTC). */
  finishedAt: string | null;
  /** Bytes the snapshot stores, when the server says. */
  size: number | null;
  /** Bytes a full restore of it writes, when the server says. */
  restoreSize: number | null;
  /** The TrilioVault node that took it. */
  host: string | null;
}

/** The arguments of `trilio.getSnapshots`. */
export const getSnapshotsSchema = z.strictObject({
  workloadId: openStackId,
  status: z.string().optional(),
  snapshotType: z.enum(["full", "incremental"]).optional(),
  createdAfter: zonedDateTime.optional(),
  createdBefore: zonedDateTime.optional(),
  connection: openStackConnectionSchema.optional(),
});

/** The arguments of `trilio.getLatestSnapshot`: those of `getSnapshots`, `status` by default "available". */
export const getLatestSnapshotSchema = getSnapshotsSchema.extend({ status: z.string().default("available") });

type SnapshotFilter = z.output<typeof getSnapshotsSchema>;

/** The workload's snapshots matching every filter given, newest first, read across all pages. */
export function getSnapshots(args: unknown, context: LookupContext = {}): Promise<TrilioSnapshotInfo[]> {
  return runLookup("trilio.getSnapshots", getSnapshotsSchema, args, context, snapshotsMatching);
}

/**
 * The workload's newest snapshot in status `status` (default "available") matching the other filters; an error
 * naming the filters when there is none.
 */
export function getLatestSnapshot(args: unknown, context: LookupContext = {}): Promise<TrilioSnapshotInfo> {
  const name = "trilio.getLatestSnapshot";
  return runLookup(name, getLatestSnapshotSchema, args, context, async (filter) =>
    newestOf(
      await snapshotsMatching(filter),
      name,
      `${filter.status} TrilioVault snapshot ${describe(filter)}`,
    ),
  );
}

async function snapshotsMatching(filter: SnapshotFilter): Promise<TrilioSnapshotInfo[]> {
  const client = new TrilioClient(requireOpenStackConnection(filter.connection));
  const snapshots = await client.listSnapshots(serverFilters(filter));
  return snapshots
    .map(toInfo)
    .filter((snapshot) => matches(snapshot, filter))
    .sort(newestFirst);
}

/** The filters workloadmgr takes: the workload, and the time window in its whole-second, zone-less form. */
function serverFilters(filter: SnapshotFilter): Record<string, string> {
  const query: Record<string, string> = { workload_id: filter.workloadId };
  if (filter.createdAfter) query.date_from = wholeSecond(Date.parse(filter.createdAfter), Math.floor);
  if (filter.createdBefore) query.date_to = wholeSecond(Date.parse(filter.createdBefore), Math.ceil);
  return query;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, rounded outwards by `round` so the server's window holds the asked one. */
function wholeSecond(ms: number, round: (seconds: number) => number): string {
  return new Date(round(ms / 1000) * 1000).toISOString().slice(0, 19);
}

function matches(snapshot: TrilioSnapshotInfo, filter: SnapshotFilter): boolean {
  const created = utcMillis(snapshot.createdAt);
  return (
    snapshot.workloadId?.toLowerCase() === filter.workloadId &&
    (filter.status === undefined || snapshot.status === filter.status) &&
    (filter.snapshotType === undefined || snapshot.snapshotType === filter.snapshotType) &&
    (filter.createdAfter === undefined || created > Date.parse(filter.createdAfter)) &&
    (filter.createdBefore === undefined || created < Date.parse(filter.createdBefore))
  );
}

function describe(filter: SnapshotFilter): string {
  return describeFilters([
    `of workload ${filter.workloadId}`,
    filter.snapshotType !== undefined && `of type ${filter.snapshotType}`,
    filter.createdAfter !== undefined && `created after ${filter.createdAfter}`,
    filter.createdBefore !== undefined && `created before ${filter.createdBefore}`,
  ]);
}

function toInfo(snapshot: TrilioSnapshot): TrilioSnapshotInfo {
  return {
    id: snapshot.id,
    name: snapshot.name ?? snapshot.display_name ?? null,
    description: snapshot.description ?? snapshot.display_description ?? null,
    status: snapshot.status,
    snapshotType: snapshot.snapshot_type ?? null,
    workloadId: snapshot.workload_id ?? null,
    createdAt: utcTime(snapshot.created_at),
    finishedAt: utcTime(snapshot.finished_at),
    size: snapshot.size ?? null,
    restoreSize: snapshot.restore_size ?? null,
    host: snapshot.host ?? null,
  };
}
