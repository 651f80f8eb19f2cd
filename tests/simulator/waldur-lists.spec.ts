import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import {
  type DrfErrorJson,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

describe("simulator: Waldur lists, filters and visibility", () => {
  const t = useWaldurSimulator();
  const names = async (path: string) =>
    (await t.waldur.get<{ name: string }[]>(path)).body.map((item) => item.name);
  const seedSnapshots = (count: number) => {
    for (let i = 1; i <= count; i += 1) {
      t.sim.waldur.addSnapshot({ sourceVolume: WALDUR_SEED.dbDataVolumeUuid, name: `extra-${i}` });
    }
  };

  it("lists bare arrays with X-Result-Count and Link first, [prev,] [next,] last, in that order", async () => {
    seedSnapshots(7); // 3 seeded + 7 = 10 visible
    const url = (page: number) => `<${t.sim.waldur.apiUrl}openstack-snapshots/?page=${page}&page_size=3>`;
    const first = await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/?page_size=3");
    expect(first.body).to.be.an("array").with.length(3);
    expect(first.headers.get("x-result-count")).to.equal("10");
    expect(first.headers.get("link")).to.equal(
      `${url(1)}; rel="first", ${url(2)}; rel="next", ${url(4)}; rel="last"`,
    );
    const middle = await t.waldur.get("openstack-snapshots/?page_size=3&page=2");
    expect(middle.headers.get("link")).to.equal(
      `${url(1)}; rel="first", ${url(1)}; rel="prev", ${url(3)}; rel="next", ${url(4)}; rel="last"`,
    );
    const last = await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/?page_size=3&page=last");
    expect(last.body.map((snapshot) => snapshot.name)).to.deep.equal(["extra-7"]);
    expect(last.headers.get("link")).to.equal(
      `${url(1)}; rel="first", ${url(3)}; rel="prev", ${url(4)}; rel="last"`,
    );
  });

  it("keeps the other query parameters in the links, sorted, and uses the default page size", async () => {
    seedSnapshots(10);
    const response = await t.waldur.get<unknown[]>("openstack-snapshots/?name=extra&o=-created");
    expect(response.body).to.have.length(10);
    expect(response.headers.get("x-result-count")).to.equal("10");
    expect(response.headers.get("link")).to.equal(
      `<${t.sim.waldur.apiUrl}openstack-snapshots/?name=extra&o=-created&page=1>; rel="first", ` +
        `<${t.sim.waldur.apiUrl}openstack-snapshots/?name=extra&o=-created&page=1>; rel="last"`,
    );
    t.sim.waldur.setBehaviour({ defaultPageSize: 4 });
    expect((await t.waldur.get<unknown[]>("openstack-snapshots/")).body).to.have.length(4);
  });

  it("caps page_size at 300 and ignores an invalid one", async () => {
    seedSnapshots(310);
    expect((await t.waldur.get<unknown[]>("openstack-snapshots/?page_size=1000")).body).to.have.length(300);
    for (const size of ["0", "-1", "x", "2.5"]) {
      expect(
        (await t.waldur.get<unknown[]>(`openstack-snapshots/?page_size=${size}`)).body,
        size,
      ).to.have.length(10);
    }
  });

  it("answers 404 Invalid page. past the end or for a page that is not a number; page 1 of nothing is empty", async () => {
    for (const page of ["2", "0", "-1", "x", "1.0"]) {
      const response = await t.waldur.get<DrfErrorJson>(`openstack-snapshots/?page=${page}`);
      expect(response.status, page).to.equal(404);
      expect(response.body).to.deep.equal({ detail: "Invalid page." });
    }
    const empty = await t.waldur.get<unknown[]>("openstack-snapshots/?name_exact=nothing");
    expect(empty.status).to.equal(200);
    expect(empty.body).to.deep.equal([]);
    expect(empty.headers.get("x-result-count")).to.equal("0");
  });

  it("filters by name (icontains), name_exact, source_volume_uuid and state in either spelling", async () => {
    expect(await names("openstack-snapshots/?name=SCHEDULE-2")).to.deep.equal(["db-data-schedule-2"]);
    expect(await names("openstack-snapshots/?name_exact=db-data-schedule")).to.deep.equal([]);
    expect(await names("openstack-snapshots/?name_exact=db-data-schedule-3")).to.deep.equal([
      "db-data-schedule-3",
    ]);
    t.sim.waldur.addVolume({ uuid: "0123456789abcdef0123456789abcdef", name: "other-disk" });
    t.sim.waldur.addSnapshot({
      sourceVolume: "0123456789abcdef0123456789abcdef",
      name: "other",
      state: "ERRED",
    });
    expect(
      await names("openstack-snapshots/?source_volume_uuid=01234567-89ab-cdef-0123-456789abcdef"),
    ).to.deep.equal(["other"]);
    expect(await names("openstack-snapshots/?state=ERRED")).to.deep.equal(["other"]);
    expect(await names("openstack-snapshots/?state=Erred")).to.deep.equal(["other"]);
    expect(await names("openstack-volumes/?name=disk")).to.deep.equal(["other-disk"]);
    const badUuid = await t.waldur.get<DrfErrorJson>("openstack-snapshots/?source_volume_uuid=nope");
    expect(badUuid.status).to.equal(400);
    expect(badUuid.body).to.deep.equal({ source_volume_uuid: ["Enter a valid UUID."] });
    const badState = await t.waldur.get<DrfErrorJson>("openstack-snapshots/?state=Broken");
    expect(badState.body).to.deep.equal({
      state: ["Select a valid choice. Broken is not one of the available choices."],
    });
  });

  it("orders by ?o=created and ?o=-created", async () => {
    const schedule = ["db-data-schedule-1", "db-data-schedule-2", "db-data-schedule-3"];
    expect(await names("openstack-snapshots/?o=created")).to.deep.equal(schedule);
    expect(await names("openstack-snapshots/?o=-created")).to.deep.equal([...schedule].reverse());
    expect(await names("openstack-volumes/?o=-name")).to.deep.equal(["scratch", "db-data"]);
    expect((await t.waldur.get("openstack-snapshots/?o=size")).status).to.equal(400);
  });

  it("hides the objects of a project the user is not a member of: absent from lists, 404 everywhere", async () => {
    expect(await names("openstack-volumes/")).to.deep.equal(["db-data", "scratch"]);
    expect(await names("openstack-snapshots/")).to.not.include("ledger-snapshot");
    const paths: [string, string, unknown?][] = [
      ["GET", `openstack-snapshots/${WALDUR_SEED.otherSnapshotUuid}/`],
      ["PATCH", `openstack-snapshots/${WALDUR_SEED.otherSnapshotUuid}/`, { name: "x" }],
      ["DELETE", `openstack-snapshots/${WALDUR_SEED.otherSnapshotUuid}/`],
      ["GET", `openstack-snapshots/${WALDUR_SEED.otherSnapshotUuid}/restorations/`],
      ["POST", `openstack-snapshots/${WALDUR_SEED.otherSnapshotUuid}/restore/`, { name: "x" }],
      ["GET", `openstack-volumes/${WALDUR_SEED.otherVolumeUuid}/`],
      ["POST", `openstack-volumes/${WALDUR_SEED.otherVolumeUuid}/snapshot/`, { name: "x" }],
      ["POST", `marketplace-resources/${WALDUR_SEED.otherVolumeResourceUuid}/terminate/`],
    ];
    for (const [method, path, body] of paths) {
      const response = await t.waldur.request<DrfErrorJson>(method, path, body);
      expect(response.status, `${method} ${path}`).to.equal(404);
      expect(response.body).to.deep.equal({ detail: "Not found." });
    }
    expect(
      t.sim.waldur.state.snapshots.find((s) => s.uuid === WALDUR_SEED.otherSnapshotUuid)?.state,
    ).to.equal("OK");
    expect(t.sim.waldur.terminations + t.sim.waldur.restores + t.sim.waldur.snapshotCreates).to.equal(0);
  });

  it("seeds db-data (in use, in the marketplace) with three schedule snapshots and scratch (no marketplace)", async () => {
    const dbData = await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid);
    expect(dbData).to.include({ name: "db-data", size: 10240, state: "OK", runtime_state: "in-use" });
    expect(dbData.marketplace_resource_uuid).to.equal(WALDUR_SEED.dbDataResourceUuid);
    const scratch = await t.waldur.volume(WALDUR_SEED.scratchVolumeUuid);
    expect(scratch).to.include({ name: "scratch", size: 1024, runtime_state: "available" });
    expect(scratch).to.not.have.property("marketplace_resource_uuid");
    const snapshots = (await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/")).body;
    expect(snapshots.map((s) => s.uuid)).to.deep.equal([...WALDUR_SEED.scheduleSnapshotUuids]);
    for (const snapshot of snapshots) {
      expect(snapshot).to.include({ state: "OK", metadata: "", size: 10240, source_volume: dbData.url });
      const keptFor = Date.parse(snapshot.kept_until ?? "") - t.clock.now();
      expect(keptFor).to.be.within(4 * 86_400_000, 7 * 86_400_000);
    }
    const volumes = (await t.waldur.get<WaldurVolumeJson[]>("openstack-volumes/")).body;
    expect(volumes.map((volume) => volume.uuid)).to.deep.equal([
      WALDUR_SEED.dbDataVolumeUuid,
      WALDUR_SEED.scratchVolumeUuid,
    ]);
  });
});
