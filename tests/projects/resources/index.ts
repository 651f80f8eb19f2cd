// The end-to-end tests' program: it declares the resources listed in stack config `resources`
// ([{ type, name, args, options? }]), so each scenario states its program as data.
// - An argument written `{ "$ref": "<resource name>.<output>" }` is that resource's output (a dependency).
// - A secret `password` in config goes into the `connection` of every OpenStack resource (the rest of it comes
//   from its arguments or OS_*), and a secret `waldurToken` into that of every Waldur resource, as users pass
//   secrets.
import * as pulumi from "@pulumi/pulumi";
import { cinder, powervc, trilio, waldur } from "pulumi-openstack-dataprotection";

interface Declared {
  type: string;
  name: string;
  args: Record<string, unknown>;
  /** Resource options; `dependsOn` names resources declared before. */
  options?: { retainOnDelete?: boolean; protect?: boolean; dependsOn?: string[] };
}

/** Any resource class: each takes its own arguments, which the providers check as they check users' input. */
type AnyResourceClass = new (
  name: string,
  args: never,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

const CLASSES: Record<string, { resource: AnyResourceClass; secret?: "password" | "waldurToken" }> = {
  "trilio.Restore": { resource: trilio.Restore, secret: "password" },
  "waldur.Snapshot": { resource: waldur.Snapshot, secret: "waldurToken" },
  "waldur.VolumeRestoration": { resource: waldur.VolumeRestoration, secret: "waldurToken" },
  "powervc.InstanceSnapshot": { resource: powervc.InstanceSnapshot, secret: "password" },
  "powervc.InstanceRestore": { resource: powervc.InstanceRestore, secret: "password" },
  "cinder.Backup": { resource: cinder.Backup, secret: "password" },
  "cinder.BackupRestore": { resource: cinder.BackupRestore, secret: "password" },
};

const config = new pulumi.Config();
const declared = config.requireObject<Declared[]>("resources");
const secrets = { password: config.getSecret("password"), waldurToken: config.getSecret("waldurToken") };
const created = new Map<string, pulumi.CustomResource>();

function resolveRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveRefs);
  if (value && typeof value === "object") {
    const ref = (value as { $ref?: string }).$ref;
    if (typeof ref === "string") {
      const [name, output] = ref.split(".");
      const target = created.get(name);
      if (!target) throw new Error(`$ref ${ref}: no resource ${name} declared before it`);
      return (target as unknown as Record<string, pulumi.Output<unknown>>)[output];
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v)]));
  }
  return value;
}

for (const { type, name, args, options } of declared) {
  const entry = CLASSES[type];
  if (!entry) throw new Error(`unknown resource type ${type}`);
  const resolved = resolveRefs(args) as Record<string, unknown>;
  const secret = entry.secret === "password" ? secrets.password : secrets.waldurToken;
  if (secret) {
    const given = (resolved.connection ?? {}) as Record<string, unknown>;
    resolved.connection = {
      ...given,
      ...(entry.secret === "password" ? { password: secret } : { token: secret }),
    };
  }
  const dependsOn = options?.dependsOn?.map((other) => created.get(other)).filter((r) => r !== undefined);
  created.set(name, new entry.resource(name, resolved as never, { ...options, dependsOn }));
}

/** Each resource's id, by name. */
export const ids = pulumi.all(
  Object.fromEntries([...created].map(([name, resource]) => [name, resource.id])),
);
/** Each resource's status or state, by name. */
export const statuses = pulumi.all(
  Object.fromEntries(
    [...created].map(([name, resource]) => {
      const outputs = resource as unknown as Record<string, pulumi.Output<unknown> | undefined>;
      return [name, outputs.status ?? outputs.state];
    }),
  ),
);
