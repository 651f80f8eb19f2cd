// The end-to-end tests' program: it declares the restores listed in stack config `restores`
// ([{ name, args }]), so each scenario states its program as data. A `password` secret in config, if set,
// becomes every restore's `connection` (the rest of it comes from OS_*), as a user passes a secret.
import * as pulumi from "@pulumi/pulumi";
import { trilio } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
const declared = config.requireObject<{ name: string; args: trilio.RestoreArgs }[]>("restores");
const password = config.getSecret("password");

const restores = declared.map(
  ({ name, args }) => new trilio.Restore(name, password ? { ...args, connection: { password } } : args),
);

/** Each restore's status, by name. */
export const statuses = pulumi.all(
  Object.fromEntries(restores.map((restore, index) => [declared[index].name, restore.status])),
);
