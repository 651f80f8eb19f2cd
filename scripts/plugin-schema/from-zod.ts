/**
 * Pulumi types of zod schemas (the field declarations, the lookups' arguments), through zod's JSON Schema: an
 * object with properties is a named object type (the shared shapes under their own names, see ./shared-types;
 * others named from their path: `trilio.Restore`'s `instances` items are `trilio:RestoreInstance`), an object
 * without is a map, `T | null` is an optional `T`, an enum is a string whose description lists its values.
 */
import { z } from "zod";
import { pascal, singular } from "./names";
import { ITEMS, type DocsAt, type SdkReader } from "./sdk-reader";
import type { SharedType } from "./shared-types";
import { ANY, typeToken, type NamedTypes, type ObjectTypeSpec, type PropertySpec } from "./spec";

/** The part of JSON Schema zod writes that matters here. */
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  description?: string;
}

const PRIMITIVES = new Set(["string", "number", "integer", "boolean"]);

/** Converts zod schemas, adding the object types they need to `types`. */
export class ZodTypes {
  private readonly registry = z.registry<{ id: string }>();
  private readonly shared = new Map<string, SharedType>();

  constructor(
    private readonly types: NamedTypes,
    private readonly sdk: SdkReader,
    sharedTypes: readonly SharedType[],
  ) {
    for (const type of sharedTypes) {
      const token = typeToken(type.module, type.name);
      this.registry.add(type.schema, { id: token });
      this.shared.set(token, type);
    }
  }

  /**
   * The Pulumi type of `schema` as users write it, nested objects named in `module` from `name` and their
   * properties described by `docs` (by their path from the schema).
   */
  typeOf(schema: z.ZodType, module: string, name: string, docs: DocsAt = () => new Map()): PropertySpec {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", metadata: this.registry });
    return new Conversion(this, (json as JsonSchema).$defs ?? {}, module, docs).convert(
      json as JsonSchema,
      name,
      [],
    );
  }

  /** The object type of a `z.object` schema's properties, named and described as {@link typeOf} does. */
  objectOf(schema: z.ZodType, module: string, name: string, docs: DocsAt = () => new Map()): ObjectTypeSpec {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", metadata: this.registry });
    const defs = (json as JsonSchema).$defs ?? {};
    const object = json.$ref ? defs[json.$ref.replace("#/$defs/", "")] : (json as JsonSchema);
    return new Conversion(this, defs, module, docs).objectFrom(object, name, []);
  }

  /** The reference to the shared type `token` (added with its SDK docs and secrets on first use). */
  sharedType(token: string, defs: Record<string, JsonSchema>): PropertySpec {
    const shared = this.shared.get(token);
    if (!shared) throw new Error(`zod's JSON Schema refers to ${token}, which is no shared type`);
    const docs = this.sdk.propertyDocs(shared.sdk.file, shared.sdk.name);
    const conversion = new Conversion(this, defs, shared.module, () => docs);
    const object = conversion.objectFrom(defs[token], shared.name, [], shared.secrets);
    const description = this.sdk.typeDoc(shared.sdk.file, shared.sdk.name);
    return this.types.add(token, description ? { description, ...object } : object);
  }

  /** Adds the object type `name` of `module`; a reference to it. */
  named(module: string, name: string, spec: ObjectTypeSpec): PropertySpec {
    return this.types.add(typeToken(module, name), spec);
  }
}

/** The conversion of one JSON Schema (with its `$defs`), its object types named in `module`. */
class Conversion {
  constructor(
    private readonly zod: ZodTypes,
    private readonly defs: Record<string, JsonSchema>,
    private readonly module: string,
    private readonly docs: DocsAt,
  ) {}

  /** The Pulumi type of `json` at `path`, named `name` if it is an object. */
  convert(json: JsonSchema, name: string, path: readonly string[]): PropertySpec {
    if (json.$ref) return this.zod.sharedType(json.$ref.replace("#/$defs/", ""), this.defs);
    const union = (json.anyOf ?? json.oneOf)?.filter((member) => member.type !== "null");
    if (union) {
      const specs = union.map((member) => this.convert(member, name, path));
      const distinct = specs.filter((spec, i) => specs.findIndex((s) => sameType(s, spec)) === i);
      return distinct.length === 1 ? distinct[0] : { oneOf: distinct };
    }
    if (json.enum) {
      return {
        type: "string",
        description: `One of ${json.enum.map((v) => `\`${String(v)}\``).join(", ")}.`,
      };
    }
    if (json.type && PRIMITIVES.has(json.type)) return { type: json.type as PropertySpec["type"] };
    if (json.type === "array" && json.items) {
      return { type: "array", items: this.convert(json.items, singular(name), [...path, ITEMS]) };
    }
    if (json.type === "object" && json.properties) {
      return this.zod.named(this.module, name, this.objectFrom(json, name, path));
    }
    if (json.type === "object" && typeof json.additionalProperties === "object") {
      const values = json.additionalProperties;
      const valueType = Object.keys(values).length ? this.convert(values, name, path) : ANY;
      return { type: "object", additionalProperties: withoutDescription(valueType) };
    }
    return ANY;
  }

  /** The object type of `json` at `path`, its nested objects named from `name`, `secrets` marked secret. */
  objectFrom(
    json: JsonSchema,
    name: string,
    path: readonly string[],
    secrets: readonly string[] = [],
  ): ObjectTypeSpec {
    const docs = this.docs(path);
    const properties: Record<string, PropertySpec> = {};
    for (const [property, schema] of Object.entries(json.properties ?? {})) {
      const spec = this.convert(schema, name + pascal(property), [...path, property]);
      const description = joined(docs.get(property), schema.description, spec.description);
      properties[property] = {
        ...(description ? { description } : {}),
        ...withoutDescription(spec),
        ...(secrets.includes(property) ? { secret: true } : {}),
      };
    }
    const required = json.required ?? [];
    return { type: "object", properties, ...(required.length ? { required } : {}) };
  }
}

/** Texts joined as sentences, the empty ones left out. */
export function joined(...texts: (string | undefined)[]): string {
  return texts.filter((text) => text).join(" ");
}

/** `spec` without its description (the type alone). */
export function withoutDescription(spec: PropertySpec): PropertySpec {
  const { description: _description, ...type } = spec;
  return type;
}

function sameType(a: PropertySpec, b: PropertySpec): boolean {
  return JSON.stringify(withoutDescription(a)) === JSON.stringify(withoutDescription(b));
}
