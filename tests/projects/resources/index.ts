// The end-to-end tests' program: it declares the resources listed in stack config `resources`
// ([{ type, name, args, options? }]), so each scenario states its program as data.
// - An argument written `{ "$ref": "<resource name>.<output>" }` is that resource's output (a dependency).
// - Stack config `lookups` ([{ name, lookup, args }]) calls lookups' Output forms ("cinder.getBackupsOutput") before
//   the resources are declared; `{ "$ref": "<lookup name>.<field>" }` is a field of its result, and the stack output
//   `lookups` holds every result.
// - A secret `password` or `applicationCredentialSecret` in config goes into the `connection` of every OpenStack
//   resource (the rest of it comes from its arguments or OS_*), and a secret `waldurToken` into that of every
//   Waldur resource (as `token`), as users pass secrets.
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

/** The secret config values a resource's `connection` takes: connection field → config key. */
const OPENSTACK_SECRETS = {
  password: "password",
  applicationCredentialSecret: "applicationCredentialSecret",
};
const WALDUR_SECRETS = { token: "waldurToken" };

const CLASSES: Record<string, { resource: AnyResourceClass; secrets: Record<string, string> }> = {
  "trilio.Restore": { resource: trilio.Restore, secrets: OPENSTACK_SECRETS },
  "waldur.Snapshot": { resource: waldur.Snapshot, secrets: WALDUR_SECRETS },
  "waldur.VolumeRestoration": { resource: waldur.VolumeRestoration, secrets: WALDUR_SECRETS },
  "waldur.SnapshotRetention": { resource: waldur.SnapshotRetention, secrets: WALDUR_SECRETS },
  "powervc.InstanceSnapshot": { resource: powervc.InstanceSnapshot, secrets: OPENSTACK_SECRETS },
  "powervc.InstanceRestore": { resource: powervc.InstanceRestore, secrets: OPENSTACK_SECRETS },
  "cinder.Backup": { resource: cinder.Backup, secrets: OPENSTACK_SECRETS },
  "cinder.BackupRestore": { resource: cinder.BackupRestore, secrets: OPENSTACK_SECRETS },
};

/** The lookups a program may call, by name. */
const LOOKUPS: Record<string, (args: never) => pulumi.Output<unknown>> = {
  "cinder.getBackupsOutput": cinder.getBackupsOutput,
  "cinder.getBackupOutput": cinder.getBackupOutput,
  "waldur.getSnapshotsOutput": waldur.getSnapshotsOutput,
  "trilio.getSnapshotsOutput": trilio.getSnapshotsOutput,
  "trilio.getLatestSnapshotOutput": trilio.getLatestSnapshotOutput,
  "powervc.getInstanceSnapshotsOutput": powervc.getInstanceSnapshotsOutput,
};

const config = new pulumi.Config();
const declared = config.requireObject<Declared[]>("resources");
const created = new Map<string, pulumi.CustomResource>();
const found = new Map<string, pulumi.Output<unknown>>();
for (const { name, lookup, args } of config.getObject<{ name: string; lookup: string; args: object }[]>(
  "lookups",
) ?? []) {
  const call = LOOKUPS[lookup];
  if (!call) throw new Error(`unknown lookup ${lookup}`);
  found.set(name, call(args as never));
}

function resolveRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveRefs);
  if (value && typeof value === "object") {
    const ref = (value as { $ref?: string }).$ref;
    if (typeof ref === "string") {
      const [name, output] = ref.split(".");
      const result = found.get(name);
      if (result) return result.apply((value) => (value as Record<string, unknown>)[output]);
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
  const secrets = Object.entries(entry.secrets).flatMap(([field, key]) => {
    const value = config.getSecret(key);
    return value === undefined ? [] : [[field, value] as const];
  });
  if (secrets.length > 0) {
    const given = (resolved.connection ?? {}) as Record<string, unknown>;
    resolved.connection = { ...given, ...Object.fromEntries(secrets) };
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
/** Each lookup's result, by name. */
export const lookups = pulumi.all(Object.fromEntries(found));
