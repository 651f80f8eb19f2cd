/**
 * The parts of Pulumi's package schema (tests/fixtures/pulumi-schema/pulumi.json, "Pulumi Package
 * Metaschema") this generator writes, and {@link NamedTypes}, which collects the object types properties refer to.
 */
import { isDeepEqual } from "../../provider/core/values";
import { PLUGIN_PACKAGE } from "../../provider/plugin/tokens";
import { TYPE_NAMES } from "./names";

/** A property's type: a primitive, an array, a map, or a reference to a named type or to `pulumi.json#/Any`. */
export interface TypeSpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

/** A property: its type, and what the SDKs and the engine are told of it. */
export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  defaultInfo?: { environment: string[] };
}

/** An object type: its properties and which are always there. */
export interface ObjectTypeSpec {
  description?: string;
  type: "object";
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A resource: its inputs and its outputs. */
export interface ResourceSpec {
  description?: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A function (a lookup): its arguments and what it returns. */
export interface FunctionSpec {
  description?: string;
  inputs: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/** The package schema. */
export interface PackageSchema {
  name: string;
  displayName: string;
  description: string;
  version: string;
  license: string;
  keywords: string[];
  language: Record<string, unknown>;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  types: Record<string, ObjectTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
}

/** The type that holds any value. */
export const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

/** The token of a type in `module` (`waldur`, or `index` for the package's top level) named `name`. */
export function typeToken(module: string, name: string): string {
  return `${PLUGIN_PACKAGE}:${module}:${name}`;
}

/**
 * The package's object types, by token. The same token given twice must describe the same type; a token that is
 * also a resource's or function's is refused (the SDKs would have two classes of one name).
 */
export class NamedTypes {
  readonly types: Record<string, ObjectTypeSpec> = {};

  constructor(private readonly taken: ReadonlySet<string>) {}

  /** Adds the type `token` (unless it is there; renamed as {@link TYPE_NAMES} says) and returns a reference to it. */
  add(pathToken: string, spec: ObjectTypeSpec): TypeSpec {
    const renamed = TYPE_NAMES[pathToken];
    const token = renamed ? pathToken.replace(/[^:]+$/, renamed) : pathToken;
    if (this.taken.has(token)) {
      throw new Error(
        `the object type ${token} would have the name of a resource or function: name it in TYPE_NAMES ` +
          `(scripts/plugin-schema/names.ts)`,
      );
    }
    const held = this.types[token];
    if (held && !isDeepEqual(held, spec)) {
      throw new Error(`two different object types would be named ${token}: name one in TYPE_NAMES`);
    }
    this.types[token] = spec;
    return { $ref: `#/types/${token}` };
  }
}
