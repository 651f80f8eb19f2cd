/**
 * pulumi-openstack-dataprotection: backup, snapshot retention and restore on OpenStack-family clouds, as Pulumi
 * resources.
 *
 * ```ts
 * import { trilio } from "pulumi-openstack-dataprotection";
 * new trilio.Restore("web-restore", { snapshotId, restoreType: "oneclick" });
 * ```
 */
export * from "./sdk";
