/** How the simulated Cinder lists its volumes, snapshots and backups: filters, sort keys and views. */
import { isRecord } from "../core/guards";
import { backupNotFound, snapshotNotFound, volumeNotFound } from "./faults";
import { type CollectionSpec, type SortValue, type VersionedFilter } from "./listing";
import { FEATURE_MINORS } from "./microversion";
import { type CinderBackup, type CinderSnapshot, type CinderVolume } from "./models";
import {
  backupSummaryView,
  backupView,
  snapshotDetailView,
  snapshotSummaryView,
  type ViewContext,
  volumeSummaryView,
  volumeView,
} from "./views";

/** The sort keys volumes and backups share (`name` is Cinder's `display_name`). */
function sharedSortKeys<T extends CinderVolume | CinderBackup>(): Readonly<
  Record<string, (item: T) => SortValue>
> {
  return {
    created_at: (item) => item.createdAt,
    updated_at: (item) => item.updatedAt,
    name: (item) => item.name,
    status: (item) => item.status,
    size: (item) => item.size,
  };
}

/** How a collection is listed (`GET /volumes`, `/volumes/detail`, ...) and shown. */
export interface Listing<T> extends CollectionSpec<T> {
  /** The collection's name: in its path, its list key and its `<name>_links` key. */
  readonly name: "volumes" | "snapshots" | "backups";
  /** Its item in the list without details. */
  summary(item: T, context: ViewContext): unknown;
  /** Its item in `/detail`. */
  detail(item: T, context: ViewContext): unknown;
}

/** `GET /backups` and `/backups/detail` (sorted by `name` from 3.37, by `display_name` always). */
export const BACKUP_LIST: Listing<CinderBackup> = {
  name: "backups",
  summary: backupSummaryView,
  detail: backupView,
  filters: { name: (b) => b.name, status: (b) => b.status, volume_id: (b) => b.volumeId },
  sortKeys: {
    ...sharedSortKeys<CinderBackup>(),
    display_name: (b) => b.name,
    display_description: (b) => b.description,
    volume_id: (b) => b.volumeId,
    container: (b) => b.container,
  },
  sortKeysSince: { name: FEATURE_MINORS.backupSortByName },
  notFound: backupNotFound,
};

/** The query value of a metadata filter as Python's `literal_eval` reads it (JSON or Python quotes). */
function metadataQuery(value: string): Record<string, unknown> | undefined {
  for (const text of [value, value.replaceAll("'", '"')]) {
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      // not JSON: try Python's quotes, then give up
    }
  }
  return undefined;
}

/** `?metadata={"k": "v"}` (from 3.22): snapshots having every pair. */
const snapshotMetadataFilter: VersionedFilter<CinderSnapshot> = {
  sinceMinor: FEATURE_MINORS.snapshotMetadataFilter,
  matches: (snapshot, value) => {
    const wanted = metadataQuery(value);
    return (
      wanted !== undefined &&
      Object.entries(wanted).every(([key, item]) => snapshot.metadata[key] === String(item))
    );
  },
};

/**
 * `GET /snapshots` and `/snapshots/detail`: filters `name`, `status`, `volume_id`, `metadata`; sorted
 * by Cinder's column names (`display_name`, `volume_size`, ...) and by `name` from 3.30.
 */
export const SNAPSHOT_LIST: Listing<CinderSnapshot> = {
  name: "snapshots",
  summary: snapshotSummaryView,
  detail: snapshotDetailView,
  filters: {
    name: (s) => s.name,
    status: (s) => s.status,
    volume_id: (s) => s.volumeId,
    metadata: snapshotMetadataFilter,
    availability_zone: "ignored",
    consumes_quota: "ignored",
  },
  sortKeys: {
    created_at: (s) => s.createdAt,
    updated_at: (s) => s.updatedAt,
    name: (s) => s.name,
    display_name: (s) => s.name,
    display_description: (s) => s.description,
    status: (s) => s.status,
    volume_id: (s) => s.volumeId,
    volume_size: (s) => s.size,
  },
  sortKeysSince: { name: FEATURE_MINORS.snapshotSortByName },
  notFound: snapshotNotFound,
};

/** `GET /volumes` and `/volumes/detail` (filters Cinder allows but the simulator does not model: ignored). */
export const VOLUME_LIST: Listing<CinderVolume> = {
  name: "volumes",
  summary: volumeSummaryView,
  detail: volumeView,
  filters: {
    name: (v) => v.name,
    status: (v) => v.status,
    size: (v) => v.size,
    availability_zone: () => "nova",
    ...Object.fromEntries(
      [
        "metadata",
        "bootable",
        "migration_status",
        "group_id",
        "created_at",
        "updated_at",
        "consumes_quota",
      ].map((name) => [name, "ignored" as const]),
    ),
  },
  sortKeys: sharedSortKeys<CinderVolume>(),
  notFound: volumeNotFound,
};
