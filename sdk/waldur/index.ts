/** Waldur: OpenStack snapshots with codified retention, retention policies over a volume's snapshots, and restores. */
export { Snapshot } from "./snapshot";
export type { SnapshotArgs, SnapshotRestoration } from "./snapshot";
export { SnapshotRetention } from "./snapshot-retention";
export type { SnapshotRetentionArgs, SnapshotRetentionRule } from "./snapshot-retention";
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
