/** TrilioVault for OpenStack: restores of workload snapshots. */
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
