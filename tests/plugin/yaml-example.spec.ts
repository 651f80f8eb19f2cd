// examples/yaml-cinder-backup is a Pulumi YAML program on the provider plugin. YAML programs need the Pulumi CLI,
// which cannot run here, so this checks what the CLI would check first against the plugin's schema: each resource
// type and function exists, each property and argument is one the schema declares, required inputs are given, and
// each `${resource.output}` the program reads is a property of that resource.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import type { PackageSchema } from "../../scripts/plugin-schema/spec";

const ROOT = path.resolve(__dirname, "../../..");
const EXAMPLE = path.join(ROOT, "examples/yaml-cinder-backup");

interface YamlProgram {
  packages: Record<string, string>;
  config: Record<string, unknown>;
  variables: Record<string, { "fn::invoke": { function: string; arguments: object; return?: string } }>;
  resources: Record<string, { type: string; properties: Record<string, unknown> }>;
  outputs: Record<string, string>;
}

describe("examples/yaml-cinder-backup (Pulumi YAML on the provider plugin)", () => {
  const program = yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8")) as YamlProgram;
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, "provider/plugin/schema.json"), "utf8"),
  ) as PackageSchema;

  it("points the CLI at the plugin executable committed in this repository", () => {
    const plugin = path.resolve(EXAMPLE, program.packages["openstack-dataprotection"]);
    expect(path.basename(plugin)).to.equal("pulumi-resource-openstack-dataprotection");
    expect(fs.statSync(plugin).mode & 0o111, "executable").to.not.equal(0);
  });

  it("declares only resource types, properties and required inputs the schema has", () => {
    for (const [name, resource] of Object.entries(program.resources)) {
      const declared = schema.resources[resource.type];
      expect(declared, `${name}: type ${resource.type}`).to.not.equal(undefined);
      const inputs = Object.keys(declared.inputProperties);
      expect(inputs, `${name}'s properties`).to.include.members(Object.keys(resource.properties));
      expect(Object.keys(resource.properties), `${name}'s required inputs`).to.include.members(
        declared.requiredInputs ?? [],
      );
    }
  });

  it("calls only functions the schema has, with their arguments, and returns a property they have", () => {
    for (const [name, variable] of Object.entries(program.variables)) {
      const call = variable["fn::invoke"];
      const declared = schema.functions[call.function];
      expect(declared, `${name}: function ${call.function}`).to.not.equal(undefined);
      expect(Object.keys(declared.inputs.properties)).to.include.members(Object.keys(call.arguments));
      if (call.return) expect(Object.keys(declared.outputs.properties)).to.include(call.return);
    }
  });

  it("reads only outputs the resources have", () => {
    const references = JSON.stringify(program).matchAll(/\$\{(\w+)\.(\w+)\}/g);
    const read = [...references].filter(([, resource]) => resource in program.resources);
    expect(read.length).to.be.greaterThan(0);
    for (const [reference, resource, property] of read) {
      const declared = schema.resources[program.resources[resource].type];
      expect(Object.keys(declared.properties), reference).to.include(property);
    }
  });
});
