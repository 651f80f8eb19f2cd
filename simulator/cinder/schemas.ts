/**
 * Cinder 21's request schemas (`cinder/api/schemas/{backups,snapshots,volumes,volume_actions}.py`) for
 * the requests the simulator serves, by microversion. Keys are written in Cinder's order, which is the
 * order they are checked in.
 */
import { type JsonSchema } from "./json-schema";

const nullableName: JsonSchema = { type: ["string", "null"], minLength: 0, maxLength: 255 };
const description: JsonSchema = { type: ["string", "null"], minLength: 0, maxLength: 255 };
const uuid: JsonSchema = { type: "string", format: "uuid" };
const uuidAllowNull: JsonSchema = { oneOf: [uuid, { type: "null" }] };
/** Cinder's `parameter_types.boolean`: JSON booleans and the usual spellings of true and false. */
const boolean: JsonSchema = {
  type: ["boolean", "string"],
  enum: [
    ...[true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t"],
    ...[false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f"],
  ],
};
const metadataValues = { "^[a-zA-Z0-9-_:. /]{1,255}$": { type: "string", maxLength: 255 } } as const;
const metadata: JsonSchema = {
  type: "object",
  patternProperties: metadataValues,
  additionalProperties: false,
};
const metadataAllowsNull: JsonSchema = { ...metadata, type: ["object", "null"] };
/** A name or description in a volume update: its length is checked after trimming. */
const trimmedName: JsonSchema = {
  type: ["string", "null"],
  format: "name_non_mandatory_remove_white_spaces",
};
const trimmedDescription: JsonSchema = {
  type: ["string", "null"],
  format: "description_non_mandatory_remove_white_spaces",
};

/** A body `{"<key>": {...}}` and nothing else. */
function wrapped(key: string, inner: JsonSchema): JsonSchema {
  return { type: "object", properties: { [key]: inner }, required: [key], additionalProperties: false };
}

const backupFields: Readonly<Record<string, JsonSchema>> = {
  volume_id: uuid,
  container: { type: ["string", "null"], minLength: 0, maxLength: 255 },
  description,
  incremental: boolean,
  force: boolean,
  name: nullableName,
  snapshot_id: uuidAllowNull,
};

/** `POST /backups` before 3.43. */
export const CREATE_BACKUP = wrapped("backup", {
  type: "object",
  properties: backupFields,
  required: ["volume_id"],
  additionalProperties: false,
});

/** `POST /backups` from 3.43 (`metadata`). */
export const CREATE_BACKUP_V343 = wrapped("backup", {
  type: "object",
  properties: { ...backupFields, metadata: metadataAllowsNull },
  required: ["volume_id"],
  additionalProperties: false,
});

const updateFields: Readonly<Record<string, JsonSchema>> = { name: nullableName, description };

/** `PUT /backups/{id}` from 3.9 (`{"backup": null}` passes, as in Cinder). */
export const UPDATE_BACKUP = wrapped("backup", {
  type: ["object", "null"],
  properties: updateFields,
  additionalProperties: false,
});

/** `PUT /backups/{id}` from 3.43 (`metadata`, replacing the backup's). */
export const UPDATE_BACKUP_V343 = wrapped("backup", {
  type: ["object", "null"],
  properties: { ...updateFields, metadata },
  additionalProperties: false,
});

/** `POST /backups/{id}/restore`. */
export const RESTORE_BACKUP = wrapped("restore", {
  type: ["object", "null"],
  properties: { name: nullableName, volume_id: uuidAllowNull },
  additionalProperties: false,
});

/** `POST /snapshots`. */
export const CREATE_SNAPSHOT = wrapped("snapshot", {
  type: "object",
  properties: {
    name: nullableName,
    display_name: nullableName,
    description,
    volume_id: uuidAllowNull,
    force: boolean,
    metadata: metadataAllowsNull,
  },
  required: ["volume_id"],
  additionalProperties: false,
});

const updateVolumeFields: Readonly<Record<string, JsonSchema>> = {
  name: trimmedName,
  description: trimmedDescription,
  display_name: trimmedName,
  display_description: trimmedDescription,
  metadata,
};

/** `PUT /volumes/{id}` before 3.53: `{"volume": {}}` is a no-op. */
export const UPDATE_VOLUME = wrapped("volume", {
  type: "object",
  properties: updateVolumeFields,
  additionalProperties: false,
});

/** `PUT /volumes/{id}` from 3.53: at least one field (checked after the unexpected ones). */
export const UPDATE_VOLUME_V353 = wrapped("volume", {
  type: "object",
  properties: updateVolumeFields,
  additionalProperties: false,
  anyOf: Object.keys(updateVolumeFields).map((name) => ({ required: [name] })),
});

/**
 * `POST /volumes`, for the fields the simulator reads (Cinder lets other fields through, and so does
 * the simulator, ignoring them).
 */
export const CREATE_VOLUME: JsonSchema = {
  type: "object",
  properties: {
    volume: {
      type: "object",
      properties: {
        name: nullableName,
        description,
        display_name: nullableName,
        display_description: description,
        volume_type: nullableName,
        metadata: metadataAllowsNull,
        size: { type: ["integer", "string", "null"], pattern: "^[0-9]+$", minimum: 1 },
      },
    },
    "OS-SCH-HNT:scheduler_hints": { type: ["object", "null"] },
  },
  required: ["volume"],
  additionalProperties: false,
};

/** `os-attach` of `POST /volumes/{id}/action`. */
export const ATTACH_VOLUME = wrapped("os-attach", {
  type: "object",
  properties: {
    instance_uuid: uuid,
    mountpoint: { type: "string", minLength: 1, maxLength: 255 },
    host_name: { type: "string", maxLength: 255 },
    mode: { type: "string", enum: ["rw", "ro"] },
  },
  required: ["mountpoint"],
  anyOf: [{ required: ["instance_uuid"] }, { required: ["host_name"] }],
  additionalProperties: false,
});

/** `os-detach` of `POST /volumes/{id}/action`. */
export const DETACH_VOLUME = wrapped("os-detach", {
  type: ["object", "null"],
  properties: { attachment_id: uuidAllowNull },
  additionalProperties: false,
});
