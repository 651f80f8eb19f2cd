/** IBM PowerVC: instance snapshots, restores with retry or rollback, FlashCopy progress. */
export {
  INSTANCE_SNAPSHOT_TYPE,
  instanceSnapshotProvider,
  instanceSnapshotDiffTable,
} from "./instance-snapshot";
export { INSTANCE_RESTORE_TYPE, instanceRestoreProvider, instanceRestoreDiffTable } from "./instance-restore";
export { flashCopyMappings, type FlashCopyMapping } from "./flashcopy";
export { PowerVCClient } from "./client";
