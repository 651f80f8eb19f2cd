// The plugin end-to-end tests' program: it declares resources of the provider plugin `openstack-dataprotection`
// (`pulumi.CustomResource`s with the plugin's type tokens, as an SDK generated from its schema declares them), listed
// in stack config `resources` ([{ type: "cinder.Backup", name, args, options? }]), so each scenario states its
// program as data. The engine runs them on the plugin, not on the dynamic-provider host.
// - Stack config `lookups` ([{ name, token, args }]) invokes the plugin's functions
//   (`openstack-dataprotection:cinder:getBackups`) before the resources are declared; the stack output `lookups`
//   holds every result.
// - Stack config `exports` (["db.status"]) names resource outputs the stack output `exported` holds, by that name.
// - The connection comes from the plugin's own stack config (`openstack-dataprotection:*`) and OS_* / WALDUR_*.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

interface Declared {
  type: string;
  name: string;
  args: Record<string, unknown>;
  /** Resource options as the SDK takes them, but `dependsOn` names resources declared before. */
  options?: Omit<pulumi.CustomResourceOptions, "dependsOn"> & { dependsOn?: string[] };
}

/** The plugin's schema: which output properties each resource type has. */
const schema = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "../../../provider/plugin/schema.json"), "utf8"),
) as { resources: Record<string, { properties: Record<string, unknown> }> };

/** A resource of the plugin: its inputs, and every output property of its type unknown until the plugin answers. */
class PluginResource extends pulumi.CustomResource {
  constructor(
    type: string,
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const token = `openstack-dataprotection:${type.replace(".", ":")}`;
    const spec = schema.resources[token];
    if (!spec) throw new Error(`the plugin has no resource type ${type} (${token})`);
    const outputs = Object.fromEntries(Object.keys(spec.properties).map((key) => [key, undefined]));
    super(token, name, { ...outputs, ...args }, opts);
  }
}

const config = new pulumi.Config();
const declared = config.requireObject<Declared[]>("resources");
const lookups = config.getObject<{ name: string; token: string; args: pulumi.Inputs }[]>("lookups") ?? [];
const found = Object.fromEntries(
  lookups.map(({ name, token, args }) => [name, pulumi.runtime.invoke(token, args)]),
);

const created = new Map<string, pulumi.CustomResource>();
for (const { type, name, args, options } of declared) {
  const dependsOn = options?.dependsOn?.map((other) => created.get(other)).filter((r) => r !== undefined);
  created.set(name, new PluginResource(type, name, args, { ...options, dependsOn }));
}

/** Each resource's id, by name. */
export const ids = pulumi.all(
  Object.fromEntries([...created].map(([name, resource]) => [name, resource.id])),
);
/** Each lookup's result, by name. */
export { found as lookups };
/** The outputs stack config `exports` names (`<resource>.<output>`), by that name (each known or unknown alone). */
export const exported = Object.fromEntries(
  (config.getObject<string[]>("exports") ?? []).map((exported) => {
    const [name, output] = exported.split(".");
    const resource = created.get(name) as unknown as Record<string, pulumi.Output<unknown>> | undefined;
    if (!resource)
      throw new Error(`stack config exports names ${exported}, but no resource is named ${name}`);
    return [exported, resource[output]];
  }),
);
