/** TrilioVault for OpenStack: restores of workload snapshots, and lookups of a workload's snapshots. */
export { Restore } from "./restore";
export type {
  RestoreArgs,
  RestoreInstanceArgs,
  RestoreVdiskArgs,
  RestoreNicArgs,
  RestoreFlavorArgs,
  RestoreNetworkMappingArgs,
  RestoredInstance,
} from "./restore";
export { getLatestSnapshot, getLatestSnapshotOutput, getSnapshots, getSnapshotsOutput } from "./lookups";
export type { GetLatestSnapshotArgs, GetSnapshotsArgs, TrilioSnapshotInfo } from "./lookups";
