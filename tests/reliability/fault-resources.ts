/**
 * The seven resources of the fault matrix, one of each type and independent of each other, so one engine run
 * exercises every resource under one fault: what the stack declares, which request is each phase's (the one a
 * fault rule hits), and how to count what the API started and find what it holds.
 */
import {
  CINDER_SEED,
  KEYSTONE_SEED,
  POWERVC_SEED,
  TRILIO_SEED,
  WALDUR_SEED,
  type FaultMatch,
  type Simulator,
} from "../../simulator";
import { webDrillRestore, type DeclaredResource } from "../e2e/stack";

/** The phases of a resource's life a fault can hit, in the order the report lists them. */
export const PHASES = [
  "create-start",
  "create-step",
  "create-wait",
  "update",
  "read",
  "delete",
  "delete-wait",
] as const;

/**
 * One phase: the request that starts a create, a later request of the create that starts something too (Cinder's
 * restore into the volume the resource made), the wait, an update, a read, a delete, its wait.
 */
export type Phase = (typeof PHASES)[number];

/** What the fixtures of a stack are: ids the matchers and declarations need. */
export interface FixtureIds {
  /** An available Cinder backup of `data-1` that `cinder.BackupRestore` restores (not the stack's). */
  readonly cinderBackupId: string;
}

/** One remote object the API holds: its id, and whether it is on its way out (being deleted). */
export interface RemoteObject {
  readonly id: string;
  readonly deleting: boolean;
}

/** One resource of the matrix. */
export interface MatrixResource {
  /** Its type, "trilio.Restore". */
  readonly type: string;
  /** Its name in the stack. */
  readonly name: string;
  /** Its declaration; `generation` 1 is the update step's (a new name where the API renames in place). */
  declare(generation: number, fixtures: FixtureIds): DeclaredResource;
  /** The request each phase starts with, as a fault rule's match; absent where the phase does not exist. */
  readonly phases: Partial<Record<Phase, (fixtures: FixtureIds) => FaultMatch>>;
  /** Which service answers 401 for an expired credential: Keystone's services, or Waldur with its own tokens. */
  readonly auth: "keystone" | "waldur";
  /** Operations the API started that create something (a restore, a backup, a snapshot), from its counters. */
  starts(sim: Simulator): number;
  /** Deletes the API accepted, from its counters, where it counts them. */
  deletes?(sim: Simulator): number;
  /**
   * The remote objects this resource type creates that the API holds now (seeded objects and fixtures left
   * out); undefined where a resource has no remote object (a PowerVC restore is an action).
   */
  inventory?(sim: Simulator, fixtures: FixtureIds): RemoteObject[];
  /** Whether the remote object a state entry names exists (for entries without an inventory). */
  exists?(sim: Simulator, id: string): boolean;
  /** Makes the next create of this resource end in the API's error status (the outcome queues). */
  failNextCreate(sim: Simulator): void;
  /** What the API says about a create that ended in its error status, as the error must show it. */
  readonly failureMessage: RegExp;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const HEX = "[0-9a-f]{32}";
const TRILIO = `/trilio/v1/${TRILIO_SEED.projectId}`;
const WALDUR = "/waldur/api";
const PVC_COMPUTE = `/powervc/compute/v2.1/${KEYSTONE_SEED.powervcProject.id}`;
const PVC_VOLUME = `/powervc/volume/v3/${KEYSTONE_SEED.powervcProject.id}`;
const PVC_PROGRESS = `${PVC_VOLUME}/instance-snapshots/get_progress`;
const CINDER = `/cinder/v3/${CINDER_SEED.projectId}`;
/** PowerVC's Keystone project; the rest of the login comes from OS_*. */
const POWERVC = { projectName: KEYSTONE_SEED.powervcProject.name, projectDomainName: "Default" };
const [WALDUR_SNAPSHOT] = WALDUR_SEED.scheduleSnapshotUuids;

/** A pattern of ids other than `excluded` (a seeded object or fixture other resources read). */
const except = (excluded: string, id: string) => `(?!${excluded})${id}`;
/** The requests of `service` with `method` whose path matches `pattern` (anchored) and that carry `query`. */
const req =
  (service: string, method: string, pattern: string, query?: Record<string, string>) => (): FaultMatch => ({
    service,
    method,
    path: new RegExp(`^${pattern}$`),
    ...(query ? { query } : {}),
  });

const waldurDeleting = (state: string) => state === "DELETION_SCHEDULED" || state === "DELETING";
const seededWaldurSnapshots = new Set<string>([
  ...WALDUR_SEED.scheduleSnapshotUuids,
  WALDUR_SEED.otherSnapshotUuid,
]);
const seededWaldurVolumes = new Set<string>([
  WALDUR_SEED.dbDataVolumeUuid,
  WALDUR_SEED.scratchVolumeUuid,
  WALDUR_SEED.otherVolumeUuid,
]);
const seededCinderVolumes = new Set<string>([CINDER_SEED.dataVolumeId, CINDER_SEED.inUseVolumeId]);

/** The resources, in the order of the README. */
export const MATRIX_RESOURCES: readonly MatrixResource[] = [
  {
    type: "trilio.Restore",
    name: "trilio-restore",
    declare: () => webDrillRestore("trilio-restore"),
    phases: {
      "create-start": req("trilio", "POST", `${TRILIO}/snapshots/${TRILIO_SEED.webSnapshotId}`),
      "create-wait": req("trilio", "GET", `${TRILIO}/restores/${UUID}`),
      read: req("trilio", "GET", `${TRILIO}/restores/${UUID}`),
      delete: req("trilio", "DELETE", `${TRILIO}/restores/${UUID}`),
    },
    auth: "keystone",
    starts: (sim) => sim.trilio.restoreStarts,
    inventory: (sim) => sim.trilio.state.restores.map((r) => ({ id: r.id, deleting: false })),
    failNextCreate: (sim) =>
      sim.trilio.setBehaviour({ outcomes: [{ status: "error", message: "No valid host was found" }] }),
    failureMessage: /No valid host was found/,
  },
  {
    type: "waldur.Snapshot",
    name: "waldur-snapshot",
    declare: (generation) => ({
      type: "waldur.Snapshot",
      name: "waldur-snapshot",
      args: {
        volumeUuid: WALDUR_SEED.dbDataVolumeUuid,
        name: generation === 0 ? "nightly" : "nightly-renamed",
      },
    }),
    phases: {
      "create-start": req(
        "waldur",
        "POST",
        `${WALDUR}/openstack-volumes/${WALDUR_SEED.dbDataVolumeUuid}/snapshot/`,
      ),
      "create-wait": req("waldur", "GET", `${WALDUR}/openstack-snapshots/${except(WALDUR_SNAPSHOT, HEX)}/`),
      update: req("waldur", "PATCH", `${WALDUR}/openstack-snapshots/${HEX}/`),
      read: req("waldur", "GET", `${WALDUR}/openstack-snapshots/${except(WALDUR_SNAPSHOT, HEX)}/`),
      delete: req("waldur", "DELETE", `${WALDUR}/openstack-snapshots/${HEX}/`),
      "delete-wait": req("waldur", "GET", `${WALDUR}/openstack-snapshots/${except(WALDUR_SNAPSHOT, HEX)}/`),
    },
    auth: "waldur",
    starts: (sim) => sim.waldur.snapshotCreates,
    inventory: (sim) =>
      sim.waldur.state.snapshots
        .filter((s) => !seededWaldurSnapshots.has(s.uuid))
        .map((s) => ({ id: s.uuid, deleting: waldurDeleting(s.state) })),
    failNextCreate: (sim) =>
      sim.waldur.setBehaviour({
        snapshotOutcomes: [{ state: "ERRED", errorMessage: "Cinder quota exceeded" }],
      }),
    failureMessage: /Cinder quota exceeded/,
  },
  {
    type: "waldur.VolumeRestoration",
    name: "waldur-restore",
    declare: (generation) => ({
      type: "waldur.VolumeRestoration",
      name: "waldur-restore",
      // A rename changes the volume in place.
      args: { snapshotUuid: WALDUR_SNAPSHOT, name: generation === 0 ? "db-data-drill" : "db-data-drill-2" },
    }),
    phases: {
      "create-start": req("waldur", "POST", `${WALDUR}/openstack-snapshots/${WALDUR_SNAPSHOT}/restore/`),
      update: req("waldur", "PATCH", `${WALDUR}/openstack-volumes/${HEX}/`),
      "create-wait": req(
        "waldur",
        "GET",
        `${WALDUR}/openstack-volumes/${except(WALDUR_SEED.dbDataVolumeUuid, HEX)}/`,
      ),
      read: req("waldur", "GET", `${WALDUR}/openstack-volumes/${except(WALDUR_SEED.dbDataVolumeUuid, HEX)}/`),
      delete: req("waldur", "POST", `${WALDUR}/marketplace-resources/${HEX}/terminate/`),
      "delete-wait": req("waldur", "GET", `${WALDUR}/marketplace-orders/${HEX}/`),
    },
    auth: "waldur",
    starts: (sim) => sim.waldur.restores,
    deletes: (sim) => sim.waldur.terminations,
    inventory: (sim) =>
      sim.waldur.state.volumes
        .filter((v) => !seededWaldurVolumes.has(v.uuid))
        .map((v) => ({ id: v.uuid, deleting: waldurDeleting(v.state) })),
    failNextCreate: (sim) =>
      sim.waldur.setBehaviour({
        volumeOutcomes: [{ state: "ERRED", errorMessage: "Volume backend is full" }],
      }),
    failureMessage: /Volume backend is full/,
  },
  {
    type: "powervc.InstanceSnapshot",
    name: "powervc-snapshot",
    declare: (generation) => ({
      type: "powervc.InstanceSnapshot",
      name: "powervc-snapshot",
      args: {
        serverId: POWERVC_SEED.dbServerId,
        name: generation === 0 ? "db-before-upgrade" : "db-before-upgrade-renamed",
        connection: POWERVC,
      },
    }),
    phases: {
      "create-start": req(
        "powervc-compute",
        "POST",
        `${PVC_COMPUTE}/servers/${POWERVC_SEED.dbServerId}/action`,
      ),
      "create-wait": req("powervc-volume", "GET", PVC_PROGRESS, { action: "snapshot" }),
      update: req("powervc-volume", "PUT", `${PVC_VOLUME}/instance-snapshots/${UUID}`),
      read: req(
        "powervc-volume",
        "GET",
        `${PVC_VOLUME}/instance-snapshots/${except(POWERVC_SEED.instanceSnapshotId, UUID)}`,
      ),
      delete: req("powervc-volume", "DELETE", `${PVC_VOLUME}/instance-snapshots/${UUID}`),
      "delete-wait": req("powervc-volume", "GET", PVC_PROGRESS, { action: "delete" }),
    },
    auth: "keystone",
    starts: (sim) => sim.powervc.counters.snapshotActions,
    inventory: (sim) =>
      sim.powervc.state.instanceSnapshots
        .filter((s) => s.id !== POWERVC_SEED.instanceSnapshotId)
        .map((s) => ({ id: s.id, deleting: s.status === "deleting" })),
    failNextCreate: (sim) => sim.powervc.setBehaviour({ snapshotOutcomes: [{ failure: "error" }] }),
    failureMessage: /the snapshot failed: snapshot task [0-9a-f-]+ failed/,
  },
  {
    type: "powervc.InstanceRestore",
    name: "powervc-restore",
    declare: () => ({
      type: "powervc.InstanceRestore",
      name: "powervc-restore",
      args: {
        serverId: POWERVC_SEED.appServerId,
        instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
        confirmOverwrite: true,
        // A failed restore rolls back: the next up can run it again (with "fail" the snapshot stays in
        // restore-error, which only a retry or rollback decided by a person clears).
        onFailure: "rollback",
        connection: POWERVC,
      },
    }),
    phases: {
      "create-start": req(
        "powervc-compute",
        "POST",
        `${PVC_COMPUTE}/servers/${POWERVC_SEED.appServerId}/action`,
      ),
      "create-wait": req("powervc-volume", "GET", PVC_PROGRESS, { action: "restore" }),
      read: req(
        "powervc-volume",
        "GET",
        `${PVC_VOLUME}/instance-snapshots/${POWERVC_SEED.instanceSnapshotId}`,
      ),
    },
    auth: "keystone",
    // Retries and rollbacks follow a failed restore by policy: only restores count as operations started.
    starts: (sim) => sim.powervc.counters.restoreActions,
    exists: (sim, id) => sim.powervc.state.tasks.some((task) => task.id === id),
    failNextCreate: (sim) => sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] }),
    failureMessage: /the restore failed and was rolled back/,
  },
  {
    type: "cinder.Backup",
    name: "cinder-backup",
    declare: (generation) => ({
      type: "cinder.Backup",
      name: "cinder-backup",
      args: {
        volumeId: CINDER_SEED.dataVolumeId,
        name: generation === 0 ? "data-1-nightly" : "data-1-weekly",
      },
    }),
    phases: {
      "create-start": req("cinder", "POST", `${CINDER}/backups`),
      "create-wait": (fixtures) =>
        req("cinder", "GET", `${CINDER}/backups/${except(fixtures.cinderBackupId, UUID)}`)(),
      update: req("cinder", "PUT", `${CINDER}/backups/${UUID}`),
      read: (fixtures) =>
        req("cinder", "GET", `${CINDER}/backups/${except(fixtures.cinderBackupId, UUID)}`)(),
      delete: req("cinder", "DELETE", `${CINDER}/backups/${UUID}`),
      "delete-wait": (fixtures) =>
        req("cinder", "GET", `${CINDER}/backups/${except(fixtures.cinderBackupId, UUID)}`)(),
    },
    auth: "keystone",
    starts: (sim) => sim.cinder.counters.backupCreates,
    deletes: (sim) => sim.cinder.counters.backupDeletes,
    inventory: (sim, fixtures) =>
      sim.cinder.state.backups
        .filter((b) => b.id !== fixtures.cinderBackupId)
        .map((b) => ({ id: b.id, deleting: b.status === "deleting" })),
    failNextCreate: (sim) =>
      sim.cinder.setBehaviour({ backupOutcomes: [{ status: "error", failReason: "Swift is out of space" }] }),
    failureMessage: /Swift is out of space/,
  },
  {
    type: "cinder.BackupRestore",
    name: "cinder-restore",
    declare: (generation, fixtures) => ({
      type: "cinder.BackupRestore",
      name: "cinder-restore",
      // A rename changes the volume in place.
      args: {
        backupId: fixtures.cinderBackupId,
        newVolumeName: generation === 0 ? "data-1-restored" : "data-1-restored-2",
      },
    }),
    phases: {
      "create-start": req("cinder", "POST", `${CINDER}/volumes`),
      update: req("cinder", "PUT", `${CINDER}/volumes/${UUID}`),
      "create-step": (fixtures) =>
        req("cinder", "POST", `${CINDER}/backups/${fixtures.cinderBackupId}/restore`)(),
      "create-wait": req("cinder", "GET", `${CINDER}/volumes/${except(CINDER_SEED.dataVolumeId, UUID)}`),
      read: req("cinder", "GET", `${CINDER}/volumes/${except(CINDER_SEED.dataVolumeId, UUID)}`),
      delete: req("cinder", "DELETE", `${CINDER}/volumes/${UUID}`),
      "delete-wait": req("cinder", "GET", `${CINDER}/volumes/${except(CINDER_SEED.dataVolumeId, UUID)}`),
    },
    auth: "keystone",
    // Each create makes a volume and restores into it: a second volume would be an orphan in the inventory.
    starts: (sim) => sim.cinder.counters.restores,
    deletes: (sim) => sim.cinder.counters.volumeDeletes,
    inventory: (sim) =>
      sim.cinder.state.volumes
        .filter((v) => !seededCinderVolumes.has(v.id))
        .map((v) => ({ id: v.id, deleting: v.status === "deleting" })),
    failNextCreate: (sim) =>
      sim.cinder.setBehaviour({ restoreOutcomes: [{ volumeStatus: "error_restoring" }] }),
    failureMessage: /the restore failed: volume [0-9a-f-]+ is error_restoring/,
  },
];

/**
 * Makes the stack's fixtures on `sim`: an available backup of Cinder's `data-1` (its backup job ends after the
 * simulator's `backupMs`, which must be `settleMs` or less: this waits that long for it).
 */
export async function makeFixtures(sim: Simulator, settleMs: number): Promise<FixtureIds> {
  const backup = sim.cinder.backUp(CINDER_SEED.dataVolumeId, { name: "fixture" });
  await new Promise((resolve) => setTimeout(resolve, settleMs + 50));
  const status = sim.cinder.getBackup(backup.id).status;
  if (status !== "available") throw new Error(`the fixture backup is ${status} after ${settleMs} ms`);
  return { cinderBackupId: backup.id };
}

/** Every declaration of a generation. */
export function declareAll(generation: number, fixtures: FixtureIds): DeclaredResource[] {
  return MATRIX_RESOURCES.map((resource) => resource.declare(generation, fixtures));
}
