/**
 * The implementations behind every resource's forwarder (see sdk/forwarder.ts). The dynamic-provider host reaches
 * this module through `require("pulumi-openstack-dataprotection/provider")`.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Fields } from "./core/fields";
import { setStackConfig } from "./core/settings/stack-config";
import { backupFields } from "./cinder/backup";
import { backupRestoreFields } from "./cinder/backup-restore";
import { instanceRestoreFields } from "./powervc/instance-restore";
import { instanceSnapshotFields } from "./powervc/instance-snapshot";
import { restoreFields } from "./trilio/restore-inputs";
import { snapshotFields } from "./waldur/snapshot-inputs";
import { volumeRestorationFields } from "./waldur/volume-restoration";
import { BACKUP_RESTORE_TYPE, BACKUP_TYPE, backupProvider, backupRestoreProvider } from "./cinder";
import {
  INSTANCE_RESTORE_TYPE,
  INSTANCE_SNAPSHOT_TYPE,
  instanceRestoreProvider,
  instanceSnapshotProvider,
} from "./powervc";
import { RESTORE_TYPE, restoreProvider } from "./trilio";
import {
  SNAPSHOT_TYPE,
  snapshotProvider,
  VOLUME_RESTORATION_TYPE,
  volumeRestorationProvider,
} from "./waldur";

const providers: Readonly<Record<string, dynamic.ResourceProvider>> = {
  [RESTORE_TYPE]: restoreProvider,
  [SNAPSHOT_TYPE]: snapshotProvider,
  [VOLUME_RESTORATION_TYPE]: volumeRestorationProvider,
  [INSTANCE_SNAPSHOT_TYPE]: instanceSnapshotProvider,
  [INSTANCE_RESTORE_TYPE]: instanceRestoreProvider,
  [BACKUP_TYPE]: backupProvider,
  [BACKUP_RESTORE_TYPE]: backupRestoreProvider,
};

/** Each resource type's field declarations (see ./core/fields), for the docs and the tests made from them. */
export const fieldsByType: Readonly<Record<string, Fields<never>>> = {
  [RESTORE_TYPE]: restoreFields,
  [SNAPSHOT_TYPE]: snapshotFields as Fields<never>,
  [VOLUME_RESTORATION_TYPE]: volumeRestorationFields as Fields<never>,
  [INSTANCE_SNAPSHOT_TYPE]: instanceSnapshotFields as Fields<never>,
  [INSTANCE_RESTORE_TYPE]: instanceRestoreFields,
  [BACKUP_TYPE]: backupFields as Fields<never>,
  [BACKUP_RESTORE_TYPE]: backupRestoreFields as Fields<never>,
};

/** The implementation of a resource type ("trilio.Restore"). */
export function providerFor(resourceType: string): dynamic.ResourceProvider {
  const provider = providers[resourceType];
  if (!provider) {
    throw new Error(
      `pulumi-openstack-dataprotection has no resource type "${resourceType}" (it has: ` +
        `${Object.keys(providers).join(", ")}); is the installed package older than the one that created it?`,
    );
  }
  return provider;
}

/** Receives the stack config from the host; connection resolution reads it. */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  setStackConfig(request.config);
}

/** Resource types this version implements. */
export const resourceTypes: readonly string[] = Object.keys(providers);

/** Methods a forwarder may call. */
const FORWARDED = new Set(["check", "diff", "create", "read", "update", "delete"]);

/**
 * Entry point of every forwarder: calls `method` of `resourceType`'s implementation (or `configure`) with the
 * arguments the host passed.
 */
export function forward(resourceType: string, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure" || (method === "create" && isConfigureRequest(args[0]))) {
    return configure(args[0] as dynamic.ConfigureRequest);
  }
  if (!FORWARDED.has(method)) return Promise.reject(new Error(`unknown provider method "${method}"`));
  const implementation = providerFor(resourceType) as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  return implementation[method](...args);
}

/** A configure request carries the stack's Config (an object with `get`); create's inputs are plain JSON. */
function isConfigureRequest(value: unknown): boolean {
  const config = (value as { config?: { get?: unknown } } | undefined)?.config;
  return typeof config?.get === "function";
}
