/** OpenStack Cinder v3: volume backups, and restores into new or existing volumes. */
export { backupProvider } from "./backup";
export { backupRestoreProvider } from "./backup-restore";
export { CinderClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { backupModel, backupProvider } from "./backup";
import { backupRestoreModel, backupRestoreProvider } from "./backup-restore";

/** The Cinder resource types. */
export const cinderResources: readonly RegisteredResource[] = [
  registration(backupModel, backupProvider),
  registration(backupRestoreModel, backupRestoreProvider),
];
