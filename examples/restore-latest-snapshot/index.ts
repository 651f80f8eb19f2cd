// Restore the latest good snapshot of a volume into a new volume: the newest `OK` snapshot Waldur holds of it,
// found by a lookup at every run. `pinSource: true` keeps the volume restored when a newer snapshot appears (the
// lookup then names it, and preview says so); changing the `restoreRequest` config restores the newest one then.
// See README.md.
import * as pulumi from "@pulumi/pulumi";
import { waldur } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Default: volume db-data of the simulator's seed.
const volumeUuid = config.get("volumeUuid") ?? "a0ccbe6ffef54581bf74b5aa93e9f4ca";
// Change it (a date, a ticket number) to restore the newest snapshot again.
const restoreRequest = config.get("restoreRequest") ?? "first";

// Newest first; `required` makes a volume with no OK snapshot fail the run, naming the filters.
const newest = waldur
  .getSnapshotsOutput({ sourceVolumeUuid: volumeUuid, state: "OK", required: true })
  .apply((snapshots) => snapshots[0]);

const restored = new waldur.VolumeRestoration("latest-good", {
  snapshotUuid: newest.uuid,
  pinSource: true,
  triggers: { restoreRequest },
  name: "latest-good-restore",
  description: `The newest OK snapshot of volume ${volumeUuid}, restored`,
});

/** The snapshot this volume was restored from: the newest when it was restored, whatever the lookup finds now. */
export const restoredSnapshot = restored.snapshotUuid;
/** The newest OK snapshot now: a change of `restoreRequest` restores this one. */
export const newestSnapshot = pulumi.interpolate`${newest.name} (${newest.uuid}, ${newest.created})`;
/** The restored volume. */
export const restoredVolume = pulumi.interpolate`${restored.volumeName} (${restored.volumeUuid}, ${restored.sizeMib} MiB, ${restored.state})`;
