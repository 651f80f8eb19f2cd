/**
 * The provider plugin's package schema (provider/plugin/schema.json), made from the field declarations (inputs),
 * the SDK's declarations (outputs, lookup results, TSDoc) and the lookups' argument schemas. `npm run schema`
 * writes it; tests/plugin/schema.spec.ts checks that the committed file is what this makes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fieldsByType } from "../../provider";
import { changeText, type Field, type Fields } from "../../provider/core/fields";
import { safeParse } from "../../provider/core/safe-parse";
import { LIST_PROPERTY, pluginLookups, type PluginLookup } from "../../provider/plugin/lookups";
import { PLUGIN_PACKAGE, tokenOf } from "../../provider/plugin/tokens";
import { configVariables } from "./config";
import { withoutDescription, ZodTypes } from "./from-zod";
import { TypeScriptTypes } from "./from-typescript";
import { pascal } from "./names";
import { SdkReader, type DocsAt } from "./sdk-reader";
import { SHARED_TYPES } from "./shared-types";
import {
  NamedTypes,
  typeToken,
  type FunctionSpec,
  type ObjectTypeSpec,
  type PackageSchema,
  type PropertySpec,
  type ResourceSpec,
} from "./spec";

/** The repository's root (this file runs from dist/scripts/plugin-schema/). */
export const ROOT = path.resolve(__dirname, "../../..");

/** What the schema is made from: each resource type's field declarations, and the lookups. */
export interface Declarations {
  fieldsByType: Readonly<Record<string, Fields<never>>>;
  lookups: readonly PluginLookup[];
}

/** The input the SDK passes itself, which the plugin supplies: never in the schema. */
const IDENTITY = "__identity";

/** The input that is never echoed as an output (the TypeScript SDK's `EchoedInputs` leaves it out too). */
const CONNECTION = "connection";

/** C# namespaces of the modules whose names are not simply capitalised. */
const CSHARP_NAMES: Readonly<Record<string, string>> = {
  [PLUGIN_PACKAGE]: "OpenStackDataProtection",
  powervc: "PowerVC",
};

/**
 * The package schema of `declarations` (by default the package's own), with what `sdk` reads from the SDK (one
 * reader serves many schemas: reading the SDK takes seconds).
 */
export function packageSchema(
  declarations: Declarations = { fieldsByType, lookups: pluginLookups },
  sdk: SdkReader = new SdkReader(ROOT),
): PackageSchema {
  const resourceTypes = Object.keys(declarations.fieldsByType);
  const taken = new Set(
    [...resourceTypes, ...declarations.lookups.map((lookup) => lookup.name)].map(tokenOf),
  );
  const types = new NamedTypes(taken);
  const schemas = new SchemaParts(sdk, types);
  const variables = configVariables(schemas.zod, types);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    license: string;
    keywords: string[];
  };
  const modules = [...new Set([...taken].map((token) => token.split(":")[1]))];
  const resources = Object.fromEntries(
    resourceTypes.map((type) => [tokenOf(type), schemas.resource(type, declarations.fieldsByType[type])]),
  );
  const functions = Object.fromEntries(
    declarations.lookups.map((lookup) => [tokenOf(lookup.name), schemas.function(lookup)]),
  );
  return {
    name: PLUGIN_PACKAGE,
    displayName: "OpenStack Data Protection",
    description:
      "Backup, snapshot retention and restore on OpenStack-family clouds: TrilioVault, IBM PowerVC, Waldur and " +
      "Cinder.",
    version: manifest.version,
    license: manifest.license,
    keywords: manifest.keywords,
    language: {
      csharp: {
        namespaces: Object.fromEntries(
          [PLUGIN_PACKAGE, ...modules].map((module) => [module, CSHARP_NAMES[module] ?? pascal(module)]),
        ),
      },
    },
    config: { variables },
    provider: {
      description:
        "How the resources reach their systems. Each setting not given falls back to its environment variables.",
      inputProperties: variables,
    },
    types: Object.fromEntries(Object.entries(types.types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    functions,
  };
}

/** The resources' and functions' parts, their types added to one {@link NamedTypes}. */
class SchemaParts {
  readonly zod: ZodTypes;
  private readonly typescript: TypeScriptTypes;
  /** References to the shared types that hold credentials: a property of such a type is a secret. */
  private readonly secretTypes: Set<string>;

  constructor(
    private readonly sdk: SdkReader,
    types: NamedTypes,
  ) {
    this.zod = new ZodTypes(types, sdk, SHARED_TYPES);
    this.typescript = new TypeScriptTypes(sdk, types);
    this.secretTypes = new Set(
      SHARED_TYPES.filter((shared) => shared.secrets.length > 0).map(
        (shared) => `#/types/${typeToken(shared.module, shared.name)}`,
      ),
    );
  }

  /** A resource type's spec: its declared inputs, echoed as outputs beside those the SDK declares computed. */
  resource(type: string, fields: Fields<never>): ResourceSpec {
    const [module, name] = type.split(".");
    const resource = this.sdk.resource(type);
    const inputProperties: Record<string, PropertySpec> = {};
    const requiredInputs: string[] = [];
    for (const [input, field] of Object.entries(fields)) {
      if (input === IDENTITY) continue;
      const docs: DocsAt = (path) => resource.argumentDocs([input, ...path]);
      inputProperties[input] = this.input(field, module, name + pascal(input), docs);
      if (!safeParse(field.schema, undefined).success) requiredInputs.push(input);
    }
    const computed = this.typescript.objectOf(resource.outputs, module, name);
    const echoed = Object.keys(inputProperties).filter((input) => input !== CONNECTION);
    const properties = {
      ...Object.fromEntries(echoed.map((input) => [input, inputProperties[input]])),
      ...computed.properties,
    };
    const required = [
      ...new Set([...requiredInputs.filter((i) => echoed.includes(i)), ...(computed.required ?? [])]),
    ];
    return {
      description: resource.description,
      inputProperties,
      ...(requiredInputs.length ? { requiredInputs } : {}),
      properties,
      ...(required.length ? { required } : {}),
    };
  }

  /** A lookup's spec: its arguments from their schema, its result from the SDK's type of it. */
  function(lookup: PluginLookup): FunctionSpec {
    const [module, fn] = lookup.name.split(".");
    const sdkLookup = this.sdk.lookup(lookup.name);
    const inputs = this.zod.objectOf(lookup.args, module, pascal(fn), sdkLookup.argumentDocs);
    for (const [argument, spec] of Object.entries(inputs.properties)) {
      inputs.properties[argument] = { ...spec, ...this.secret(spec) };
    }
    const item = this.typescript.itemOf(sdkLookup.results, lookup.name);
    const outputs: ObjectTypeSpec =
      lookup.returns === "one"
        ? this.typescript.objectOf(item, module, `${pascal(fn)}Result`)
        : {
            type: "object",
            properties: {
              [LIST_PROPERTY]: {
                type: "array",
                items: this.typescript.typeOf(item, module, `${pascal(fn)}Item`),
                description: "Every match.",
              },
            },
            required: [LIST_PROPERTY],
          };
    return { description: sdkLookup.description, inputs, outputs };
  }

  private input(field: Field<never>, module: string, name: string, docs: DocsAt): PropertySpec {
    const spec = this.zod.typeOf(field.schema, module, name, docs);
    const description = [withoutReadmeLinks(field.doc), spec.description, changeText(field)].filter((t) => t);
    return {
      description: description.join("\n\n"),
      ...withoutDescription(spec),
      ...("replaces" in field.change ? { replaceOnChanges: true } : {}),
      ...this.secret(spec),
    };
  }

  private secret(spec: PropertySpec): { secret?: true } {
    return spec.$ref && this.secretTypes.has(spec.$ref) ? { secret: true } : {};
  }
}

/** `see [OpenStack connection](#openstack-connection-…)` as `see OpenStack connection (README)`: no anchor here. */
function withoutReadmeLinks(text: string): string {
  return text.replace(/\[([^\]]+)\]\(#[^)]*\)/g, "$1 (README)");
}
