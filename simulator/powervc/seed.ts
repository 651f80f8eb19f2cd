import { KEYSTONE_SEED } from "../keystone/seed";
import { type PowerVCState } from "./models";

/**
 * Ids of the seeded PowerVC data, fixed so docs and examples can name them. Server `aix-app` has a
 * boot and a data volume, and one `available` instance snapshot of both (`instanceSnapshotId`, made by
 * the finished task `snapshotTaskId`); server `aix-db` has a boot and a data volume and no snapshot.
 * The project is Keystone's `powervc` project.
 */
export const POWERVC_SEED = {
  projectId: KEYSTONE_SEED.powervcProject.id,
  userId: KEYSTONE_SEED.user.id,
  appServerId: "8945acbd-f073-4761-865f-da0a4cd86679",
  appBootVolumeId: "513f71e9-be09-4818-9165-a479d940fc2d",
  appDataVolumeId: "2bb838ac-894f-4e0f-a7ee-ff27f5eb4491",
  dbServerId: "5c6e0669-7fe9-4eb6-b86c-e420ca14d8e7",
  dbBootVolumeId: "8b315eb8-10c2-4eb6-adde-82aed31df500",
  dbDataVolumeId: "dc241bd8-1b37-4d77-a656-b109cd982817",
  instanceSnapshotId: "8b7b0876-5606-4926-987a-92da42977461",
  snapshotTaskId: "a2a3e2a8-341d-429e-8777-830bad1262b6",
  appBootSnapshotId: "41daaf93-d616-4900-9fa2-53cca0c1d980",
  appDataSnapshotId: "f1d8c0cc-658e-464c-8408-e0a8ee322a2b",
} as const;

/** When the seeded servers were created: times are fixed so the seed is the same on every run. */
const SERVERS_CREATED_MS = Date.UTC(2026, 9, 1, 8, 0, 0);
/** When the seeded instance snapshot was taken, and how long it took. */
const SNAPSHOT_CREATED_MS = Date.UTC(2026, 10, 21, 2, 0, 0);
const SNAPSHOT_TOOK_MS = 27_000;

/**
 * The seeded state. `taskUri` builds the `task_uri` of a task (the simulator's configured base), so
 * the seeded snapshot's URI answers `get_progress` like any other.
 */
export function buildPowerVCSeed(
  taskUri: (action: "snapshot", taskId: string, id: string) => string,
): PowerVCState {
  const S = POWERVC_SEED;
  const volume = (id: string, name: string, sizeGb: number, serverId: string, bootable: boolean) => ({
    id,
    name,
    sizeGb,
    status: "in-use" as const,
    serverId,
    bootable,
    createdAt: SERVERS_CREATED_MS,
  });
  const server = (id: string, name: string, volumeIds: readonly string[]) => ({
    id,
    name,
    status: "ACTIVE" as const,
    volumeIds,
    createdAt: SERVERS_CREATED_MS,
  });
  const appVolumes = [S.appBootVolumeId, S.appDataVolumeId];
  const snapshots = { [S.appBootVolumeId]: S.appBootSnapshotId, [S.appDataVolumeId]: S.appDataSnapshotId };
  const finishedAt = SNAPSHOT_CREATED_MS + SNAPSHOT_TOOK_MS;
  return {
    servers: [
      server(S.appServerId, "aix-app", appVolumes),
      server(S.dbServerId, "aix-db", [S.dbBootVolumeId, S.dbDataVolumeId]),
    ],
    volumes: [
      volume(S.appBootVolumeId, "aix-app-boot", 20, S.appServerId, true),
      volume(S.appDataVolumeId, "aix-app-data", 50, S.appServerId, false),
      volume(S.dbBootVolumeId, "aix-db-boot", 20, S.dbServerId, true),
      volume(S.dbDataVolumeId, "aix-db-data", 100, S.dbServerId, false),
    ],
    volumeSnapshots: Object.entries(snapshots).map(([volumeId, id]) => ({
      id,
      volumeId,
      instanceSnapshotId: S.instanceSnapshotId,
      kind: "snapshot" as const,
      createdAt: finishedAt,
    })),
    instanceSnapshots: [
      {
        id: S.instanceSnapshotId,
        name: "aix-app-nightly",
        description: "Nightly snapshot of aix-app",
        status: "available",
        instanceId: S.appServerId,
        volumeIds: appVolumes,
        snapshots,
        tempSnapshots: null,
        failedSnapshots: null,
        taskUri: taskUri("snapshot", S.snapshotTaskId, S.instanceSnapshotId),
        createdAt: SNAPSHOT_CREATED_MS,
        updatedAt: finishedAt,
      },
    ],
    tasks: [
      {
        id: S.snapshotTaskId,
        action: "snapshot",
        instanceSnapshotId: S.instanceSnapshotId,
        serverId: S.appServerId,
        volumeIds: appVolumes,
        startedAt: SNAPSHOT_CREATED_MS,
        durationMs: SNAPSHOT_TOOK_MS,
        outcome: "success",
        newSnapshots: snapshots,
        newSnapshotsAt: finishedAt,
        snapshotsTaken: true,
        transientStates: false,
        force: false,
        fcmapBase: 100,
        finished: true,
      },
    ],
  };
}
