/** How the generator names the object types it makes from a property's path. */

/**
 * Names given where the path's name would clash: `waldur.Snapshot`'s `retention` would be
 * `waldur:SnapshotRetention`, the resource of that name. By the token the path would give.
 */
export const TYPE_NAMES: Readonly<Record<string, string>> = {
  "openstack-dataprotection:waldur:SnapshotRetention": "SnapshotRetentionPeriod",
};

/** `volumeIds` → `VolumeIds`. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The name of one item of a list named `name`: `instances` → `instance`, `vdisks` → `vdisk`. */
export function singular(name: string): string {
  return name.endsWith("s") ? name.slice(0, -1) : name;
}
