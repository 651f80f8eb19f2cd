import { expect } from "chai";
import { startSimulator, WALDUR_SEED } from "../../simulator";
import { banner } from "../../simulator/main";
import { call } from "./helpers";
import { type WaldurSnapshotJson, useWaldurSimulator } from "./waldur-client";

describe("simulator: Waldur kept_until expiry, in-process helpers and admin API", () => {
  const minute = 60_000;
  const interval = 5 * minute;
  const t = useWaldurSimulator();
  const listed = async () =>
    (await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/?page_size=300")).body.map((s) => s.name);
  const admin = <T>(path: string, method = "GET", body?: unknown) =>
    call<T>(`${t.sim.url}/__admin${path}`, { method, body });
  const keep = (name: string, keptUntil: string | null) =>
    t.sim.waldur.addSnapshot({ sourceVolume: WALDUR_SEED.dbDataVolumeUuid, name, keptUntil });

  it("drops snapshots past kept_until when the job runs, every expiryIntervalMs, not before", async () => {
    const soon = keep("soon", new Date(t.clock.now() + minute).toISOString());
    keep("forever", null);
    t.clock.advance(2 * minute); // past kept_until, but the job has not run since
    expect(await listed()).to.include("soon");
    t.clock.advance(interval - 2 * minute - 1);
    expect(await listed()).to.include("soon");
    t.clock.advance(1); // the job's first run
    expect(await listed()).to.not.include("soon");
    expect(await listed()).to.include("forever");
    expect((await t.waldur.get(`openstack-snapshots/${soon.uuid}/`)).status).to.equal(404);
  });

  it("runs on the job's schedule whatever the request times, and picks up out-of-band edits", async () => {
    const [first = "", second = ""] = WALDUR_SEED.scheduleSnapshotUuids;
    t.clock.advance(interval + 2 * minute); // one run at +5 min
    await listed();
    t.sim.waldur.setKeptUntil(first, new Date(t.clock.now() - 1).toISOString());
    const patched = await t.waldur.request("PATCH", `openstack-snapshots/${second}/`, {
      kept_until: new Date(t.clock.now() - minute).toISOString(),
    });
    expect(patched.status).to.equal(200);
    t.clock.advance(3 * minute - 1); // just before the run at +10 min
    expect(await listed()).to.include.members(["db-data-schedule-1", "db-data-schedule-2"]);
    t.clock.advance(1);
    expect(await listed()).to.deep.equal(["db-data-schedule-3"]);
    expect(() => t.sim.waldur.setKeptUntil(first, "2026-01-01")).to.throw(RangeError);
  });

  it("lets the seeded schedule snapshots expire after their retention", async () => {
    t.sim.waldur.setBehaviour({ tokenIdleTimeoutMs: Infinity });
    t.clock.advance(4 * 24 * 60 * minute + interval);
    expect(await listed()).to.deep.equal(["db-data-schedule-2", "db-data-schedule-3"]);
    t.clock.advance(3 * 24 * 60 * minute);
    expect(await listed()).to.deep.equal([]);
    t.sim.reset();
    t.sim.waldur.setBehaviour({ expiryIntervalMs: Infinity, tokenIdleTimeoutMs: Infinity }); // never runs
    t.clock.advance(30 * 24 * 60 * minute);
    expect(await listed()).to.have.length(3);
  });

  it("adds volumes and snapshots in process, with or without a marketplace resource", () => {
    const linked = t.sim.waldur.addVolume({ name: "extra", size: 2048, attachedTo: "app-1" });
    expect(linked).to.include({ state: "OK", runtimeState: "in-use", size: 2048 });
    expect(linked.marketplaceResourceUuid).to.match(/^[0-9a-f]{32}$/);
    const bare = t.sim.waldur.addVolume({ name: "bare", marketplace: false });
    expect(bare.marketplaceResourceUuid).to.equal(undefined);
    const snapshot = t.sim.waldur.addSnapshot({
      sourceVolume: linked.uuid,
      name: "extra-schedule-1",
      keptUntil: "2026-12-01T12:00:00+01:00",
    });
    expect(snapshot).to.include({ size: 2048, keptUntil: "2026-12-01T11:00:00Z", metadata: "", state: "OK" });
    expect(() => t.sim.waldur.addSnapshot({ sourceVolume: "nope", name: "x" })).to.throw(RangeError);
    expect(() => t.sim.waldur.addVolume({ name: "dup", uuid: linked.uuid })).to.throw(RangeError);
    expect(() => t.sim.waldur.makeBusy("nope", 1)).to.throw(RangeError);
    expect(() => t.sim.waldur.setBehaviour({ defaultPageSize: 301 })).to.throw(RangeError);
    expect(() => t.sim.waldur.setBehaviour({ orderOutcomes: ["finished" as "done"] })).to.throw(RangeError);
  });

  it("resets to the seed: data, behaviour, counters", async () => {
    t.sim.waldur.setBehaviour({ legacyStateNames: true });
    await t.waldur.createSnapshot(WALDUR_SEED.dbDataVolumeUuid, { name: "gone-after-reset" });
    t.sim.reset();
    expect(t.sim.waldur.behaviour.legacyStateNames).to.equal(false);
    expect(t.sim.waldur.snapshotCreates).to.equal(0);
    expect(t.sim.waldur.state.snapshots.map((snapshot) => snapshot.name)).to.deep.equal([
      "db-data-schedule-1",
      "db-data-schedule-2",
      "db-data-schedule-3",
      "ledger-snapshot",
    ]);
  });

  it("shows Waldur in GET /__admin/state and sets its behaviour with POST /__admin/waldur/behaviour", async () => {
    await t.waldur.restore(WALDUR_SEED.scheduleSnapshotUuids[0] ?? "", { name: "restored" });
    const state = await admin<{
      waldur: { volumes: { name: string }[]; restorations: unknown[]; restores: number; behaviour: unknown };
    }>("/state");
    expect(state.body.waldur.volumes.map((volume) => volume.name)).to.include("restored");
    expect(state.body.waldur.restorations).to.have.length(1);
    expect(state.body.waldur.restores).to.equal(1);
    const set = await admin<{ behaviour: { legacyStateNames: boolean; expiryIntervalMs: number | null } }>(
      "/waldur/behaviour",
      "POST",
      { legacyStateNames: true, expiryIntervalMs: "Infinity" },
    );
    expect(set.status).to.equal(200);
    expect(set.body.behaviour.legacyStateNames).to.equal(true);
    expect(t.sim.waldur.behaviour.expiryIntervalMs).to.equal(Infinity);
    expect((await t.waldur.snapshot(WALDUR_SEED.scheduleSnapshotUuids[0] ?? "")).state).to.equal("OK");
    expect((await admin("/waldur/behaviour", "POST", { updateMs: -1 })).status).to.equal(400);
    expect((await admin("/waldur/behaviour", "POST", { nope: 1 })).status).to.equal(400);
  });

  it("prints the Waldur exports and the seeded volumes and snapshots in the CLI banner", () => {
    const text = banner(t.sim);
    expect(text).to.contain(`export WALDUR_API_URL=${t.sim.url}/waldur/api/\n`);
    expect(text).to.contain(`export WALDUR_TOKEN=${WALDUR_SEED.token}\n`);
    expect(text).to.contain("WALDUR_USERNAME=alice WALDUR_PASSWORD=alice-password");
    expect(text).to.match(new RegExp(`volume ${WALDUR_SEED.dbDataVolumeUuid} db-data: 10240 MiB OK in-use`));
    expect(text).to.contain(
      `snapshot ${WALDUR_SEED.scheduleSnapshotUuids[2]} db-data-schedule-3 OK, kept until `,
    );
    expect(text).to.match(/volume \w+ scratch: 1024 MiB OK available \(no marketplace resource/);
  });

  it("refuses bad behaviour options before listening", async () => {
    let failure: unknown;
    await startSimulator({ waldur: { snapshotCreateMs: -5 } }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(RangeError);
  });
});
