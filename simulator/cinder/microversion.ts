/**
 * Cinder's microversions: the `OpenStack-API-Version: volume 3.N` request header, read as Cinder 21
 * reads it (its messages, its 400 / 406 / 500 answers), the header echoed on answers, and the version
 * document of `/` and `/v3/`.
 */
import { HttpError } from "../core/service";

/** An API version `MAJOR.MINOR`. */
export interface ApiVersion {
  readonly major: number;
  readonly minor: number;
}

/** The lowest version Cinder v3 serves, and what a request without the header gets. */
export const MIN_API_VERSION: ApiVersion = { major: 3, minor: 0 };

/** The request header naming the version. */
export const API_VERSION_HEADER = "OpenStack-API-Version";

/** The first 3.N of each feature the simulator gates on a microversion. */
export const FEATURE_MINORS = {
  /** `PUT /backups/{id}`. */
  backupUpdate: 9,
  /** Volume `group_id`. */
  volumeGroupId: 13,
  /** Snapshot `group_snapshot_id`. */
  snapshotGroupSnapshotId: 14,
  /** The snapshot list filter `metadata` (ignored before). */
  snapshotMetadataFilter: 22,
  /** Snapshots sort by `name` (before, only by `display_name`). */
  snapshotSortByName: 30,
  /** Unknown list filters answer 400 instead of being ignored (Cinder's `RESOURCE_FILTER`). */
  filterValidation: 31,
  /** Backups sort by `name` (before, only by `display_name`). */
  backupSortByName: 37,
  /** Snapshot `user_id`. */
  snapshotUserId: 41,
  /** Backup `metadata` (create, update, views). */
  backupMetadata: 43,
  /** Volume `shared_targets` and `service_uuid`. */
  volumeSharedTargets: 48,
  /** `PUT /volumes/{id}` must name at least one field. */
  volumeUpdateNeedsField: 53,
  /** Volume `volume_type_id`. */
  volumeTypeId: 63,
  /** Volume and snapshot `consumes_quota`. */
  volumeConsumesQuota: 65,
  /** Snapshots of `in-use` volumes without `force`; `force: false` is refused. */
  snapshotInUse: 66,
} as const;

const VERSION_FORMAT = /^([1-9]\d*)\.([1-9]\d*|0)$/;

/** Parses `"3.43"`; `undefined` when it is not `MajorNum.MinorNum`. */
export function parseApiVersion(text: string): ApiVersion | undefined {
  const match = VERSION_FORMAT.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** `"3.43"`. */
export function formatApiVersion(version: ApiVersion): string {
  return `${version.major}.${version.minor}`;
}

function compare(a: ApiVersion, b: ApiVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** Whether `version` is 3.`minor` or later. */
export function atLeast(version: ApiVersion, minor: number): boolean {
  return compare(version, { major: 3, minor }) >= 0;
}

/**
 * The headers Cinder adds to an answer for the version a request asked for: the version and `Vary`,
 * except for versions whose string holds `1.0` or `2.0` (Cinder's "legacy endpoint" test).
 */
export function versionHeaders(version: ApiVersion): Record<string, string> {
  const text = formatApiVersion(version);
  if (text.includes("1.0") || text.includes("2.0")) return {};
  return { [API_VERSION_HEADER]: `volume ${text}`, Vary: API_VERSION_HEADER };
}

/**
 * The version a request asks for (`undefined` header: 3.0; `latest`: the maximum). Throws as Cinder
 * does: 400 without a `volume` entry or for a malformed number, 500 for an entry that is not two
 * words, 406 (with the version headers) outside 3.0 to `max`.
 */
export function negotiateVersion(header: string | undefined, max: ApiVersion): ApiVersion {
  if (header === undefined) return MIN_API_VERSION;
  const entry = header.split(",").find((part) => part.includes("volume"));
  if (entry === undefined) {
    throw new HttpError(
      400,
      "The server could not comply with the request since it is either malformed or otherwise incorrect.",
    );
  }
  const words = entry.trim().split(/\s+/);
  if (words.length !== 2) {
    throw new HttpError(
      500,
      "The server has either erred or is incapable of performing the requested operation.",
    );
  }
  const text = words[1] ?? "";
  if (text === "latest") return max;
  const version = parseApiVersion(text);
  if (version === undefined) {
    throw new HttpError(
      400,
      `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  if (compare(version, MIN_API_VERSION) < 0 || compare(version, max) > 0) {
    throw new HttpError(
      406,
      `Version ${text} is not supported by the API. Minimum is ${formatApiVersion(MIN_API_VERSION)} and maximum is ${formatApiVersion(max)}.`,
      versionHeaders(version),
    );
  }
  return version;
}

/** The version document of `/` (status 300) and `/v3/` (200); `selfUrl` is the `…/v3/` URL. */
export function versionDocument(selfUrl: string, max: ApiVersion) {
  return {
    versions: [
      {
        id: "v3.0",
        status: "CURRENT",
        version: formatApiVersion(max),
        min_version: formatApiVersion(MIN_API_VERSION),
        updated: "2022-08-31T00:00:00Z",
        links: [
          { rel: "describedby", type: "text/html", href: "https://docs.openstack.org/" },
          { rel: "self", href: selfUrl },
        ],
        "media-types": [
          { base: "application/json", type: "application/vnd.openstack.volume+json;version=3" },
        ],
      },
    ],
  };
}
