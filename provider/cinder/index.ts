/** OpenStack Cinder v3: volume backups, and restores into new or existing volumes. */
export { backupProvider } from "./backup";
export { backupRestoreProvider } from "./backup-restore";
export { CinderClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { backupModel, backupPreview, backupProvider } from "./backup";
import { backupRestoreModel, backupRestorePreview, backupRestoreProvider } from "./backup-restore";

/** The Cinder resource types. */
export const cinderResources: readonly RegisteredResource[] = [
  registration(backupModel, backupProvider, backupPreview),
  registration(backupRestoreModel, backupRestoreProvider, backupRestorePreview),
];
