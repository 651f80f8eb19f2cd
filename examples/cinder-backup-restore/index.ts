// Back up a Cinder volume (a full backup, then an incremental one on top), and restore the latest into a new
// volume as a drill.
//
// Against the simulator (`npm run simulator`, then paste the exports it prints) it runs as is. Against a cloud:
//   source openrc; pulumi config set volumeId <volume>; pulumi up
import * as pulumi from "@pulumi/pulumi";
import { cinder } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Default: the simulator's volume data-1.
const volumeId = config.get("volumeId") ?? "fb9159f7-afbe-4c50-ab1f-5f22799bc08e";

const full = new cinder.Backup("data-full", {
  volumeId,
  description: config.get("description") ?? "Weekly full backup",
  metadata: { schedule: "weekly" },
});

// Cinder makes an incremental backup on top of the volume's latest one: it depends on the full backup, which
// also makes destroy delete it first (Cinder refuses to delete a backup that incremental ones depend on).
const incremental = new cinder.Backup(
  "data-incremental",
  { volumeId, incremental: true, metadata: { schedule: "daily" } },
  { dependsOn: [full] },
);

// The drill: the latest backup into a new volume. Destroy deletes that volume (never an existing one).
const drill = new cinder.BackupRestore("data-drill", {
  backupId: incremental.id,
  newVolumeName: "data-restore-drill",
});

/** The backups, as Cinder reports them. */
export const backups = pulumi
  .all([full.status, full.sizeGib, incremental.isIncremental])
  .apply(([status, size, isIncremental]) => `full: ${status}, ${size} GiB; incremental: ${isIncremental}`);
/** The volume the drill restored into. */
export const restoredVolume = pulumi.interpolate`${drill.volumeName} (${drill.targetVolumeId}, ${drill.volumeStatus})`;
