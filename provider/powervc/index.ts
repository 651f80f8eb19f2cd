/** IBM PowerVC: instance snapshots, restores with retry or rollback, FlashCopy progress. */
export { instanceSnapshotProvider } from "./instance-snapshot";
export { instanceRestoreProvider } from "./instance-restore";
export { flashCopyMappings, type FlashCopyMapping } from "./flashcopy";
export { PowerVCClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { instanceRestoreModel, instanceRestoreProvider } from "./instance-restore";
import { instanceSnapshotModel, instanceSnapshotProvider } from "./instance-snapshot";

/** The PowerVC resource types. */
export const powervcResources: readonly RegisteredResource[] = [
  registration(instanceSnapshotModel, instanceSnapshotProvider),
  registration(instanceRestoreModel, instanceRestoreProvider),
];
