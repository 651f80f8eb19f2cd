/**
 * Cinder lookups: a project's backups by volume, name and status (or the newest of them), and one backup by id.
 * Filters go to Cinder (`name`, `status`, `volume_id` are the ones it lets members use) and are checked again
 * here, as a server below 3.31 ignores them.
 */
import { z } from "zod";
import { openStackId } from "../core/inputs";
import {
  describeFilters,
  newestFirst,
  newestOf,
  nothingFound,
  runLookup,
  type LookupContext,
} from "../core/lookup";
import { openStackConnectionSchema, requireOpenStackConnection } from "../openstack/connection";
import type { Backup } from "./api";
import { CinderClient } from "./client";

/** A backup as a lookup returns it. */
export interface CinderBackupInfo {
  id: string;
  name: string | null;
  description: string | null;
  /** "available", "creating", "error", … */
  status: string;
  volumeId: string | null;
  /** The volume snapshot it was taken from, if any. */
  snapshotId: string | null;
  /** GiB. */
  size: number | null;
  isIncremental: boolean;
  hasDependentBackups: boolean;
  /** When Cinder made the backup (ISO date-time, UTC). */
  createdAt: string | null;
  /** When its data was taken (the snapshot's time for a backup of a snapshot). */
  dataTimestamp: string | null;
  availabilityZone: string | null;
  container: string | null;
  metadata: Record<string, string>;
  failReason: string | null;
}

const connection = openStackConnectionSchema.optional();

/** The arguments of `getBackups`. */
export const getBackupsSchema = z.strictObject({
  volumeId: openStackId.optional(),
  name: z.string().optional(),
  status: z.string().optional(),
  mostRecent: z.boolean().optional(),
  connection,
});

/** The arguments of `getBackup`. */
export const getBackupSchema = z.strictObject({ id: openStackId, connection });

/**
 * The backups matching every filter given, newest first, read across all pages; with `mostRecent`, the newest
 * one, and an error naming the filters when there is none.
 */
export function getBackups(
  args: unknown,
  context: LookupContext = {},
): Promise<CinderBackupInfo[] | CinderBackupInfo> {
  return runLookup("cinder.getBackups", getBackupsSchema, args, context, async (a) => {
    const filters: Record<string, string> = {};
    if (a.volumeId !== undefined) filters.volume_id = a.volumeId;
    if (a.name !== undefined) filters.name = a.name;
    if (a.status !== undefined) filters.status = a.status;
    const client = new CinderClient(requireOpenStackConnection(a.connection));
    const backups = (await client.listBackups(filters))
      .filter(
        (backup) =>
          (a.volumeId === undefined || backup.volume_id === a.volumeId) &&
          (a.name === undefined || backup.name === a.name) &&
          (a.status === undefined || backup.status === a.status),
      )
      .map(toInfo)
      .sort(newestFirst);
    if (!a.mostRecent) return backups;
    const filter = describeFilters([
      a.volumeId !== undefined && `of volume ${a.volumeId}`,
      a.name !== undefined && `named "${a.name}"`,
      a.status !== undefined && `with status ${a.status}`,
    ]);
    return newestOf(
      backups,
      "cinder.getBackups",
      `Cinder backup${filter ? ` ${filter}` : ""} in this project`,
    );
  });
}

/** One backup by id; an error when it does not exist (or this project cannot see it). */
export function getBackup(args: unknown, context: LookupContext = {}): Promise<CinderBackupInfo> {
  return runLookup("cinder.getBackup", getBackupSchema, args, context, async (a) => {
    const backup = await new CinderClient(requireOpenStackConnection(a.connection)).getBackup(a.id);
    if (!backup) throw nothingFound("cinder.getBackup", `Cinder backup ${a.id} in this project`);
    return toInfo(backup);
  });
}

function toInfo(backup: Backup): CinderBackupInfo {
  return {
    id: backup.id,
    name: backup.name ?? null,
    description: backup.description ?? null,
    status: backup.status,
    volumeId: backup.volume_id ?? null,
    snapshotId: backup.snapshot_id ?? null,
    size: backup.size ?? null,
    isIncremental: backup.is_incremental ?? false,
    hasDependentBackups: backup.has_dependent_backups ?? false,
    createdAt: backup.created_at ?? null,
    dataTimestamp: backup.data_timestamp ?? null,
    availabilityZone: backup.availability_zone ?? null,
    container: backup.container ?? null,
    metadata: backup.metadata ?? {},
    failReason: backup.fail_reason ?? null,
  };
}
