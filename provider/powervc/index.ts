/** IBM PowerVC: instance snapshots, restores with retry or rollback, FlashCopy progress. */
export { instanceSnapshotProvider } from "./instance-snapshot";
export { instanceRestoreProvider } from "./instance-restore";
export { getFlashCopyMappings, type FlashCopyMapping } from "./flashcopy";
export { PowerVCClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { instanceRestoreModel, instanceRestorePreview, instanceRestoreProvider } from "./instance-restore";
import {
  instanceSnapshotModel,
  instanceSnapshotPreview,
  instanceSnapshotProvider,
} from "./instance-snapshot";

/** The PowerVC resource types. */
export const powervcResources: readonly RegisteredResource[] = [
  registration(instanceSnapshotModel, instanceSnapshotProvider, instanceSnapshotPreview),
  registration(instanceRestoreModel, instanceRestoreProvider, instanceRestorePreview),
];
