/** OpenStack Cinder v3: volume backups, and restores into new or existing volumes. */
export { Backup } from "./backup";
export type { BackupArgs } from "./backup";
export { BackupRestore } from "./backup-restore";
export type { BackupRestoreArgs } from "./backup-restore";
export { getBackup, getBackupOutput, getBackups, getBackupsOutput } from "./lookups";
export type { CinderBackupInfo, GetBackupArgs, GetBackupsArgs } from "./lookups";
