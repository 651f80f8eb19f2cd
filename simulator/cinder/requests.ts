/**
 * Request bodies of the simulated Cinder, checked against Cinder's schemas for the request's
 * microversion and turned into typed requests. An empty body answers 500 and a body that is not JSON
 * 400 "Malformed request body", as on Cinder 21. Names and descriptions are trimmed (Python's `strip`),
 * as Cinder's controllers trim them after validation.
 */
import { isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { type JsonSchema, validateBody } from "./json-schema";
import { type ApiVersion, atLeast, FEATURE_MINORS } from "./microversion";
import { pythonStrip } from "./python-repr";
import {
  ATTACH_VOLUME,
  CREATE_BACKUP,
  CREATE_BACKUP_V343,
  CREATE_SNAPSHOT,
  CREATE_VOLUME,
  DETACH_VOLUME,
  RESTORE_BACKUP,
  UPDATE_BACKUP,
  UPDATE_BACKUP_V343,
  UPDATE_VOLUME,
  UPDATE_VOLUME_V353,
} from "./schemas";

/** Message of Cinder's 500 (an empty body where one is needed, among others). */
export const SERVER_ERROR_MESSAGE =
  "The server has either erred or is incapable of performing the requested operation.";

/** Message of Cinder's bare 400. */
export const BAD_REQUEST_MESSAGE =
  "The server could not comply with the request since it is either malformed or otherwise incorrect.";

/** `POST /backups`. */
export interface BackupCreateRequest {
  readonly volumeId: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly container: string | null;
  readonly incremental: boolean;
  readonly force: boolean;
  readonly snapshotId: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** `PUT /backups/{id}`: the fields given (metadata replaces the backup's). */
export interface BackupUpdateRequest {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `POST /backups/{id}/restore`: into `volumeId`, or a new volume (named `name`) when it is null. */
export interface RestoreRequest {
  readonly volumeId: string | null;
  readonly name: string | null;
}

/** `POST /volumes`. */
export interface VolumeCreateRequest {
  /** GiB. */
  readonly size: number;
  readonly name: string | null;
  readonly description: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** `PUT /volumes/{id}`: the fields given (metadata replaces the volume's). */
export interface VolumeUpdateRequest {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `POST /snapshots`. */
export interface SnapshotCreateRequest {
  /** `null` when the body sent `null` (Cinder then looks up volume `None`). */
  readonly volumeId: string | null;
  readonly name: string | null;
  readonly description: string | null;
  /** `force` as given, `null` when absent. */
  readonly force: boolean | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The volume actions the simulator serves. */
export type VolumeAction =
  | { readonly kind: "os-attach"; readonly serverId: string | null; readonly device: string }
  | { readonly kind: "os-detach" };

/** The values of Cinder's `parameter_types.boolean` that mean true. */
const TRUE_VALUES: readonly unknown[] = [
  true,
  "True",
  "TRUE",
  "true",
  "1",
  "ON",
  "On",
  "on",
  "YES",
  "Yes",
  "yes",
  "y",
  "t",
];

function isTrue(value: unknown): boolean {
  return TRUE_VALUES.includes(value);
}

function nullableString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** A name or description as Cinder stores it: trimmed. */
function trimmed(value: unknown): string | null {
  return typeof value === "string" ? pythonStrip(value) : null;
}

function stringMap(value: unknown): Record<string, string> {
  return isRecord(value) ? ({ ...value } as Record<string, string>) : {};
}

/**
 * The body's inner object after checking it against `schema`. An inner `null` that the schema lets
 * through is `{}`, or a 500 with `nullFails` (Cinder's controller then fails on it).
 */
function checked(schema: JsonSchema, body: unknown, key: string, nullFails = false): Record<string, unknown> {
  if (body === undefined) throw new HttpError(500, SERVER_ERROR_MESSAGE);
  if (typeof body === "string") throw new HttpError(400, "Malformed request body");
  validateBody(schema, body);
  const inner = isRecord(body) ? body[key] : undefined;
  if (inner === null && nullFails) throw new HttpError(500, SERVER_ERROR_MESSAGE);
  return isRecord(inner) ? inner : {};
}

/** Reads a backup creation (`metadata` from 3.43). */
export function parseBackupCreate(body: unknown, version: ApiVersion): BackupCreateRequest {
  const withMetadata = atLeast(version, FEATURE_MINORS.backupMetadata);
  const fields = checked(withMetadata ? CREATE_BACKUP_V343 : CREATE_BACKUP, body, "backup");
  return {
    volumeId: String(fields.volume_id),
    name: trimmed(fields.name),
    description: trimmed(fields.description),
    container: nullableString(fields.container),
    incremental: isTrue(fields.incremental),
    force: isTrue(fields.force),
    snapshotId: nullableString(fields.snapshot_id),
    metadata: stringMap(fields.metadata),
  };
}

/** Reads a backup update (`metadata` from 3.43; `{"backup": null}` answers 500, as on Cinder). */
export function parseBackupUpdate(body: unknown, version: ApiVersion): BackupUpdateRequest {
  const withMetadata = atLeast(version, FEATURE_MINORS.backupMetadata);
  const fields = checked(withMetadata ? UPDATE_BACKUP_V343 : UPDATE_BACKUP, body, "backup", true);
  return {
    ...("name" in fields ? { name: trimmed(fields.name) } : {}),
    ...("description" in fields ? { description: trimmed(fields.description) } : {}),
    ...("metadata" in fields ? { metadata: stringMap(fields.metadata) } : {}),
  };
}

/**
 * Reads a volume update (from 3.53 it must name a field). `name` wins over `display_name` and
 * `description` over `display_description`, as in Cinder.
 */
export function parseVolumeUpdate(body: unknown, version: ApiVersion): VolumeUpdateRequest {
  const needsField = atLeast(version, FEATURE_MINORS.volumeUpdateNeedsField);
  const fields = checked(needsField ? UPDATE_VOLUME_V353 : UPDATE_VOLUME, body, "volume");
  const given = (key: string, legacy: string) => (key in fields ? fields[key] : fields[legacy]);
  return {
    ...("name" in fields || "display_name" in fields ? { name: trimmed(given("name", "display_name")) } : {}),
    ...("description" in fields || "display_description" in fields
      ? { description: trimmed(given("description", "display_description")) }
      : {}),
    ...("metadata" in fields ? { metadata: stringMap(fields.metadata) } : {}),
  };
}

/** Reads a snapshot creation (`name` wins over `display_name`). */
export function parseSnapshotCreate(body: unknown): SnapshotCreateRequest {
  const fields = checked(CREATE_SNAPSHOT, body, "snapshot");
  return {
    volumeId: nullableString(fields.volume_id),
    name: trimmed("name" in fields ? fields.name : fields.display_name),
    description: trimmed(fields.description),
    force: fields.force === undefined ? null : isTrue(fields.force),
    metadata: stringMap(fields.metadata),
  };
}

/** The values `?cascade=` may take (oslo's `bool_from_string`, any case). */
const TRUE_PARAMS = ["1", "t", "true", "on", "y", "yes"];
const FALSE_PARAMS = ["0", "f", "false", "off", "n", "no"];

/** Reads `DELETE /volumes/{id}?cascade=`: false when absent, 400 when not a boolean. */
export function parseCascade(query: Readonly<Record<string, string>>): boolean {
  const value = query.cascade;
  if (value === undefined) return false;
  if (TRUE_PARAMS.includes(value.toLowerCase())) return true;
  if (FALSE_PARAMS.includes(value.toLowerCase())) return false;
  throw new HttpError(400, `Value '${value}' for 'cascade' is not a boolean.`);
}

/** Reads a restore. `{"restore": null}` answers 500, as on Cinder. */
export function parseRestore(body: unknown): RestoreRequest {
  const fields = checked(RESTORE_BACKUP, body, "restore", true);
  return { volumeId: nullableString(fields.volume_id), name: nullableString(fields.name) };
}

/** Reads a volume creation; without a size Cinder answers its bare 400. */
export function parseVolumeCreate(body: unknown): VolumeCreateRequest {
  const fields = checked(CREATE_VOLUME, body, "volume");
  if (fields.size === undefined || fields.size === null) throw new HttpError(400, BAD_REQUEST_MESSAGE);
  return {
    size: Number(fields.size),
    name: trimmed(fields.name ?? fields.display_name),
    description: trimmed(fields.description ?? fields.display_description),
    metadata: stringMap(fields.metadata),
  };
}

/** Reads `POST /volumes/{id}/action`: `os-attach` or `os-detach`; another action answers 400. */
export function parseVolumeAction(body: unknown): VolumeAction {
  if (body === undefined) throw new HttpError(500, SERVER_ERROR_MESSAGE);
  if (!isRecord(body) || Object.keys(body).length === 0) throw new HttpError(400, "Malformed request body");
  const name = Object.keys(body)[0] ?? "";
  if (name === "os-attach") {
    const fields = checked(ATTACH_VOLUME, body, name);
    return { kind: name, serverId: nullableString(fields.instance_uuid), device: String(fields.mountpoint) };
  }
  if (name === "os-detach") {
    checked(DETACH_VOLUME, body, name);
    return { kind: name };
  }
  throw new HttpError(
    400,
    `There is no such action: ${name}. Verify the request body and Content-Type header and try again.`,
  );
}
