/** IBM PowerVC: instance snapshots (and their lookup), restores with retry or rollback, FlashCopy progress. */
export { InstanceSnapshot } from "./instance-snapshot";
export type { InstanceSnapshotArgs } from "./instance-snapshot";
export { InstanceRestore } from "./instance-restore";
export type { InstanceRestoreArgs, RestoreTask } from "./instance-restore";
export { getFlashCopyMappings } from "./flashcopy";
export type { FlashCopyMapping, GetFlashCopyMappingsArgs } from "./flashcopy";
export { getInstanceSnapshots, getInstanceSnapshotsOutput } from "./lookups";
export type { GetInstanceSnapshotsArgs, PowerVCInstanceSnapshotInfo } from "./lookups";
