// The provider plugin's schema.json, which `pulumi package add` reads to make the Python, Go, .NET and YAML SDKs:
// it is what `npm run schema` makes from the declarations now, Pulumi's metaschema accepts it, every declared
// input is in it with what a change of it does, its tokens are the plugin's, and credentials are secret.
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { z } from "zod";
import { fieldsByType } from "../../provider";
import { remoteChecksEnabled } from "../../provider/core/check";
import { changeText, field, type Fields } from "../../provider/core/fields";
import {
  authTimeoutMs,
  maxConcurrentRequests,
  requestTimeoutMs,
} from "../../provider/core/http/http-settings";
import { safeParse } from "../../provider/core/safe-parse";
import { pluginLookups } from "../../provider/plugin/lookups";
import { sdkNameOf, tokenOf } from "../../provider/plugin/tokens";
import { SCHEMA_FILE } from "../../scripts/plugin-schema";
import { packageSchema, ROOT } from "../../scripts/plugin-schema/package-schema";
import { SdkReader } from "../../scripts/plugin-schema/sdk-reader";
import type { PackageSchema, PropertySpec } from "../../scripts/plugin-schema/spec";

const METASCHEMA = path.join(ROOT, "tests/fixtures/pulumi-schema/pulumi.json");
const RUN_IT =
  "provider/plugin/schema.json is not what the declarations make now: run `npm run schema` and commit it";

/** The paths (`resources.<token>.inputProperties.<name>`) where `a` and `b` differ. */
function differences(a: unknown, b: unknown, at = ""): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null;
  if (!isObject(a) || !isObject(b))
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at || "(the whole file)"];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) => differences(a[key], b[key], at ? `${at}.${key}` : key));
}

/** Each declared input (`waldur.Snapshot.volumeUuid`) that `schema` lacks among its resource's inputs. */
function missingInputs(
  schema: PackageSchema,
  declarations: Readonly<Record<string, Fields<never>>>,
): string[] {
  return Object.entries(declarations).flatMap(([type, fields]) =>
    Object.keys(fields)
      .filter((input) => input !== "__identity")
      .filter((input) => !schema.resources[tokenOf(type)]?.inputProperties[input])
      .map((input) => `${type}.${input}`),
  );
}

/** Every `#/types/…` reference in `value`. */
function typeReferences(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  const own = (value as PropertySpec).$ref?.startsWith("#/types/")
    ? [(value as PropertySpec).$ref as string]
    : [];
  return [...own, ...Object.values(value).flatMap(typeReferences)];
}

describe("the provider plugin's schema.json", function () {
  this.timeout(120_000);
  const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;
  let sdk: SdkReader;
  let generated: PackageSchema;

  before(() => {
    sdk = new SdkReader(ROOT);
    generated = packageSchema(undefined, sdk);
  });

  it("is what `npm run schema` makes from the declarations now", () => {
    expect(differences(committed, generated), RUN_IT).to.deep.equal([]);
  });

  it("satisfies Pulumi's package metaschema (JSON Schema 2020-12)", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(METASCHEMA, "utf8")) as object);
    expect(validate(committed), JSON.stringify(validate.errors, null, 2)).to.equal(true);
  });

  it("names the package, its version from package.json, and every type it refers to", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(committed.name).to.equal("openstack-dataprotection");
    expect(committed.version).to.equal(manifest.version);
    const dangling = typeReferences(committed).filter((ref) => !committed.types[ref.replace("#/types/", "")]);
    expect([...new Set(dangling)]).to.deep.equal([]);
  });

  for (const [type, fields] of Object.entries(fieldsByType)) {
    it(`${type}: every declared input, replacing exactly where a change replaces, required where it must be given`, () => {
      const resource = committed.resources[tokenOf(type)];
      expect(resource, `${RUN_IT} (it has no ${tokenOf(type)})`).to.not.equal(undefined);
      const declared = Object.entries(fields).filter(([input]) => input !== "__identity");
      for (const [input, declaration] of declared) {
        const property = resource.inputProperties[input];
        expect(property, `${type}.${input} is declared but not in schema.json: ${RUN_IT}`).to.not.equal(
          undefined,
        );
        expect(!!property.replaceOnChanges, `${type}.${input}: replaceOnChanges`).to.equal(
          "replaces" in declaration.change,
        );
        expect(property.description, `${type}.${input}: what a change does`).to.include(
          changeText(declaration),
        );
      }
      expect(Object.keys(resource.inputProperties)).to.have.members(declared.map(([input]) => input));
      const required = declared.filter(([, d]) => !safeParse(d.schema, undefined).success).map(([i]) => i);
      expect(resource.requiredInputs ?? []).to.have.members(required);
      expect(resource.inputProperties).to.not.have.property("__identity");
    });
  }

  it("lacks a field a declaration gains until `npm run schema` writes it again", () => {
    const snapshot = fieldsByType["waldur.Snapshot"];
    const gained = {
      ...fieldsByType,
      "waldur.Snapshot": {
        ...snapshot,
        copies: field(z.number().int().optional(), {
          replaces: "a copy count is fixed at creation",
          doc: "integer",
        }),
      },
    };
    expect(missingInputs(committed, fieldsByType)).to.deep.equal([]);
    expect(missingInputs(committed, gained)).to.deep.equal(["waldur.Snapshot.copies"]);

    const regenerated = packageSchema({ fieldsByType: gained, lookups: pluginLookups }, sdk);
    const input = regenerated.resources[tokenOf("waldur.Snapshot")].inputProperties.copies;
    expect(input).to.include({ type: "integer", replaceOnChanges: true });
    expect(differences(committed, regenerated)).to.include.members([
      "resources.openstack-dataprotection:waldur:Snapshot.inputProperties.copies",
      "resources.openstack-dataprotection:waldur:Snapshot.properties.copies",
    ]);
  });

  it("has a function per lookup, with the arguments its schema takes", () => {
    expect(Object.keys(committed.functions)).to.have.members(
      pluginLookups.map((lookup) => tokenOf(lookup.name)),
    );
    for (const lookup of pluginLookups) {
      const spec = committed.functions[tokenOf(lookup.name)];
      expect(Object.keys(spec.inputs.properties), lookup.name).to.have.members(
        Object.keys(lookup.args.shape),
      );
      expect(spec.description, `${lookup.name}: the SDK's TSDoc`).to.not.equal("");
    }
  });

  it("has a function for every lookup the TypeScript SDK exports, powervc.getFlashCopyMappings's mappings typed", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("../../sdk") as Record<string, Record<string, unknown>>;
    const exported = Object.entries(sdk).flatMap(([namespace, members]) =>
      Object.entries(members)
        .filter(([name, member]) => typeof member === "function" && /^get[A-Z]/.test(name))
        .filter(([name]) => !name.endsWith("Output"))
        .map(([name]) => `${namespace}.${name}`),
    );
    expect(pluginLookups.map((lookup) => lookup.name)).to.have.members(exported);
    const mappings = committed.functions[tokenOf("powervc.getFlashCopyMappings")];
    const items = mappings.outputs.properties.items as { items?: { $ref?: string } };
    const type = committed.types[items.items?.$ref?.replace("#/types/", "") ?? ""];
    expect(Object.keys(type?.properties ?? {})).to.include.members([
      "name",
      "status",
      "progress",
      "restoring",
    ]);
  });

  it("uses the plugin's tokens: each names a resource type, a lookup, or a type of this package", () => {
    const tokens = [
      ...Object.keys(committed.resources),
      ...Object.keys(committed.functions),
      ...Object.keys(committed.types),
    ];
    const unparsed = tokens.filter((token) => sdkNameOf(token) === undefined);
    expect(unparsed).to.deep.equal([]);
    expect(Object.keys(committed.resources).map(sdkNameOf)).to.have.members(Object.keys(fieldsByType));
    expect(Object.keys(committed.functions).map(sdkNameOf)).to.have.members(pluginLookups.map((l) => l.name));
  });

  it("names no object type as a resource or function is named (the SDKs would have two classes of one name)", () => {
    const named = new Set([...Object.keys(committed.resources), ...Object.keys(committed.functions)]);
    expect(Object.keys(committed.types).filter((token) => named.has(token))).to.deep.equal([]);
  });

  it("marks credentials secret: the password and token settings, and every connection input", () => {
    const secretVariables = Object.entries(committed.config.variables)
      .filter(([, spec]) => spec.secret)
      .map(([name]) => name);
    expect(secretVariables).to.have.members([
      "password",
      "applicationCredentialSecret",
      "token",
      "waldurToken",
      "waldurPassword",
    ]);
    expect(committed.provider.inputProperties).to.deep.equal(committed.config.variables);
    const openStack = committed.types["openstack-dataprotection:index:OpenStackConnection"].properties;
    const waldur = committed.types["openstack-dataprotection:waldur:Connection"].properties;
    for (const credential of [openStack.password, openStack.token, openStack.applicationCredentialSecret]) {
      expect(credential.secret).to.equal(true);
    }
    expect([waldur.token.secret, waldur.password.secret, waldur.apiUrl.secret]).to.deep.equal([
      true,
      true,
      undefined,
    ]);
    for (const [token, resource] of Object.entries(committed.resources)) {
      expect(resource.inputProperties.connection.secret, `${token}: connection`).to.equal(true);
      expect(resource.properties, `${token}: the connection is not an output`).to.not.have.property(
        "connection",
      );
    }
    for (const [token, fn] of Object.entries(committed.functions)) {
      expect(fn.inputs.properties.connection.secret, `${token}: connection`).to.equal(true);
    }
  });

  it("takes each setting from the variables the providers read when the configuration leaves it out", () => {
    const variables = committed.config.variables;
    const environmentOf = (name: string) => variables[name]?.defaultInfo?.environment ?? [];
    expect(environmentOf("authUrl")).to.deep.equal(["OS_AUTH_URL"]);
    expect(environmentOf("insecure")).to.deep.equal(["OS_INSECURE"]);
    expect(environmentOf("waldurApiUrl")).to.deep.equal(["WALDUR_API_URL"]);
    // The package's own settings: the variable the schema names is the one the provider reads.
    const [remoteChecks] = environmentOf("remoteChecks");
    expect(remoteChecksEnabled({ [remoteChecks]: "false" })).to.equal(false);
    const [requestTimeout] = environmentOf("requestTimeout");
    expect(requestTimeoutMs({ [requestTimeout]: "7s" })).to.equal(7_000);
    const [authTimeout] = environmentOf("authTimeout");
    expect(authTimeoutMs({ [authTimeout]: "2m" })).to.equal(120_000);
    const [maxConcurrent] = environmentOf("maxConcurrentRequests");
    expect(maxConcurrentRequests({ [maxConcurrent]: "3" })).to.equal(3);
    expect(variables.maxConcurrentRequests.type).to.equal("integer");
    expect(variables.remoteChecks.type).to.equal("boolean");
  });
});
