/** OpenStack Cinder v3: volume backups, and restores into new or existing volumes. */
export { BACKUP_TYPE, backupProvider, backupDiffTable } from "./backup";
export { BACKUP_RESTORE_TYPE, backupRestoreProvider, backupRestoreDiffTable } from "./backup-restore";
export { CinderClient } from "./client";
