import { asRecord, isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { type PowerVCTaskAction } from "./models";

/** A `vm-snapshot` action, checked for shape. */
export interface SnapshotRequest {
  readonly name: string;
  readonly description: string;
  /** Volume ids as sent, duplicates dropped; undefined (or empty: Python's falsy list): every attached volume. */
  readonly volumes?: readonly string[];
}

/** A `vm-restore` action, checked for shape: a restore, a retry or a rollback. */
export interface RestoreRequest {
  readonly instanceSnapshotId: string;
  readonly action: Extract<PowerVCTaskAction, "restore" | "restore-retry" | "restore-rollback">;
  readonly force: boolean;
}

/** A server action body: `{"vm-snapshot": {...}}` or `{"vm-restore": {...}}`. */
export type ServerAction =
  | { readonly kind: "vm-snapshot"; readonly request: SnapshotRequest }
  | { readonly kind: "vm-restore"; readonly request: RestoreRequest };

/** The fields a `PUT` of an instance snapshot changes (at least one of them). */
export interface UpdateRequest {
  readonly name?: string;
  readonly description?: string;
}

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

function body(value: unknown, key: string): Record<string, unknown> {
  const inner = isRecord(value) ? asRecord(value[key]) : undefined;
  if (inner === undefined) throw badRequest(`Invalid request body: a '${key}' object is required.`);
  return inner;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw badRequest(`Invalid input for field '${field}': expected a string.`);
  return value;
}

/**
 * A boolean flag as PowerVC takes it: a JSON boolean, or the strings `"True"` / `"False"` (any case)
 * the vendor's samples send; absent is false. Anything else is a 400.
 */
function parseFlag(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw badRequest(`Invalid input for field '${field}': ${JSON.stringify(value)} is not a boolean.`);
}

/** `name` when it is a string of 1 to 255 characters (not all blanks), `undefined` when absent. */
function optionalName(value: unknown): string | undefined {
  const name = optionalString(value, "name");
  if (name !== undefined && (name.trim() === "" || name.length > 255)) {
    throw badRequest("Invalid input for field 'name': a name of 1 to 255 characters is required.");
  }
  return name;
}

function parseSnapshot(action: Record<string, unknown>): SnapshotRequest {
  const name = optionalName(action.name);
  if (name === undefined) throw badRequest("Invalid input for field 'name': 'name' is a required property.");
  const description = optionalString(action.description, "description") ?? "";
  if (action.volumes === undefined || action.volumes === null) return { name, description };
  if (!Array.isArray(action.volumes) || !action.volumes.every((id) => typeof id === "string")) {
    throw badRequest("Invalid input for field 'volumes': expected a list of volume ids.");
  }
  const volumes = [...new Set(action.volumes as string[])];
  return volumes.length === 0 ? { name, description } : { name, description, volumes };
}

function parseRestore(action: Record<string, unknown>): RestoreRequest {
  const id = action.instance_snapshot_id;
  if (typeof id !== "string" || id === "") {
    throw badRequest("Invalid input for field 'instance_snapshot_id': an instance snapshot id is required.");
  }
  const retry = parseFlag(action.retry, "retry");
  const rollback = parseFlag(action.rollback, "rollback");
  if (retry && rollback) throw badRequest("Only one of 'retry' and 'rollback' can be set.");
  const kind = retry ? "restore-retry" : rollback ? "restore-rollback" : "restore";
  return { instanceSnapshotId: id, action: kind, force: parseFlag(action.force, "force") };
}

/**
 * Checks a `POST /servers/{id}/action` body: the first of its keys that is a known action wins, as in
 * Nova. Throws {@link HttpError} 400 for an unknown action or a malformed one.
 */
export function parseServerAction(value: unknown): ServerAction {
  const keys = isRecord(value) ? Object.keys(value) : [];
  const kind = keys.find((key) => key === "vm-snapshot" || key === "vm-restore");
  if (kind === "vm-snapshot") return { kind, request: parseSnapshot(body(value, kind)) };
  if (kind === "vm-restore") return { kind, request: parseRestore(body(value, kind)) };
  throw badRequest(`There is no such action: ${keys[0] ?? "(none)"}`);
}

/**
 * Checks a `PUT /instance-snapshots/{id}` body, `{"instance-snapshot": {name?, description?}}` (the
 * hyphen as the API takes it). Throws {@link HttpError} 400 when neither field is given.
 */
export function parseUpdateRequest(value: unknown): UpdateRequest {
  const update = body(value, "instance-snapshot");
  const name = optionalName(update.name);
  const description = optionalString(update.description, "description");
  if (name === undefined && description === undefined) {
    throw badRequest("Invalid request body: 'name' or 'description' is required.");
  }
  return { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) };
}

/**
 * Checks a `POST /volumes/{id}/action` body: only `{"copy-progress": {details?}}` is simulated.
 * Returns the `details` flag (accepted, no effect). Throws {@link HttpError} 400 otherwise.
 */
export function parseVolumeAction(value: unknown): boolean {
  if (!isRecord(value) || !("copy-progress" in value)) {
    const keys = isRecord(value) ? Object.keys(value) : [];
    throw badRequest(`There is no such action: ${keys[0] ?? "(none)"}`);
  }
  return parseFlag(body(value, "copy-progress").details, "details");
}
