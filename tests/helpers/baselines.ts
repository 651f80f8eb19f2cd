/**
 * A valid program for each resource type, as the inputs `check` receives (identity included), on the simulator's
 * seed, and which of its properties are ids. The fuzzed check starts from these, and the generated field-policy
 * tests create one of each.
 */
import { CINDER_SEED, POWERVC_SEED, TRILIO_SEED, WALDUR_SEED, type Simulator } from "../../simulator";

/** A valid input per type, and the properties that are ids. */
export function baselines(
  sim: Simulator,
): Record<string, { inputs: Record<string, unknown>; ids: string[] }> {
  const identity = (type: string) => ({ type, name: "fuzz", project: "fuzz", stack: "dev" });
  const openstack = sim.connection();
  const powervc = sim.connection("powervc");
  const waldur = { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token };
  return {
    "trilio.Restore": {
      inputs: {
        __identity: identity("trilio.Restore"),
        snapshotId: TRILIO_SEED.webSnapshotId,
        restoreType: "selective",
        instances: [{ id: TRILIO_SEED.web1InstanceId }],
        connection: openstack,
      },
      ids: ["snapshotId", "adoptRestoreId"],
    },
    "waldur.Snapshot": {
      inputs: {
        __identity: identity("waldur.Snapshot"),
        adoptSnapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0],
        retention: { days: 30 },
        connection: waldur,
      },
      ids: ["adoptSnapshotUuid", "volumeUuid"],
    },
    "waldur.SnapshotRetention": {
      inputs: {
        __identity: identity("waldur.SnapshotRetention"),
        sourceVolumeUuid: WALDUR_SEED.scratchVolumeUuid,
        rule: { keepLast: 3, daily: 7 },
        connection: waldur,
      },
      ids: ["sourceVolumeUuid"],
    },
    "waldur.VolumeRestoration": {
      inputs: {
        __identity: identity("waldur.VolumeRestoration"),
        snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0],
        name: "fuzz",
        connection: waldur,
      },
      ids: ["snapshotUuid", "adoptVolumeUuid"],
    },
    "powervc.InstanceSnapshot": {
      inputs: {
        __identity: identity("powervc.InstanceSnapshot"),
        serverId: POWERVC_SEED.appServerId,
        connection: powervc,
      },
      ids: ["serverId", "adoptInstanceSnapshotId"],
    },
    "powervc.InstanceRestore": {
      inputs: {
        __identity: identity("powervc.InstanceRestore"),
        serverId: POWERVC_SEED.appServerId,
        instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
        confirmOverwrite: true,
        connection: powervc,
      },
      ids: ["serverId", "instanceSnapshotId"],
    },
    "cinder.Backup": {
      inputs: {
        __identity: identity("cinder.Backup"),
        volumeId: CINDER_SEED.dataVolumeId,
        connection: openstack,
      },
      ids: ["volumeId", "snapshotId", "adoptBackupId"],
    },
    "cinder.BackupRestore": {
      inputs: {
        __identity: identity("cinder.BackupRestore"),
        backupId: CINDER_SEED.dataVolumeId,
        newVolumeName: "fuzz",
        connection: openstack,
      },
      ids: ["backupId", "volumeId"],
    },
  };
}
