/** Waldur (waldur-mastermind): OpenStack snapshots with retention, and restores into new volumes. */
export { SNAPSHOT_TYPE, snapshotProvider, snapshotDiffTable } from "./snapshot";
export {
  VOLUME_RESTORATION_TYPE,
  volumeRestorationProvider,
  volumeRestorationDiffTable,
} from "./volume-restoration";
export { WaldurClient } from "./client";
