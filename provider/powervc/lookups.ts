/**
 * PowerVC lookups: a server's instance snapshots by status and name, or the newest available one. The server goes
 * to PowerVC's volume service (`instance_id`); every filter is checked again here, as a server may ignore it.
 */
import { z } from "zod";
import { openStackId } from "../core/inputs";
import { describeFilters, newestFirst, newestOf, runLookup, type LookupContext } from "../core/lookup";
import { utcTime } from "../core/utc-time";
import { openStackConnectionSchema, requireOpenStackConnection } from "../openstack/connection";
import { SNAPSHOT_STATUS, type InstanceSnapshot } from "./api";
import { PowerVCClient } from "./client";

/** An instance snapshot as a lookup returns it. */
export interface PowerVCInstanceSnapshotInfo {
  id: string;
  name: string | null;
  description: string | null;
  /** "available", "creating", "restoring", "restore-error", "error", … */
  status: string;
  /** The server (instance) it is a snapshot of. */
  serverId: string | null;
  /** The backend snapshot of each volume it covers: volume id → volume snapshot id. */
  volumeSnapshots: Record<string, string>;
  /** When it was taken (ISO date-time, UTC). */
  createdAt: string | null;
  /** When it last changed (ISO date-time, UTC). */
  updatedAt: string | null;
}

/** The arguments of `powervc.getInstanceSnapshots`. */
export const getInstanceSnapshotsSchema = z.strictObject({
  serverId: openStackId,
  status: z.string().optional(),
  name: z.string().optional(),
  mostRecent: z.boolean().optional(),
  connection: openStackConnectionSchema.optional(),
});

/**
 * The server's instance snapshots matching every filter given, newest first, read across all pages; with
 * `mostRecent`, the newest one in `status` (default "available"), and an error naming the filters when there is
 * none.
 */
export function getInstanceSnapshots(
  args: unknown,
  context: LookupContext = {},
): Promise<PowerVCInstanceSnapshotInfo[] | PowerVCInstanceSnapshotInfo> {
  const lookup = "powervc.getInstanceSnapshots";
  return runLookup(lookup, getInstanceSnapshotsSchema, args, context, async (a) => {
    const status = a.status ?? (a.mostRecent ? SNAPSHOT_STATUS.available : undefined);
    const client = new PowerVCClient(requireOpenStackConnection(a.connection));
    const found = (await client.listInstanceSnapshots({ instance_id: a.serverId }))
      .map(toInfo)
      .filter(
        (snapshot) =>
          snapshot.serverId?.toLowerCase() === a.serverId &&
          (status === undefined || snapshot.status === status) &&
          (a.name === undefined || snapshot.name === a.name),
      )
      .sort(newestFirst);
    if (!a.mostRecent) return found;
    const filter = describeFilters([`of server ${a.serverId}`, a.name !== undefined && `named "${a.name}"`]);
    return newestOf(found, lookup, `${status} PowerVC instance snapshot ${filter}`);
  });
}

function toInfo(snapshot: InstanceSnapshot): PowerVCInstanceSnapshotInfo {
  return {
    id: snapshot.id,
    name: snapshot.name ?? null,
    description: snapshot.description ?? null,
    status: snapshot.status,
    serverId: snapshot.instance_id ?? null,
    volumeSnapshots: snapshot.snapshots ?? {},
    createdAt: utcTime(snapshot.created_at),
    updatedAt: utcTime(snapshot.updated_at),
  };
}
