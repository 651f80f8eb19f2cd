/**
 * Request bodies as Django REST framework serializers read them: JSON objects, field by field, every
 * error of a body reported at once (`{"name": ["This field is required."], ...}`); unknown and
 * read-only fields are ignored.
 */
import { isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { DATETIME_FORMAT_ERROR, normaliseDateTime } from "./datetimes";
import { badRequestBody, fieldError } from "./errors";

/** How a field is read. */
export interface FieldSpec {
  /** `string`: DRF CharField (numbers are turned into text); `datetime`: normalised to UTC; `any`: JSON. */
  readonly kind: "string" | "datetime" | "any";
  /** Refused when missing from a create or a PUT. */
  readonly required?: boolean;
  /** Whether `null` is accepted. */
  readonly allowNull?: boolean;
  /** Whether an empty (or blank) string is accepted. */
  readonly allowBlank?: boolean;
  /** The most characters (code points, as Python counts them) after trimming. */
  readonly maxLength?: number;
  /** What a create or a PUT that leaves the field out sets it to (absent: the field keeps its value). */
  readonly reset?: unknown;
}

/**
 * How a body is applied: a create or PUT needs the required fields and resets left-out ones; PATCH sets
 * what it has.
 */
export type WriteMode = "create" | "put" | "patch";

/** Python's name of a JSON value's type, as DRF's messages say it. */
function pythonType(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return "str";
}

/**
 * The request's JSON object. An empty body is an empty object; text that is not JSON answers 400
 * `{"detail": "JSON parse error - ..."}`; another JSON value answers 400 `non_field_errors`.
 */
export function requestData(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body === "string") {
    try {
      JSON.parse(body);
    } catch (error) {
      throw new HttpError(400, `JSON parse error - ${(error as Error).message}`);
    }
  }
  if (body === null) throw fieldError("non_field_errors", "No data provided");
  if (!isRecord(body)) {
    throw fieldError("non_field_errors", `Invalid data. Expected a dictionary, but got ${pythonType(body)}.`);
  }
  return body;
}

function readString(value: unknown, spec: FieldSpec): string {
  if (typeof value === "boolean" || !(typeof value === "string" || typeof value === "number")) {
    throw new Error("Not a valid string.");
  }
  const text = String(value).trim();
  if (text === "" && spec.allowBlank !== true) throw new Error("This field may not be blank.");
  // Python's len(): code points, not UTF-16 units (an emoji counts once)
  if (spec.maxLength !== undefined && Array.from(text).length > spec.maxLength) {
    throw new Error(`Ensure this field has no more than ${spec.maxLength} characters.`);
  }
  return text;
}

function readField(value: unknown, spec: FieldSpec): unknown {
  if (value === null) {
    if (spec.allowNull === true) return null;
    throw new Error("This field may not be null.");
  }
  if (spec.kind === "string") return readString(value, spec);
  if (spec.kind === "datetime") {
    const normalised = normaliseDateTime(value);
    if (normalised === undefined) throw new Error(DATETIME_FORMAT_ERROR);
    return normalised;
  }
  return value;
}

/**
 * Reads the fields of `specs` from a request body. Returns the values to set (for a create or a PUT,
 * left-out fields with a `reset` value too); throws 400 with every field's error.
 */
export function readFields<K extends string>(
  body: unknown,
  specs: Readonly<Record<K, FieldSpec>>,
  mode: WriteMode,
): Partial<Record<K, unknown>> {
  const data = requestData(body);
  const values: Partial<Record<K, unknown>> = {};
  const errors: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(specs) as [K, FieldSpec][]) {
    if (!(name in data)) {
      if (mode === "patch") continue;
      if (spec.required === true) errors[name] = ["This field is required."];
      else if ("reset" in spec) values[name] = spec.reset;
      continue;
    }
    try {
      values[name] = readField(data[name], spec);
    } catch (error) {
      errors[name] = [(error as Error).message];
    }
  }
  if (Object.keys(errors).length > 0) throw badRequestBody(errors);
  return values;
}

/** `name`: required, up to 150 characters (Waldur's NameMixin). */
const NAME: FieldSpec = { kind: "string", required: true, maxLength: 150 };
/** `description`: may be blank, up to 2000 characters; a PUT without it clears it. */
const DESCRIPTION: FieldSpec = { kind: "string", allowBlank: true, maxLength: 2000, reset: "" };

/** The writable fields of a snapshot (also what a snapshot is created with). */
export const SNAPSHOT_FIELDS = {
  name: NAME,
  description: DESCRIPTION,
  metadata: { kind: "any", reset: "" },
  kept_until: { kind: "datetime", allowNull: true, reset: null },
} as const satisfies Record<string, FieldSpec>;

/** The writable fields of a volume, and the body of a restore (the new volume's name and description). */
export const VOLUME_FIELDS = { name: NAME, description: DESCRIPTION } as const satisfies Record<
  string,
  FieldSpec
>;

/** The body of `POST /api-auth/password/`. */
export const LOGIN_FIELDS = {
  username: { kind: "string", required: true },
  password: { kind: "string", required: true },
} as const satisfies Record<string, FieldSpec>;
