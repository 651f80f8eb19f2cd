// Codify retention for the snapshots a Waldur schedule made of a volume, and restore the newest one into a new
// volume as a drill.
//
// Against the simulator (`npm run simulator`, then paste the exports it prints) it runs as is. Against Waldur:
//   export WALDUR_API_URL=https://waldur.example.com/api/ WALDUR_TOKEN=…
//   pulumi config set --path 'scheduledSnapshots[0]' <snapshot uuid>   (one per snapshot, oldest first)
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { waldur } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Default: the three snapshots the simulator's schedule made of volume db-data, oldest first.
const scheduled = config.getObject<string[]>("scheduledSnapshots") ?? [
  "f2ef8acfaec14ab38787bf5873fff9e1",
  "682b742c833d485fab57652914a3ea6e",
  "1a733d5901054be9a0098b236bfd6d98",
];
const days = config.getNumber("retentionDays") ?? 30;

// Adopted, not created: destroying this stack releases them and leaves them to the schedule.
const snapshots = scheduled.map(
  (uuid, index) =>
    new waldur.Snapshot(`db-data-schedule-${index + 1}`, {
      adoptSnapshotUuid: uuid,
      retention: { days },
      metadata: { retention: `${days} days`, "managed-by": "pulumi" },
    }),
);

// The newest snapshot, restored into a new volume. Destroying the stack terminates that volume.
const drill = new waldur.VolumeRestoration("db-data-drill", {
  snapshotUuid: snapshots[snapshots.length - 1].uuid,
  name: "db-data-drill",
  description: "Restore drill of the newest db-data snapshot",
});

/** When Waldur will delete each snapshot. */
export const keptUntil = pulumi.all(snapshots.map((snapshot) => snapshot.effectiveKeptUntil));
/** The restored volume. */
export const restoredVolume = pulumi.interpolate`${drill.volumeName} (${drill.volumeUuid}, ${drill.sizeMib} MiB, ${drill.state})`;
