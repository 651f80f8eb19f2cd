/**
 * The crash scenarios, one per resource type that creates something: what the stack declares, which requests
 * are the worst moments to kill the provider host (the create accepted, a poll while waiting, the delete
 * accepted), and how to count what the API made (its counters) and what is left of it (its state).
 */
import {
  CINDER_SEED,
  POWERVC_SEED,
  TRILIO_SEED,
  WALDUR_LATE_2024,
  WALDUR_SEED,
  type RecordedRequest,
  type Simulator,
} from "../../simulator";
import type { DeclaredResource } from "../e2e/stack";
import { makeFixtures } from "./fault-resources";

/** Which requests a kill point fires on (the simulator's record of it, once answered). */
export type RequestMatch = (request: RecordedRequest) => boolean;

/** The two resources a scenario creates. */
type ScenarioResources = { first: DeclaredResource; second: DeclaredResource };

/** One resource type's crash scenario. */
export interface CrashScenario {
  /** The resource type, "trilio.Restore". */
  readonly type: string;
  /** What the scenario is called in the report, when a type has more than one ("… after its volume"). */
  readonly label?: string;
  /**
   * Sets the simulator up (operation durations, fixtures) and returns the two resources the scenario creates one
   * after the other: the first is interrupted right after its create was accepted, the second while waiting.
   */
  prepare(sim: Simulator): ScenarioResources | Promise<ScenarioResources>;
  /** The create request, accepted. */
  readonly accepted: RequestMatch;
  /** A poll of the operation while the provider waits for it. */
  readonly polled: RequestMatch;
  /** The delete request, accepted; absent when destroy changes nothing remotely. */
  readonly deleted?: RequestMatch;
  /** How many creates the API accepted, from its counters. */
  creates(sim: Simulator): number;
  /** The ids of the remote objects of the kind this type creates, as the API holds them now. */
  inventory(sim: Simulator): string[];
  /** Simulated time the operation takes: moving the clock by it finishes an interrupted one. */
  readonly durationMs: number;
  /**
   * Whether the create interrupted while waiting may finish before the next `up`. False where the provider can
   * only adopt a running operation (powervc.InstanceRestore follows the snapshot's running restore task; a
   * finished restore leaves no trace of who started it).
   */
  readonly finishBeforeResume: boolean;
  /** What "adopted" looks like in the provider's log. */
  readonly adoptionLog: RegExp;
  /**
   * Where the API keeps no mark of who started an operation (a PowerVC restore), the next `up` refuses to take
   * it over by itself and says how to: this gives the declaration that adopts it, from the refusal's text.
   */
  adoptByName?(declared: DeclaredResource, refusal: string): DeclaredResource;
}

/** Long enough that nothing an interrupted run started ends by itself while the clock runs between phases. */
const DURATION_MS = 2000;
/** PowerVC's Keystone project (the rest of the login comes from OS_*). */
const POWERVC = { projectName: "powervc", projectDomainName: "Default" };

function matches(
  service: string,
  method: string,
  path: RegExp,
  statuses: readonly number[],
  body?: (body: unknown) => boolean,
): RequestMatch {
  return (r) =>
    r.service === service &&
    r.method === method &&
    path.test(r.path) &&
    statuses.includes(r.status) &&
    (body === undefined || body(r.body));
}

const hasKey = (key: string) => (body: unknown) => typeof body === "object" && body !== null && key in body;
const ids = <T extends { id: string }>(items: readonly T[]) => items.map((item) => item.id);
const uuids = <T extends { uuid: string }>(items: readonly T[]) => items.map((item) => item.uuid);

/** The scenarios, in the order of the README. */
export const CRASH_SCENARIOS: readonly CrashScenario[] = [
  {
    type: "trilio.Restore",
    prepare(sim) {
      sim.trilio.setBehaviour({ restoreDurationMs: DURATION_MS });
      const restore = (name: string): DeclaredResource => ({
        type: "trilio.Restore",
        name,
        args: {
          snapshotId: TRILIO_SEED.webSnapshotId,
          restoreType: "selective",
          instances: [{ id: TRILIO_SEED.web1InstanceId, name: `${name}-web-1` }],
        },
      });
      return { first: restore("restore-a"), second: restore("restore-b") };
    },
    accepted: matches("trilio", "POST", /\/snapshots\/[^/]+$/, [202]),
    polled: matches("trilio", "GET", /\/restores\/[^/]+$/, [200]),
    deleted: matches("trilio", "DELETE", /\/restores\/[^/]+$/, [200, 202, 204]),
    creates: (sim) => sim.trilio.restoreStarts,
    inventory: (sim) => ids(sim.trilio.state.restores),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting restore [0-9a-f-]+ .*started by an earlier attempt that was interrupted/,
  },
  {
    type: "waldur.Snapshot",
    prepare(sim) {
      sim.waldur.setBehaviour({
        ...WALDUR_LATE_2024,
        snapshotCreateMs: DURATION_MS,
        updateMs: 500,
        deleteMs: DURATION_MS,
      });
      const snapshot = (name: string): DeclaredResource => ({
        type: "waldur.Snapshot",
        name,
        args: { volumeUuid: WALDUR_SEED.dbDataVolumeUuid, name, retention: { days: 7 } },
      });
      return { first: snapshot("snapshot-a"), second: snapshot("snapshot-b") };
    },
    accepted: matches("waldur", "POST", /\/openstack-volumes\/[^/]+\/snapshot\/$/, [201]),
    polled: matches("waldur", "GET", /\/openstack-snapshots\/[^/]+\/$/, [200]),
    deleted: matches("waldur", "DELETE", /\/openstack-snapshots\/[^/]+\/$/, [202, 204]),
    creates: (sim) => sim.waldur.snapshotCreates,
    inventory: (sim) => uuids(sim.waldur.state.snapshots),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting snapshot [0-9a-f]+ .*started by an earlier attempt that was interrupted/,
  },
  {
    type: "waldur.VolumeRestoration",
    prepare(sim) {
      // As a late-2024 server answers: its restoration records carry no description, so no marker.
      sim.waldur.setBehaviour({
        ...WALDUR_LATE_2024,
        volumeCreateMs: DURATION_MS,
        orderMs: DURATION_MS,
        deleteMs: DURATION_MS,
      });
      const restoration = (name: string): DeclaredResource => ({
        type: "waldur.VolumeRestoration",
        name,
        args: { snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0], name: `${name}-volume` },
      });
      return { first: restoration("restoration-a"), second: restoration("restoration-b") };
    },
    accepted: matches("waldur", "POST", /\/openstack-snapshots\/[^/]+\/restore\/$/, [201]),
    polled: matches("waldur", "GET", /\/openstack-volumes\/[^/]+\/$/, [200]),
    deleted: matches("waldur", "POST", /\/marketplace-resources\/[^/]+\/terminate\/$/, [200, 201, 202]),
    creates: (sim) => sim.waldur.restores,
    inventory: (sim) => uuids(sim.waldur.state.volumes),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting volume [0-9a-f]+ .*started by an earlier attempt that was interrupted/,
  },
  {
    type: "powervc.InstanceSnapshot",
    prepare(sim) {
      sim.powervc.setBehaviour({ snapshotMs: DURATION_MS, deleteMs: DURATION_MS });
      const snapshot = (name: string): DeclaredResource => ({
        type: "powervc.InstanceSnapshot",
        name,
        args: { serverId: POWERVC_SEED.dbServerId, connection: POWERVC },
      });
      return { first: snapshot("snapshot-a"), second: snapshot("snapshot-b") };
    },
    accepted: matches(
      "powervc-compute",
      "POST",
      /\/servers\/[^/]+\/action$/,
      [200, 202],
      hasKey("vm-snapshot"),
    ),
    polled: (r) => r.service === "powervc-volume" && r.method === "GET" && r.query.action === "snapshot",
    deleted: matches("powervc-volume", "DELETE", /\/instance-snapshots\/[^/]+$/, [200, 202, 204]),
    creates: (sim) => sim.powervc.counters.snapshotActions,
    inventory: (sim) => ids(sim.powervc.state.instanceSnapshots),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting instance snapshot [0-9a-f-]+ .*started by an earlier attempt that was interrupted/,
  },
  {
    type: "powervc.InstanceRestore",
    prepare(sim) {
      sim.powervc.setBehaviour({ restoreMs: DURATION_MS });
      const restore = (name: string, triggers: Record<string, string>): DeclaredResource => ({
        type: "powervc.InstanceRestore",
        name,
        args: {
          serverId: POWERVC_SEED.appServerId,
          instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
          confirmOverwrite: true,
          triggers,
          connection: POWERVC,
        },
      });
      return { first: restore("restore-a", { drill: "a" }), second: restore("restore-b", { drill: "b" }) };
    },
    accepted: matches("powervc-compute", "POST", /\/servers\/[^/]+\/action$/, [202], hasKey("vm-restore")),
    polled: (r) => r.service === "powervc-volume" && r.method === "GET" && r.query.action === "restore",
    creates: (sim) => sim.powervc.counters.restoreActions,
    // A restore creates no object: what it leaves is the snapshot's restore tasks.
    inventory: (sim) => ids(sim.powervc.state.tasks.filter((task) => task.action === "restore")),
    durationMs: DURATION_MS,
    finishBeforeResume: false,
    adoptionLog: /adopting restore task [0-9a-f-]+ of instance snapshot/,
    adoptByName(declared, refusal) {
      const task = /set adoptTaskId: "([^"]+)"/.exec(refusal)?.[1];
      if (!task) throw new Error(`the refusal does not name the task to adopt: ${refusal}`);
      return { ...declared, args: { ...declared.args, adoptTaskId: task } };
    },
  },
  {
    type: "cinder.Backup",
    prepare(sim) {
      sim.cinder.setBehaviour({ backupMs: DURATION_MS, deleteMs: DURATION_MS });
      const backup = (name: string): DeclaredResource => ({
        type: "cinder.Backup",
        name,
        args: { volumeId: CINDER_SEED.dataVolumeId, description: "nightly" },
      });
      return { first: backup("backup-a"), second: backup("backup-b") };
    },
    accepted: matches("cinder", "POST", /\/backups$/, [202]),
    polled: matches("cinder", "GET", /\/backups\/[^/]+$/, [200]),
    deleted: matches("cinder", "DELETE", /\/backups\/[^/]+$/, [202]),
    creates: (sim) => sim.cinder.counters.backupCreates,
    inventory: (sim) => ids(sim.cinder.state.backups),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting backup [0-9a-f-]+ .*started by an earlier attempt that was interrupted/,
  },
  backupRestoreScenario(
    "cinder.BackupRestore, killed after the restore",
    matches("cinder", "POST", /\/backups\/[^/]+\/restore$/, [202]),
    (sim) => sim.cinder.counters.restores,
  ),
  backupRestoreScenario(
    "cinder.BackupRestore, killed after its volume was created",
    matches("cinder", "POST", /\/volumes$/, [202]),
    (sim) => sim.cinder.counters.volumeCreates,
  ),
];

/**
 * cinder.BackupRestore into a new volume, which makes the volume and then restores into it: killed when the API
 * accepted `accepted` (one of the two), whose count `creates` reads.
 */
function backupRestoreScenario(
  label: string,
  accepted: RequestMatch,
  creates: (sim: Simulator) => number,
): CrashScenario {
  return {
    type: "cinder.BackupRestore",
    label,
    prepare: prepareBackupRestore,
    accepted,
    polled: matches("cinder", "GET", /\/volumes\/[^/]+$/, [200]),
    deleted: matches("cinder", "DELETE", /\/volumes\/[^/]+$/, [202]),
    creates,
    inventory: (sim) => ids(sim.cinder.state.volumes),
    durationMs: DURATION_MS,
    finishBeforeResume: true,
    adoptionLog: /adopting volume [0-9a-f-]+ \(.*\), started by an earlier attempt that was interrupted/,
  };
}

/** A backup to restore (a fixture, made and finished before the scenario counts anything), restored twice. */
async function prepareBackupRestore(sim: Simulator): Promise<ScenarioResources> {
  sim.cinder.setBehaviour({ backupMs: 100 });
  const source = await makeFixtures(sim, 100);
  sim.cinder.setBehaviour({ restoreMs: DURATION_MS, volumeCreateMs: DURATION_MS, deleteMs: DURATION_MS });
  const restore = (name: string): DeclaredResource => ({
    type: "cinder.BackupRestore",
    name,
    args: { backupId: source.cinderBackupId, newVolumeName: `${name}-volume` },
  });
  return { first: restore("restore-a"), second: restore("restore-b") };
}
