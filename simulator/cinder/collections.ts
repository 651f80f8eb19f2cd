/** How the simulated Cinder lists its volumes and backups: filters, sort keys and views. */
import { backupNotFound, volumeNotFound } from "./faults";
import { type CollectionSpec, type SortValue } from "./listing";
import { FEATURE_MINORS } from "./microversion";
import { type CinderBackup, type CinderVolume } from "./models";
import { backupSummaryView, backupView, type ViewContext, volumeSummaryView, volumeView } from "./views";

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
  readonly name: "volumes" | "backups";
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
