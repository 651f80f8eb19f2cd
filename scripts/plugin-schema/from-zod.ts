/**
 * Pulumi types of zod schemas (the field declarations, the lookups' arguments), through zod's JSON Schema: an
 * object with properties is a named object type (the shared shapes under their own names, see ./shared-types;
 * others named from their path: `trilio.Restore`'s `instances` items are `trilio:RestoreInstance`), an object
 * without is a map, `T | null` is an optional `T`, an enum is a string whose description lists its values.
 */
import { z } from "zod";
import { pascal, singular } from "./names";
import type { SdkReader } from "./sdk-reader";
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

  /** The Pulumi type of `schema` as users write it, nested objects named in `module` from `name`. */
  typeOf(schema: z.ZodType, module: string, name: string): PropertySpec {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", metadata: this.registry });
    return this.convert(json as JsonSchema, module, name, (json as JsonSchema).$defs ?? {});
  }

  /** The object type of a `z.object` schema's properties, nested objects named in `module` from `name`. */
  objectOf(schema: z.ZodType, module: string, name: string): ObjectTypeSpec {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", metadata: this.registry });
    const defs = (json as JsonSchema).$defs ?? {};
    const object = json.$ref ? defs[json.$ref.replace("#/$defs/", "")] : (json as JsonSchema);
    return this.objectFrom(object, module, name, defs);
  }

  private convert(
    json: JsonSchema,
    module: string,
    name: string,
    defs: Record<string, JsonSchema>,
  ): PropertySpec {
    if (json.$ref) return this.sharedType(json.$ref.replace("#/$defs/", ""), defs);
    const union = (json.anyOf ?? json.oneOf)?.filter((member) => member.type !== "null");
    if (union) {
      const specs = union.map((member) => this.convert(member, module, name, defs));
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
      return { type: "array", items: this.convert(json.items, module, singular(name), defs) };
    }
    if (json.type === "object" && json.properties) {
      return this.types.add(typeToken(module, name), this.objectFrom(json, module, name, defs));
    }
    if (json.type === "object" && typeof json.additionalProperties === "object") {
      const values = json.additionalProperties;
      const valueType = Object.keys(values).length ? this.convert(values, module, name, defs) : ANY;
      return { type: "object", additionalProperties: withoutDescription(valueType) };
    }
    return ANY;
  }

  private objectFrom(
    json: JsonSchema,
    module: string,
    name: string,
    defs: Record<string, JsonSchema>,
    docs: Map<string, string> = new Map(),
    secrets: readonly string[] = [],
  ): ObjectTypeSpec {
    const properties: Record<string, PropertySpec> = {};
    for (const [property, schema] of Object.entries(json.properties ?? {})) {
      const spec = this.convert(schema, module, name + pascal(property), defs);
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

  private sharedType(token: string, defs: Record<string, JsonSchema>): PropertySpec {
    const shared = this.shared.get(token);
    if (!shared) throw new Error(`zod's JSON Schema refers to ${token}, which is no shared type`);
    const docs = this.sdk.propertyDocs(shared.sdk.file, shared.sdk.name);
    const object = this.objectFrom(defs[token], shared.module, shared.name, defs, docs, shared.secrets);
    const description = this.sdk.typeDoc(shared.sdk.file, shared.sdk.name);
    return this.types.add(token, description ? { description, ...object } : object);
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
