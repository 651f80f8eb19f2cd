import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { type DrfErrorJson, ok, useWaldurSimulator } from "./waldur-client";

/** A snapshot schedule as the API sends it (the fields the tests read). */
interface ScheduleJson {
  url: string;
  uuid: string;
  name: string;
  description: string;
  state: string;
  project_uuid: string;
  resource_type: string;
  schedule: string;
  retention_time: number;
  maximal_number_of_resources: number;
  is_active: boolean;
  timezone: string;
  next_trigger_at: string | null;
  source_volume: string;
  source_volume_name: string;
}

describe("simulator: Waldur snapshot schedules", () => {
  const t = useWaldurSimulator();
  const list = (query = "") => t.waldur.get<ScheduleJson[]>(`openstack-snapshot-schedules/${query}`);
  const names = async (query: string) => ok(await list(query), 200).map((schedule) => schedule.name);

  it("seeds db-data-daily on db-data: daily at 02:00 UTC, 7 days, at most 10, next run within a day", async () => {
    const [seeded, ...others] = ok(await list(), 200);
    expect(others).to.deep.equal([]);
    const api = t.sim.waldur.apiUrl;
    expect(seeded).to.deep.include({
      url: `${api}openstack-snapshot-schedules/${WALDUR_SEED.dbDataScheduleUuid}/`,
      uuid: WALDUR_SEED.dbDataScheduleUuid,
      name: "db-data-daily",
      state: "OK",
      project_uuid: WALDUR_SEED.projectUuid,
      resource_type: "OpenStack.SnapshotSchedule",
      schedule: "0 2 * * *",
      retention_time: 7,
      maximal_number_of_resources: 10,
      is_active: true,
      timezone: "UTC",
      source_volume: `${api}openstack-volumes/${WALDUR_SEED.dbDataVolumeUuid}/`,
      source_volume_name: "db-data",
    });
    const next = Date.parse(seeded?.next_trigger_at ?? "");
    expect(new Date(next).toISOString()).to.match(/T02:00:00\.000Z$/);
    expect(next - t.clock.now()).to.be.within(1, 24 * 3600 * 1000);
    const one = await t.waldur.get<ScheduleJson>(
      `openstack-snapshot-schedules/${WALDUR_SEED.dbDataScheduleUuid.toUpperCase()}/`,
    );
    expect(ok(one, 200)).to.deep.equal(seeded);
  });

  it("filters by source_volume_uuid (any form uuid.UUID parses; 400 otherwise) and pages with Link", async () => {
    const scratch = WALDUR_SEED.scratchVolumeUuid;
    for (const name of ["scratch-hourly", "scratch-weekly", "scratch-monthly"]) {
      t.sim.waldur.addSnapshotSchedule({ sourceVolume: scratch, name, isActive: name !== "scratch-monthly" });
    }
    const dashed = `${scratch.slice(0, 8)}-${scratch.slice(8, 12)}-${scratch.slice(12, 16)}-${scratch.slice(16, 20)}-${scratch.slice(20)}`;
    expect(await names(`?source_volume_uuid=${dashed.toUpperCase()}`)).to.deep.equal([
      "scratch-hourly",
      "scratch-weekly",
      "scratch-monthly",
    ]);
    const inactive = ok(await list(`?source_volume_uuid=${scratch}&o=-name`), 200);
    expect(inactive.map((s) => [s.name, s.is_active])).to.deep.equal([
      ["scratch-weekly", true],
      ["scratch-monthly", false],
      ["scratch-hourly", true],
    ]);
    const page = await list(`?source_volume_uuid=${scratch}&page_size=2`);
    expect(ok(page, 200)).to.have.length(2);
    expect(page.headers.get("x-result-count")).to.equal("3");
    const url = (n: number) =>
      `<${t.sim.waldur.apiUrl}openstack-snapshot-schedules/?page=${n}&page_size=2&source_volume_uuid=${scratch}>`;
    expect(page.headers.get("link")).to.equal(
      `${url(1)}; rel="first", ${url(2)}; rel="next", ${url(2)}; rel="last"`,
    );
    const bad = await t.waldur.get<DrfErrorJson>("openstack-snapshot-schedules/?source_volume_uuid=db-data");
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.equal({ source_volume_uuid: ["Enter a valid UUID."] });
  });

  it("hides the schedules of a project the user cannot see (404), and an unknown uuid is a 404", async () => {
    const ledger = t.sim.waldur.addSnapshotSchedule({
      sourceVolume: WALDUR_SEED.otherVolumeUuid,
      name: "ledger-nightly",
    });
    expect(await names("")).to.deep.equal(["db-data-daily"]);
    for (const uuid of [ledger.uuid, "0".repeat(32)]) {
      const hidden = await t.waldur.get<DrfErrorJson>(`openstack-snapshot-schedules/${uuid}/`);
      expect(hidden.status, uuid).to.equal(404);
    }
    expect(t.sim.waldur.state.snapshotSchedules.map((s) => s.name)).to.deep.equal([
      "db-data-daily",
      "ledger-nightly",
    ]);
  });

  it("addSnapshotSchedule refuses an unknown volume and bad counts; reset drops what it added", () => {
    expect(() => t.sim.waldur.addSnapshotSchedule({ sourceVolume: "f".repeat(32), name: "x" })).to.throw(
      RangeError,
      /no volume/,
    );
    expect(() =>
      t.sim.waldur.addSnapshotSchedule({
        sourceVolume: WALDUR_SEED.scratchVolumeUuid,
        name: "x",
        retentionTime: -1,
      }),
    ).to.throw(RangeError, /retentionTime/);
    t.sim.waldur.addSnapshotSchedule({ sourceVolume: WALDUR_SEED.scratchVolumeUuid, name: "extra" });
    t.sim.reset();
    expect(t.sim.waldur.state.snapshotSchedules.map((s) => s.name)).to.deep.equal(["db-data-daily"]);
  });

  it("a server without schedules (snapshotSchedules: false) answers 404 Not found. for the list and one", async () => {
    t.sim.waldur.setBehaviour({ snapshotSchedules: false });
    for (const path of ["", `${WALDUR_SEED.dbDataScheduleUuid}/`]) {
      const gone = await t.waldur.get<DrfErrorJson>(`openstack-snapshot-schedules/${path}`);
      expect([gone.status, gone.body], path).to.deep.equal([404, { detail: "Not found." }]);
    }
  });

  it("a schedule goes with its volume once the volume is terminated", async () => {
    const terminate = await t.waldur.request(
      "POST",
      `marketplace-resources/${WALDUR_SEED.dbDataResourceUuid}/terminate/`,
      {},
    );
    expect(terminate.status).to.equal(200);
    expect(await names("")).to.deep.equal(["db-data-daily"]);
    t.clock.advance(60_000);
    expect(await names("")).to.deep.equal([]);
  });
});
