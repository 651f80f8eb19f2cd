import { expect } from "chai";
import { POWERVC_SEED } from "../../simulator";
import { type FaultJson } from "./helpers";
import { usePowerVCSimulator } from "./powervc-client";

const SNAPSHOT = POWERVC_SEED.instanceSnapshotId;
const APP = POWERVC_SEED.appServerId;
const RESTORE_TASK = "powervc_cinder.volume.tasks.snapshots.RestoreSnapshot";
const FAIL_DATA_VOLUME = { failure: "restore-error", failedVolumes: [POWERVC_SEED.appDataVolumeId] } as const;

describe("simulator: PowerVC restores, retries and rollbacks", () => {
  const f = usePowerVCSimulator();
  const action = (uri: string) => new URL(uri).searchParams.get("action");

  /** Restores the seeded snapshot with the next queued outcome and lets it end. */
  async function restoreToEnd(): Promise<string> {
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, force: true });
    f.clock.advance(3_000);
    return uri;
  }

  it("restores: restoring, temp_snapshots taken first, then available", async () => {
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, force: true });
    expect(action(uri)).to.equal("restore");
    const restoring = await f.pvc.snapshot(SNAPSHOT);
    expect(restoring).to.deep.include({ status: "restoring", temp_snapshots: null, failed_snapshots: null });
    expect(restoring.task_uri).to.equal(uri);
    f.clock.advance(750); // the first of the flow's four steps
    const copied = await f.pvc.snapshot(SNAPSHOT);
    expect(copied.status).to.equal("restoring");
    const temp = copied.temp_snapshots ?? {};
    expect(Object.keys(temp)).to.deep.equal(Object.keys(copied.snapshots));
    expect(Object.values(temp)).to.not.include.members(Object.values(copied.snapshots));
    expect((await f.pvc.progress(uri)).body.details.completed_tasks).to.deep.equal({
      creating_temp_snapshots: "SUCCESS",
    });
    f.clock.advance(2_250);
    const done = await f.pvc.snapshot(SNAPSHOT);
    expect(done).to.deep.include({ status: "available", temp_snapshots: temp, failed_snapshots: null });
    const details = (await f.pvc.progress(uri)).body.details;
    expect(details).to.deep.include({ progress: 100, pending_tasks: {} });
    expect(details.flow_details).to.deep.equal({ InstRestoreFlow: "SUCCESS" });
    const kinds = f.sim.powervc.state.volumeSnapshots.map((snapshot) => snapshot.kind);
    expect(kinds.sort()).to.deep.equal(["snapshot", "snapshot", "temp", "temp"]);
    expect(f.sim.powervc.counters.restoreActions).to.equal(1);
  });

  it("ends an injected failure in restore-error with failed_snapshots and a FAILURE flow naming the task", async () => {
    f.sim.powervc.setBehaviour({ restoreOutcomes: [FAIL_DATA_VOLUME] });
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    f.clock.advance(2_500);
    const running = (await f.pvc.progress(uri)).body.details;
    expect(running.pending_tasks[RESTORE_TASK]).to.equal("RUNNING");
    expect(running.flow_details).to.deep.equal({ InstRestoreFlow: "RUNNING" });
    f.clock.advance(500);
    const failed = await f.pvc.snapshot(SNAPSHOT);
    expect(failed.status).to.equal("restore-error");
    expect(failed.failed_snapshots).to.deep.equal({
      [POWERVC_SEED.appDataVolumeId]: POWERVC_SEED.appDataSnapshotId,
    });
    expect(failed.temp_snapshots).to.not.equal(null);
    const details = (await f.pvc.progress(uri)).body.details;
    expect(details).to.deep.include({ progress: 100, pending_tasks: {} });
    expect(details.flow_details).to.deep.equal({ InstRestoreFlow: "FAILURE" });
    expect(details.completed_tasks).to.deep.equal({
      creating_temp_snapshots: "SUCCESS",
      [RESTORE_TASK]: "FAILURE",
    });
  });

  it("accepts retry and rollback only in restore-error, and a plain restore only when available", async () => {
    for (const flag of ["retry", "rollback"]) {
      const refused = await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, [flag]: true });
      expect(refused.status, flag).to.equal(400);
      expect((refused.body as unknown as FaultJson).badRequest?.message).to.contain("restore-error");
    }
    f.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    for (const flag of ["retry", "rollback", "force"]) {
      expect(
        (await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, [flag]: true })).status,
        flag,
      ).to.equal(400);
    }
    f.clock.advance(3_000);
    expect((await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT })).status).to.equal(400);
    const both = await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, retry: true, rollback: true });
    expect(both.status).to.equal(400);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("restore-error");
    expect(f.sim.powervc.counters.retries + f.sim.powervc.counters.rollbacks).to.equal(0);
  });

  it("retries a failed restore on its failed volumes, with the next outcome of the queue", async () => {
    f.sim.powervc.setBehaviour({ restoreOutcomes: [FAIL_DATA_VOLUME, "success"] });
    await restoreToEnd();
    const temp = (await f.pvc.snapshot(SNAPSHOT)).temp_snapshots;
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, retry: true, force: true });
    expect(action(uri)).to.equal("restore-retry");
    expect(await f.pvc.snapshot(SNAPSHOT)).to.deep.include({ status: "restoring", failed_snapshots: null });
    expect(await f.pvc.copyDetails(POWERVC_SEED.appDataVolumeId)).to.have.length(1);
    expect(await f.pvc.copyDetails(POWERVC_SEED.appBootVolumeId)).to.deep.equal([]);
    f.clock.advance(3_000);
    const done = await f.pvc.snapshot(SNAPSHOT);
    expect(done).to.deep.include({ status: "available", failed_snapshots: null, temp_snapshots: temp });
    expect((await f.pvc.progress(uri)).body.details.flow_details).to.deep.equal({
      InstRestoreRetryFlow: "SUCCESS",
    });
    expect(f.sim.powervc.counters.retries).to.equal(1);
  });

  it("rolls back from temp_snapshots and ends available; a rollback can fail too", async () => {
    f.sim.powervc.setBehaviour({
      restoreOutcomes: [FAIL_DATA_VOLUME],
      rollbackOutcomes: [{ failure: "restore-error" }, "success"],
    });
    await restoreToEnd();
    const temp = (await f.pvc.snapshot(SNAPSHOT)).temp_snapshots;
    const first = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, rollback: true });
    expect(action(first)).to.equal("restore-rollback");
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("restoring");
    f.clock.advance(2_000);
    const failed = await f.pvc.snapshot(SNAPSHOT);
    expect(failed.status).to.equal("restore-error");
    expect(failed.failed_snapshots).to.deep.equal(temp);
    expect((await f.pvc.progress(first)).body.details.flow_details).to.deep.equal({
      InstRestoreRollbackFlow: "FAILURE",
    });
    const second = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, rollback: "True" });
    f.clock.advance(2_000);
    expect(await f.pvc.snapshot(SNAPSHOT)).to.deep.include({
      status: "available",
      failed_snapshots: null,
      temp_snapshots: temp,
    });
    expect((await f.pvc.progress(second)).body.details.flow_details).to.deep.equal({
      InstRestoreRollbackFlow: "SUCCESS",
    });
    expect(f.sim.powervc.counters.rollbacks).to.equal(2);
  });

  it("refuses to restore a snapshot onto another server, and answers 404 for unknown ones", async () => {
    const other = await f.pvc.restore(POWERVC_SEED.dbServerId, { instance_snapshot_id: SNAPSHOT });
    expect(other.status).to.equal(400);
    expect((other.body as unknown as FaultJson).badRequest?.message).to.contain(APP);
    expect((await f.pvc.restore(APP, { instance_snapshot_id: "nope" })).status).to.equal(404);
    expect((await f.pvc.restore("nope", { instance_snapshot_id: SNAPSHOT })).status).to.equal(404);
    expect((await f.pvc.restore(APP, {})).status).to.equal(400);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("available");
  });

  it("takes force as a JSON boolean or the strings True/False, and nothing else", async () => {
    for (const force of ["True", "False", false]) {
      f.sim.reset();
      expect(
        (await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, force })).status,
        String(force),
      ).to.equal(202);
    }
    f.sim.reset();
    for (const force of ["yes", 1]) {
      expect(
        (await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, force })).status,
        String(force),
      ).to.equal(400);
    }
    expect(f.sim.powervc.state.tasks.filter((task) => task.action === "restore")).to.deep.equal([]);
  });

  it("shows FlashCopy mappings while a snapshot or a restore copies a volume, with progress growing", async () => {
    const volume = POWERVC_SEED.dbBootVolumeId;
    expect(await f.pvc.copyDetails(volume)).to.deep.equal([]);
    await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId, undefined, "db-snap");
    const [mapping] = await f.pvc.copyDetails(volume);
    expect(mapping).to.deep.include({
      status: "copying",
      progress: "0",
      restoring: "no",
      restore_progress: null,
    });
    expect(mapping?.name).to.match(/^fcmap\d+$/);
    expect(mapping?.source_vdisk_name).to.equal(`volume-aix-db-boot-${volume.slice(0, 13)}`);
    expect(mapping?.target_vdisk_name).to.match(/^snapshot-db-snap-aix-db-boot-[0-9a-f]{8}$/);
    f.clock.advance(1_000);
    expect((await f.pvc.copyDetails(volume))[0]?.progress).to.equal("50");
    f.clock.advance(1_000);
    expect(await f.pvc.copyDetails(volume)).to.deep.equal([]);
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    f.clock.advance(1_500);
    const [restoring] = await f.pvc.copyDetails(POWERVC_SEED.appBootVolumeId);
    expect(restoring).to.deep.include({ restoring: "yes", restore_progress: 50, progress: "50" });
    expect(restoring?.target_vdisk_name).to.contain(POWERVC_SEED.appBootSnapshotId.slice(0, 8));
    const url = `${f.pvc.volume}/volumes/${volume}/action`;
    expect((await f.pvc.request("POST", url, { "os-extend": { new_size: 30 } })).status).to.equal(400);
    expect((await f.pvc.request("POST", url, { "copy-progress": { details: "maybe" } })).status).to.equal(
      400,
    );
    const unknown = await f.pvc.request("POST", `${f.pvc.volume}/volumes/nope/action`, {
      "copy-progress": {},
    });
    expect(unknown.status).to.equal(404);
  });
});
