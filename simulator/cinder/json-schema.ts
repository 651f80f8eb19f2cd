/**
 * The part of JSON Schema (draft 4) that Cinder's request schemas use, validated the way Cinder 21
 * does it with jsonschema 4.10: keywords in the order the schema lists them, the first error wins, and
 * the message is `Invalid input for field/attribute <last path element>. Value: <str(value)>.
 * <jsonschema message>` (only the jsonschema message for an error at the top of the body). Cinder's own
 * formats check UUIDs as oslo's `is_uuid_like` does and the trimmed length of names and descriptions.
 */
import { isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { invalidInput } from "./faults";
import { pythonRepr, pythonStr, pythonStrip } from "./python-repr";

/** A JSON type name. */
export type JsonType = "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";

/**
 * Cinder's formats: `uuid`, and the trimmed length (at most 255) of a name or description, whose
 * failure is Cinder's InvalidInput, not a validation message.
 */
export type JsonFormat =
  "uuid" | "name_non_mandatory_remove_white_spaces" | "description_non_mandatory_remove_white_spaces";

/**
 * A schema, limited to the keywords Cinder's backup, snapshot and volume schemas use. Its keys are
 * checked in the order they are written: write them in the order of Cinder's schema.
 */
export interface JsonSchema {
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly format?: JsonFormat;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Only "valid under none" is reported (Cinder's schemas never match two options). */
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
}

interface SchemaError {
  readonly path: readonly string[];
  readonly instance: unknown;
  readonly message: string;
}

/**
 * oslo's `is_uuid_like`: what is left after removing `urn:`, `uuid:`, the braces around and every dash
 * is 32 hex digits (so upper case, no dashes and `{...}` pass).
 */
function isUuidLike(value: string): boolean {
  const bare = value
    .replaceAll("urn:", "")
    .replaceAll("uuid:", "")
    .replace(/^[{}]+|[{}]+$/g, "");
  return /^[0-9a-f]{32}$/i.test(bare.replaceAll("-", ""));
}

/** The entity a length format names in its message. */
const LENGTH_FORMATS: Readonly<Partial<Record<JsonFormat, string>>> = {
  name_non_mandatory_remove_white_spaces: "name",
  description_non_mandatory_remove_white_spaces: "description",
};

/** Longest name or description. */
const MAX_TEXT_LENGTH = 255;

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function joinRepr(items: readonly string[]): string {
  return [...items].sort().map(pythonRepr).join(", ");
}

type Keyword = (schema: JsonSchema, value: unknown, path: readonly string[]) => SchemaError | undefined;

function fail(path: readonly string[], instance: unknown, message: string): SchemaError {
  return { path, instance, message };
}

function additional(schema: JsonSchema, value: Record<string, unknown>): string[] {
  const patterns = Object.keys(schema.patternProperties ?? {}).map((pattern) => new RegExp(pattern));
  return Object.keys(value).filter(
    (key) => !(key in (schema.properties ?? {})) && !patterns.some((pattern) => pattern.test(key)),
  );
}

/** The error of `oneOf` / `anyOf` when `value` matches none of `options`. */
function validUnderNone(
  options: readonly JsonSchema[] | undefined,
  value: unknown,
  path: readonly string[],
): SchemaError | undefined {
  if (!options || options.some((option) => firstError(option, value, path) === undefined)) return undefined;
  return fail(path, value, `${pythonRepr(value)} is not valid under any of the given schemas`);
}

/** A format's check: its error, `undefined`, or Cinder's InvalidInput thrown for a length. */
function formatError(format: JsonFormat, value: unknown, path: readonly string[]): SchemaError | undefined {
  if (typeof value !== "string") return undefined;
  if (format === "uuid")
    return isUuidLike(value) ? undefined : fail(path, value, `${pythonRepr(value)} is not a 'uuid'`);
  const length = [...pythonStrip(value)].length;
  if (value !== "" && length > MAX_TEXT_LENGTH) {
    throw invalidInput(
      `${LENGTH_FORMATS[format] ?? format} has ${length} characters, more than ${MAX_TEXT_LENGTH}.`,
    );
  }
  return undefined;
}

/** The keywords by name; each returns its first error. */
const KEYWORDS: Readonly<Record<keyof JsonSchema, Keyword>> = {
  type: (schema, value, path) => {
    if (schema.type === undefined) return undefined;
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (types.some((type) => hasType(value, type))) return undefined;
    return fail(path, value, `${pythonRepr(value)} is not of type ${types.map(pythonRepr).join(", ")}`);
  },
  enum: (schema, value, path) =>
    schema.enum && !schema.enum.some((allowed) => sameJson(allowed, value))
      ? fail(path, value, `${pythonRepr(value)} is not one of ${pythonRepr(schema.enum)}`)
      : undefined,
  format: (schema, value, path) => (schema.format ? formatError(schema.format, value, path) : undefined),
  pattern: (schema, value, path) =>
    schema.pattern !== undefined && typeof value === "string" && !new RegExp(schema.pattern).test(value)
      ? fail(path, value, `${pythonRepr(value)} does not match ${pythonRepr(schema.pattern)}`)
      : undefined,
  minimum: (schema, value, path) =>
    schema.minimum !== undefined && typeof value === "number" && value < schema.minimum
      ? fail(path, value, `${pythonRepr(value)} is less than the minimum of ${pythonRepr(schema.minimum)}`)
      : undefined,
  minLength: (schema, value, path) =>
    schema.minLength !== undefined && typeof value === "string" && [...value].length < schema.minLength
      ? fail(path, value, `${pythonRepr(value)} is too short`)
      : undefined,
  maxLength: (schema, value, path) =>
    schema.maxLength !== undefined && typeof value === "string" && [...value].length > schema.maxLength
      ? fail(path, value, `${pythonRepr(value)} is too long`)
      : undefined,
  oneOf: (schema, value, path) => validUnderNone(schema.oneOf, value, path),
  properties: (schema, value, path) => {
    if (!schema.properties || !isRecord(value)) return undefined;
    for (const [name, property] of Object.entries(schema.properties)) {
      const error = name in value ? firstError(property, value[name], [...path, name]) : undefined;
      if (error) return error;
    }
    return undefined;
  },
  patternProperties: (schema, value, path) => {
    if (!schema.patternProperties || !isRecord(value)) return undefined;
    for (const [pattern, property] of Object.entries(schema.patternProperties)) {
      for (const [key, item] of Object.entries(value)) {
        const error = new RegExp(pattern).test(key) ? firstError(property, item, [...path, key]) : undefined;
        if (error) return error;
      }
    }
    return undefined;
  },
  required: (schema, value, path) => {
    const missing = isRecord(value) ? schema.required?.find((name) => !(name in value)) : undefined;
    return missing === undefined
      ? undefined
      : fail(path, value, `${pythonRepr(missing)} is a required property`);
  },
  anyOf: (schema, value, path) => validUnderNone(schema.anyOf, value, path),
  additionalProperties: (schema, value, path) => {
    if (schema.additionalProperties !== false || !isRecord(value)) return undefined;
    const extras = additional(schema, value);
    if (extras.length === 0) return undefined;
    if (schema.patternProperties) {
      const verb = extras.length === 1 ? "does" : "do";
      const patterns = joinRepr(Object.keys(schema.patternProperties));
      return fail(path, value, `${joinRepr(extras)} ${verb} not match any of the regexes: ${patterns}`);
    }
    const verb = extras.length === 1 ? "was" : "were";
    return fail(
      path,
      value,
      `Additional properties are not allowed (${joinRepr(extras)} ${verb} unexpected)`,
    );
  },
};

/** The first error of `value`, the keywords checked in the order the schema lists them (as jsonschema). */
function firstError(schema: JsonSchema, value: unknown, path: readonly string[]): SchemaError | undefined {
  for (const name of Object.keys(schema) as (keyof JsonSchema)[]) {
    const error = KEYWORDS[name](schema, value, path);
    if (error) return error;
  }
  return undefined;
}

/** Checks a request body against `schema`; throws Cinder's 400 for the first error. */
export function validateBody(schema: JsonSchema, body: unknown): void {
  const error = firstError(schema, body, []);
  if (error === undefined) return;
  const field = error.path[error.path.length - 1];
  throw new HttpError(
    400,
    field === undefined
      ? error.message
      : `Invalid input for field/attribute ${field}. Value: ${pythonStr(error.instance)}. ${error.message}`,
  );
}
