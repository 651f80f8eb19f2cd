/**
 * Ids in their canonical form. Servers accept an id in several forms (upper case, with or without dashes) and
 * answer with one of them; users write whichever they copied. The provider stores and sends the server's form,
 * and compares ids in that form, so the same id written another way is never a change (and never a replace).
 *
 * Id schemas are registered with {@link idSchema}; {@link canonicalize} walks a resource's input schema
 * alongside a value and puts every registered id it finds in its canonical form, leaving everything else as it
 * is (a value the schema would refuse included: validation reports it).
 */
import type { z } from "zod";
import { UNKNOWN } from "./values";

/** The canonical form of an id, or undefined when the text is no id of this kind. */
export type CanonicalForm = (text: string) => string | undefined;

const canonicalForms = new WeakMap<z.ZodType, CanonicalForm>();

/** `schema`, registered as an id whose canonical form `canonical` gives. */
export function idSchema<S extends z.ZodType>(schema: S, canonical: CanonicalForm): S {
  canonicalForms.set(schema, canonical);
  return schema;
}

/** `value` with every id `schema` declares (at any depth) in its canonical form. */
export function canonicalize(schema: z.ZodType, value: unknown): unknown {
  if (value === undefined || value === null || value === UNKNOWN) return value;
  const canonical = canonicalForms.get(schema);
  if (canonical) return typeof value === "string" ? (canonical(value) ?? value) : value;
  const def = (schema as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
      return canonicalize(def.innerType!, value);
    case "pipe":
      return canonicalize(def.in!, value);
    case "array":
      return Array.isArray(value) ? value.map((item) => canonicalize(def.element!, item)) : value;
    case "object":
      return isPlainObject(value)
        ? mapValues(value, (key) => (Object.hasOwn(def.shape!, key) ? def.shape![key] : undefined))
        : value;
    case "record":
      return isPlainObject(value) ? mapValues(value, () => def.valueType) : value;
    default:
      return value;
  }
}

/** The parts of a zod definition the walk reads. */
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapValues(
  value: Record<string, unknown>,
  schemaOf: (key: string) => z.ZodType | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const schema = schemaOf(key);
    result[key] = schema ? canonicalize(schema, item) : item;
  }
  return result;
}
