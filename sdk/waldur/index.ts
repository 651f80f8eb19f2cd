/** Waldur: OpenStack snapshots with codified retention, and restores into new volumes. */
export { Snapshot } from "./snapshot";
export type { SnapshotArgs, SnapshotRestoration } from "./snapshot";
export { VolumeRestoration } from "./volume-restoration";
export type { VolumeRestorationArgs } from "./volume-restoration";
export type { WaldurConnectionArgs } from "./connection";
export {
  getSnapshotSchedules,
  getSnapshotSchedulesOutput,
  getSnapshots,
  getSnapshotsOutput,
} from "./lookups";
export type {
  GetSnapshotSchedulesArgs,
  GetSnapshotsArgs,
  WaldurSnapshotInfo,
  WaldurSnapshotScheduleInfo,
} from "./lookups";
