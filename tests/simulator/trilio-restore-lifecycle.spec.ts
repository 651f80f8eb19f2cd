import { expect } from "chai";
import { ManualClock, type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { type FaultJson, login, ONE_CLICK, type RestoreJson, SELECTIVE_WEB_1, TrilioClient } from "./helpers";

describe("simulator: Trilio restore lifecycle", () => {
  const duration = 10_000;
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, trilio: { restoreDurationMs: duration, cancelDurationMs: 1_000 } });
    trilio = new TrilioClient(sim, await login(sim));
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("goes restoring, starting, executing, available as the clock moves, progress growing", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    expect(started.status).to.equal("restoring");
    expect(started.progress_percent).to.equal(0);
    const seen: RestoreJson[] = [];
    for (let step = 0; step < 12; step += 1) {
      seen.push(await trilio.restore(started.id));
      clock.advance(duration / 10);
    }
    const statuses = seen.map((restore) => restore.status).filter((s, i, all) => all[i - 1] !== s);
    expect(statuses).to.deep.equal(["restoring", "starting", "executing", "available"]);
    const percents = seen.map((restore) => restore.progress_percent);
    expect(percents).to.deep.equal([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).to.equal(100);
    expect(seen.slice(0, -2).every((restore) => restore.progress_percent < 100)).to.equal(true);
    expect(seen.some((restore) => /^Restoring instance web-\d$/.test(restore.progress_msg ?? ""))).to.equal(
      true,
    );
    const done = seen.at(-1) as RestoreJson;
    expect(done.progress_msg).to.equal("Restore from snapshot is complete");
    expect(done.error_msg).to.equal(null);
    expect(done.finished_at).to.equal("2026-11-22T10:00:10.000000");
    expect(done.time_taken).to.equal(10);
    expect(done.size).to.be.greaterThan(0);
    expect(done.uploaded_size).to.equal(done.size);
    expect(done.metadata.map((record) => record.key)).to.include("restore_user_selected_value");
  });

  it("creates restored instances with new ids that name the originals in metadata", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    clock.advance(duration);
    const done = await trilio.restore(started.id);
    expect(done.workload_id).to.equal(TRILIO_SEED.webWorkloadId);
    expect(done.instances?.map((instance) => instance.name)).to.deep.equal(["web-1", "web-2"]);
    expect(done.instances?.map((instance) => instance.metadata.instance_id)).to.deep.equal([
      TRILIO_SEED.web1InstanceId,
      TRILIO_SEED.web2InstanceId,
    ]);
    expect(done.instances?.map((instance) => instance.id)).to.not.include(TRILIO_SEED.web1InstanceId);
    expect(sim.trilio.state.restoredInstances).to.have.length(2);
  });

  it("locks the snapshot and the workload while a restore runs and refuses a second restore", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    expect((await trilio.snapshot(TRILIO_SEED.webSnapshotId)).status).to.equal("restoring");
    expect((await trilio.workload(TRILIO_SEED.webWorkloadId)).status).to.equal("locked");
    const again = await trilio.startRestore(TRILIO_SEED.webFullSnapshotId, ONE_CLICK);
    expect(again.status).to.equal(400);
    expect((again.body as unknown as FaultJson).badRequest?.message).to.match(/Workload .* is locked/);
    // another workload is not affected
    expect((await trilio.startRestore(TRILIO_SEED.dbSnapshotId, ONE_CLICK)).status).to.equal(202);
    clock.advance(duration);
    expect((await trilio.restore(started.id)).status).to.equal("available");
    expect((await trilio.snapshot(TRILIO_SEED.webSnapshotId)).status).to.equal("available");
    expect((await trilio.workload(TRILIO_SEED.webWorkloadId)).status).to.equal("available");
    expect((await trilio.startRestore(TRILIO_SEED.webFullSnapshotId, ONE_CLICK)).status).to.equal(202);
    expect(sim.trilio.restoreStarts).to.equal(3);
  });

  it("cancels right after the POST: cancelling, then cancelled with progress 100; cancel again is a no-op", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    const cancel = await trilio.get(`/restores/${started.id}/cancel`);
    expect(cancel.status).to.equal(200);
    expect(cancel.text).to.equal("");
    expect((await trilio.restore(started.id)).status).to.equal("cancelling");
    expect((await trilio.workload(TRILIO_SEED.webWorkloadId)).status).to.equal("locked");
    clock.advance(1_000);
    const cancelled = await trilio.restore(started.id);
    expect(cancelled.status).to.equal("cancelled");
    expect(cancelled.progress_percent).to.equal(100);
    expect(cancelled.instances).to.deep.equal([]);
    expect((await trilio.workload(TRILIO_SEED.webWorkloadId)).status).to.equal("available");
    expect((await trilio.get(`/restores/${started.id}/cancel`)).status).to.equal(200);
    expect((await trilio.restore(started.id)).status).to.equal("cancelled");
  });

  it("refuses to delete a running restore, then deletes the finished record only", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId, SELECTIVE_WEB_1);
    const refused = await trilio.request<FaultJson>("DELETE", `/restores/${started.id}`);
    expect(refused.status).to.equal(400);
    expect(refused.body.badRequest?.code).to.equal(400);
    clock.advance(duration);
    const deleted = await trilio.request("DELETE", `/restores/${started.id}`);
    expect(deleted.status).to.equal(200);
    expect(deleted.text).to.equal("");
    expect((await trilio.get(`/restores/${started.id}`)).status).to.equal(404);
    expect(sim.trilio.state.restoredInstances.map((instance) => instance.name)).to.deep.equal(["web-1-copy"]);
  });

  it("fails a one-click restore asynchronously when the original VMs still exist", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId);
    expect(started.status).to.equal("restoring");
    clock.advance(duration);
    const failed = await trilio.restore(started.id);
    expect(failed.status).to.equal("error");
    expect(failed.progress_percent).to.equal(100);
    expect(failed.error_msg).to.equal(
      `Failed restoring snapshot: Error creating instance ${TRILIO_SEED.db1InstanceId}: instance with the same id already exists`,
    );
    expect((await trilio.snapshot(TRILIO_SEED.dbSnapshotId)).status).to.equal("available");
    // a selective restore of the same workload works
    const selective = {
      type: "openstack",
      restore_type: "selective",
      openstack: { instances: [{ id: TRILIO_SEED.db1InstanceId, include: true, name: "db-1-restored" }] },
    };
    const second = await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId, selective);
    clock.advance(duration);
    expect((await trilio.restore(second.id)).status).to.equal("available");
  });

  it("consumes the outcomes queue in order, then succeeds by default", async () => {
    sim.trilio.setBehaviour({
      outcomes: [{ status: "error", message: "Boom" }, "available", { status: "error" }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      ids.push((await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId)).id);
      clock.advance(duration);
    }
    const finals = await Promise.all(ids.map((id) => trilio.restore(id)));
    expect(finals.map((restore) => restore.status)).to.deep.equal([
      "error",
      "available",
      "error",
      "available",
    ]);
    expect(finals[0]?.error_msg).to.equal("Boom");
    expect(finals[2]?.error_msg).to.be.a("string").and.not.equal("");
    expect(finals.every((restore) => restore.progress_percent === 100)).to.equal(true);
    expect(sim.trilio.behaviour.outcomes).to.deep.equal([]);
  });

  it("lists restores, filtered by snapshot_id", async () => {
    await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId);
    for (const path of ["/restores", "/restores/detail"]) {
      const all = await trilio.get<{ restores: RestoreJson[] }>(path);
      expect(all.body.restores).to.have.length(2);
    }
    const filtered = await trilio.get<{ restores: RestoreJson[] }>(
      `/restores/detail?snapshot_id=${TRILIO_SEED.dbSnapshotId}`,
    );
    expect(filtered.body.restores.map((restore) => restore.snapshot_id)).to.deep.equal([
      TRILIO_SEED.dbSnapshotId,
    ]);
  });

  it("restores in place: the original instance ids come back", async () => {
    const inplace = {
      type: "openstack",
      restore_type: "inplace",
      oneclickrestore: false,
      openstack: { instances: [{ id: TRILIO_SEED.db1InstanceId, include: true, restore_boot_disk: true }] },
    };
    const started = await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId, inplace);
    clock.advance(duration);
    const done = await trilio.restore(started.id);
    expect(done.status).to.equal("available");
    expect(done.instances?.map((instance) => instance.id)).to.deep.equal([TRILIO_SEED.db1InstanceId]);
  });

  it("expands a one-click restore's options from the snapshot once it has started", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId, {
      type: "openstack",
      openstack: {},
      restore_type: "oneclick",
    });
    expect(started.restore_options).to.deep.equal({
      type: "openstack",
      openstack: {},
      restore_type: "oneclick",
    });
    clock.advance(duration);
    const done = await trilio.restore(started.id);
    const openstack = done.restore_options.openstack as { instances: { id: string }[] };
    expect(openstack.instances.map((instance) => instance.id)).to.deep.equal([
      TRILIO_SEED.web1InstanceId,
      TRILIO_SEED.web2InstanceId,
    ]);
  });
});
