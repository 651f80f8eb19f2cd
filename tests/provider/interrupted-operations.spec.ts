// Operations interrupted after the API accepted them, in-process against the simulator: the next attempt finds
// them still running (the simulator's clock is stopped) and must carry them on, not refuse or repeat them.
// - a create: the next `up` checks the inputs while the interrupted operation runs (the snapshot is restoring, the
//   volume backing up...): check must not refuse because of the resource's own operation, and create adopts it;
// - a delete: the next `destroy` finds the object being deleted already: it must wait for it to go, not fail.
// An interruption is a create or delete whose request was handled but whose answer never arrived (HTTP 500 sent
// after the handling), as when the provider host is killed right after the API accepted it.
import { expect } from "chai";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { providerFor } from "../../provider";
import {
  CINDER_SEED,
  ManualClock,
  POWERVC_SEED,
  startSimulator,
  TRILIO_SEED,
  WALDUR_SEED,
  type Simulator,
} from "../../simulator";

type Props = Record<string, unknown>;

/** Long enough never to end by itself: only advancing the clock ends an operation. */
const OPERATION_MS = 60_000;

describe("operations interrupted after the API accepted them (in-process, against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let clock: ManualClock;
  let suffix = 0;

  before(async () => {
    clock = new ManualClock(Date.now());
    sim = await startSimulator({
      clock,
      trilio: { restoreDurationMs: OPERATION_MS },
      // A restore into a new volume makes the volume first: it is there at once, so the restore is what waits.
      cinder: { backupMs: OPERATION_MS, restoreMs: OPERATION_MS, deleteMs: OPERATION_MS, volumeCreateMs: 0 },
      powervc: { snapshotMs: OPERATION_MS, deleteMs: OPERATION_MS },
      waldur: { snapshotCreateMs: OPERATION_MS, volumeCreateMs: OPERATION_MS, orderMs: OPERATION_MS },
    });
  });
  after(async () => sim.close());
  beforeEach(() => sim.reset());

  /** Inputs as the SDK class sends them. */
  function inputs(type: string, args: Props): Props {
    const name = `interrupted-${++suffix}`;
    const connection = type.startsWith("waldur.")
      ? { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token }
      : sim.connection(type.startsWith("powervc.") ? "powervc" : "default");
    return {
      __identity: { type, name, project: "test", stack: "dev" },
      __provider: "exports.handler = …",
      connection,
      ...args,
    };
  }

  /** The next request matching `method` and `path` is handled, but answered 500: its answer is lost. */
  function loseAnswer(method: string, path: RegExp): void {
    sim.faults.add({ method, path, status: 500, when: "after" });
  }

  /**
   * Runs `action` with time moving on: each answered request moves the clock past any operation, so what the
   * first request sees is still as the interruption left it, and every operation ends right after.
   */
  async function withTimeMoving<T>(action: () => Promise<T>): Promise<T> {
    const stop = sim.onRequest(() => clock.advance(OPERATION_MS));
    try {
      return await action();
    } finally {
      stop();
    }
  }

  /** Runs a create to its end. */
  function createAndFinish(type: string, props: Props): Promise<dynamic.CreateResult> {
    return withTimeMoving(() => providerFor(type).create(props));
  }

  /** A selective restore of the seeded web snapshot. */
  function webRestore(): Props {
    return inputs("trilio.Restore", {
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web1InstanceId, name: "web-1-copy" }],
    });
  }

  /** A finished backup of Cinder's `data-1`. */
  function backUpDataVolume(): Promise<dynamic.CreateResult> {
    return createAndFinish("cinder.Backup", inputs("cinder.Backup", { volumeId: CINDER_SEED.dataVolumeId }));
  }

  /** Check, then create, after a create interrupted while its operation runs. */
  async function resumeCreate(type: string, props: Props): Promise<dynamic.CreateResult> {
    const failed = await providerFor(type)
      .create(props)
      .catch((e: unknown) => e);
    expect(failed, "the interrupted create").to.be.instanceOf(Error);
    const check = await providerFor(type).check!({}, props);
    expect(check.failures, "check while the interrupted operation runs").to.deep.equal([]);
    return createAndFinish(type, props);
  }

  /** A delete interrupted after the API accepted it, then the next one, which must find it being deleted. */
  async function resumeDelete(type: string, created: dynamic.CreateResult, method: string, path: RegExp) {
    loseAnswer(method, path);
    const failed = await providerFor(type).delete!(created.id, created.outs).catch((e: unknown) => e);
    expect(failed, "the interrupted delete").to.be.instanceOf(Error);
    await withTimeMoving(() => providerFor(type).delete!(created.id, created.outs));
  }

  describe("a create: the next check does not refuse the resource's own operation, and create adopts it", () => {
    it("trilio.Restore: the snapshot is restoring", async () => {
      const props = webRestore();
      loseAnswer("POST", /\/snapshots\/[^/]+$/);
      const created = await resumeCreate("trilio.Restore", props);
      expect(sim.trilio.restoreStarts).to.equal(1);
      expect(created.id).to.equal(sim.trilio.state.restores[0].id);
    });

    it("trilio.Restore: a restore of the snapshot by anyone else is still a reason to refuse", async () => {
      const props = webRestore();
      loseAnswer("POST", /\/snapshots\/[^/]+$/);
      await providerFor("trilio.Restore")
        .create(props)
        .catch(() => undefined);
      const other = { ...props, __identity: { ...(props.__identity as Props), name: "another" } };
      const check = await providerFor("trilio.Restore").check!({}, other);
      expect(check.failures?.[0].reason).to.match(/is restoring \(a restore of it is running\)/);
    });

    it("cinder.Backup: the volume is backing-up", async () => {
      const props = inputs("cinder.Backup", { volumeId: CINDER_SEED.dataVolumeId });
      loseAnswer("POST", /\/backups$/);
      const created = await resumeCreate("cinder.Backup", props);
      expect(sim.cinder.counters.backupCreates).to.equal(1);
      expect(created.outs.status).to.equal("available");
    });

    it("cinder.BackupRestore into a new volume: the backup is restoring, the volume restoring-backup", async () => {
      const backup = await backUpDataVolume();
      const props = inputs("cinder.BackupRestore", { backupId: backup.id, newVolumeName: "restored" });
      loseAnswer("POST", /\/backups\/[^/]+\/restore$/);
      const created = await resumeCreate("cinder.BackupRestore", props);
      expect(sim.cinder.counters.restores).to.equal(1);
      expect(created.outs).to.include({ volumeName: "restored", volumeStatus: "available" });
    });
  });

  describe("answers lost one after the other", () => {
    it("cinder.Backup: two connections reset in a row, then the backup is made, once", async () => {
      sim.faults.add({ method: "POST", path: /\/backups$/, reset: true, times: 2 });
      const created = await backUpDataVolume();
      expect(sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/backups"))).to.have.length(
        3,
      );
      expect(sim.cinder.counters.backupCreates).to.equal(1);
      expect(created.outs.status).to.equal("available");
    });
  });

  describe("a delete: the next destroy waits for the object to go", () => {
    it("cinder.Backup: deleting", async () => {
      const created = await backUpDataVolume();
      await resumeDelete("cinder.Backup", created, "DELETE", /\/backups\/[^/]+$/);
      expect(sim.cinder.state.backups).to.deep.equal([]);
    });

    it("cinder.BackupRestore: the new volume is deleting", async () => {
      const backup = await backUpDataVolume();
      const props = inputs("cinder.BackupRestore", { backupId: backup.id, newVolumeName: "restored" });
      const created = await createAndFinish("cinder.BackupRestore", props);
      await resumeDelete("cinder.BackupRestore", created, "DELETE", /\/volumes\/[^/]+$/);
      expect(sim.cinder.state.volumes.map((v) => v.id)).to.not.include(created.id);
    });

    it("powervc.InstanceSnapshot: deleting", async () => {
      const props = inputs("powervc.InstanceSnapshot", { serverId: POWERVC_SEED.dbServerId });
      const created = await createAndFinish("powervc.InstanceSnapshot", props);
      await resumeDelete("powervc.InstanceSnapshot", created, "DELETE", /\/instance-snapshots\/[^/]+$/);
      expect(sim.powervc.state.instanceSnapshots.map((s) => s.id)).to.not.include(created.id);
    });

    it("waldur.Snapshot: deletion scheduled", async () => {
      const props = inputs("waldur.Snapshot", { volumeUuid: WALDUR_SEED.dbDataVolumeUuid });
      const created = await createAndFinish("waldur.Snapshot", props);
      await resumeDelete("waldur.Snapshot", created, "DELETE", /\/openstack-snapshots\/[^/]+\/$/);
      expect(sim.waldur.state.snapshots.map((s) => s.uuid)).to.not.include(created.id);
    });

    it("waldur.VolumeRestoration: a terminate order pending", async () => {
      const props = inputs("waldur.VolumeRestoration", {
        snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0],
        name: "restored",
      });
      const created = await createAndFinish("waldur.VolumeRestoration", props);
      await resumeDelete(
        "waldur.VolumeRestoration",
        created,
        "POST",
        /\/marketplace-resources\/[^/]+\/terminate\/$/,
      );
      expect(sim.waldur.terminations).to.equal(1);
      expect(sim.waldur.state.volumes.map((v) => v.uuid)).to.not.include(created.id);
    });
  });
});
