import { expect } from "chai";
import { ManualClock, type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { call, type FaultJson, login, type RestoreJson, SELECTIVE_WEB_1, TrilioClient } from "./helpers";

describe("simulator: Trilio housekeeping of restore records", () => {
  const duration = 3_000;
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;
  const listed = async (path: string) =>
    (await trilio.get<{ restores: RestoreJson[] }>(path)).body.restores.map((restore) => restore.id);

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock });
    trilio = new TrilioClient(sim, await login(sim));
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("forgets a finished restore: 404 afterwards, in no list, its restored VMs kept", async () => {
    const forgotten = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId, SELECTIVE_WEB_1);
    clock.advance(duration);
    const kept = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId, SELECTIVE_WEB_1);
    clock.advance(duration);
    const restoredVm = (await trilio.restore(forgotten.id)).instances?.[0]?.id;
    sim.trilio.forgetRestore(forgotten.id);
    const gone = await trilio.get<FaultJson>(`/restores/${forgotten.id}`);
    expect(gone.status).to.equal(404);
    expect(gone.body).to.deep.equal({
      itemNotFound: { code: 404, message: `Restore ${forgotten.id} could not be found.` },
    });
    for (const path of [
      "/restores",
      "/restores/detail",
      `/restores/detail?snapshot_id=${TRILIO_SEED.webSnapshotId}`,
    ]) {
      expect(await listed(path), path).to.deep.equal([kept.id]);
    }
    expect(sim.trilio.state.restores.map((restore) => restore.id)).to.deep.equal([kept.id]);
    expect(sim.trilio.state.restoredInstances.map((instance) => instance.id)).to.include(restoredVm);
    // the API's cancel and delete of the forgotten restore now answer 404 too
    expect((await trilio.get(`/restores/${forgotten.id}/cancel`)).status).to.equal(404);
    expect((await trilio.request("DELETE", `/restores/${forgotten.id}`)).status).to.equal(404);
  });

  it("forgets failed and cancelled restores too", async () => {
    const failed = await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId); // original VM exists: error
    clock.advance(duration);
    expect((await trilio.restore(failed.id)).status).to.equal("error");
    sim.trilio.forgetRestore(failed.id);
    const cancelled = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    await trilio.get(`/restores/${cancelled.id}/cancel`);
    clock.advance(duration);
    sim.trilio.forgetRestore(cancelled.id);
    expect(await listed("/restores")).to.deep.equal([]);
  });

  it("refuses to forget an unfinished or unknown restore (RangeError), changing nothing", async () => {
    const running = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    expect(() => sim.trilio.forgetRestore(running.id)).to.throw(
      RangeError,
      `restore ${running.id} is restoring: only a finished restore's record is forgotten`,
    );
    await trilio.get(`/restores/${running.id}/cancel`);
    expect(() => sim.trilio.forgetRestore(running.id)).to.throw(RangeError, "is cancelling");
    expect(() => sim.trilio.forgetRestore("nope")).to.throw(RangeError, "no restore nope");
    expect(await listed("/restores")).to.deep.equal([running.id]);
  });

  it("forgets through the admin API: DELETE /__admin/trilio/restores/{id}, 400 for an unfinished one", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    const url = `${sim.url}/__admin/trilio/restores/${started.id}`;
    const refused = await call<{ error: { code: number; message: string } }>(url, { method: "DELETE" });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.message).to.contain("only a finished restore's record is forgotten");
    clock.advance(duration);
    expect((await call(url, { method: "DELETE" })).status).to.equal(200);
    expect((await trilio.get(`/restores/${started.id}`)).status).to.equal(404);
    expect((await call(url, { method: "DELETE" })).status).to.equal(400);
  });
});
