// waldur.getSnapshots and waldur.getSnapshotSchedules, as a program calls them, over real HTTP against the
// simulator: lists read across Waldur's pages (300 a page), the source volume filtered by Waldur and the other
// filters here, no match, and a connection failure.
import { expect } from "chai";
import { waldur } from "../../../sdk";
import {
  ManualClock,
  startSimulator,
  WALDUR_LATE_2024,
  WALDUR_SEED,
  type Simulator,
} from "../../../simulator";
import { closedPort } from "../../helpers/closed-port";

describe("Waldur lookups (against the simulator)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let clock: ManualClock;
  let connection: { apiUrl: string; token: string };

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock });
    const env = sim.waldurEnv();
    connection = { apiUrl: env.WALDUR_API_URL, token: env.WALDUR_TOKEN };
  });
  afterEach(async () => sim.close());

  /** A volume of its own, without the seeded schedule's snapshots. */
  const volumeUuid = () => sim.waldur.addVolume({ name: "data" }).uuid;
  const lists = () =>
    sim.requests.filter((r) => r.service === "waldur" && /openstack-snapshots\/$/.test(r.path));

  it("reads every page: 650 snapshots of a volume, newest first, in three list requests and no change", async () => {
    const volume = volumeUuid();
    const made = Array.from({ length: 650 }, (_, i) =>
      sim.waldur.addSnapshot({
        sourceVolume: volume,
        name: `daily-${i}`,
        createdAt: clock.now() + i * 60_000,
      }),
    );
    sim.requests.splice(0);
    const found = await waldur.getSnapshots({ sourceVolumeUuid: volume, connection });
    expect(found.map((s) => s.uuid)).to.deep.equal(made.map((s) => s.uuid).reverse());
    expect(lists().length).to.equal(3);
    expect(sim.requests.filter((r) => r.method !== "GET")).to.deep.equal([]);
  });

  it("filters by name, name prefix, state and kept_until before and after", async () => {
    const volume = volumeUuid();
    const add = (name: string, keptUntil: string | null, state?: "ERRED") =>
      sim.waldur.addSnapshot({ sourceVolume: volume, name, keptUntil, state }).uuid;
    const early = add("sched-a-1", "2027-01-01T00:00:00Z");
    const late = add("sched-a-2", "2027-06-01T00:00:00Z");
    const forever = add("sched-a-3", null);
    const erred = add("manual", "2027-01-01T00:00:00Z", "ERRED");
    const uuids = async (args: waldur.GetSnapshotsArgs) =>
      (await waldur.getSnapshots({ sourceVolumeUuid: volume, connection, ...args }))
        .map((s) => s.uuid)
        .sort();

    expect(await uuids({ namePrefix: "sched-a-" })).to.deep.equal([early, late, forever].sort());
    expect(await uuids({ name: "manual" })).to.deep.equal([erred]);
    expect(await uuids({ state: "Erred" })).to.deep.equal([erred]);
    expect(await uuids({ keptUntilBefore: "2027-03-01T00:00:00Z" })).to.deep.equal([early, erred].sort());
    expect(await uuids({ keptUntilAfter: "2027-03-01T00:00:00Z", state: "OK" })).to.deep.equal([late]);
  });

  it("on a late-2024 Waldur (states spelled Erred, Creating, …) filters and reports states in the current spelling", async () => {
    sim.waldur.setBehaviour({ ...WALDUR_LATE_2024, legacyStateNames: true });
    const volume = volumeUuid();
    const ok = sim.waldur.addSnapshot({ sourceVolume: volume, name: "nightly-1" }).uuid;
    const erred = sim.waldur.addSnapshot({ sourceVolume: volume, name: "nightly-2", state: "ERRED" }).uuid;
    const raw = await fetch(`${connection.apiUrl}openstack-snapshots/${erred}/`, {
      headers: { authorization: `Token ${connection.token}` },
    });
    expect(((await raw.json()) as { state: string }).state).to.equal("Erred"); // what the server sends
    const found = await waldur.getSnapshots({ sourceVolumeUuid: volume, connection });
    expect(found.map((s) => `${s.uuid} ${s.state}`).sort()).to.deep.equal(
      [`${erred} ERRED`, `${ok} OK`].sort(),
    );
    const byState = await waldur.getSnapshots({ sourceVolumeUuid: volume, state: "ERRED", connection });
    expect(byState.map((s) => s.uuid)).to.deep.equal([erred]);
  });

  it("an empty list when nothing matches; with required, an error naming the filters", async () => {
    const volume = volumeUuid();
    sim.waldur.addSnapshot({ sourceVolume: volume, name: "daily-1" });
    expect(
      await waldur.getSnapshots({ sourceVolumeUuid: volume, namePrefix: "weekly-", connection }),
    ).to.deep.equal([]);
    const error = await waldur
      .getSnapshots({
        sourceVolumeUuid: volume,
        namePrefix: "weekly-",
        state: "OK",
        required: true,
        connection,
      })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.equal(
      `Error looking up waldur.getSnapshots: no Waldur snapshot of volume ${volume} whose name starts with ` +
        `"weekly-" in state OK`,
    );
  });

  it("Waldur unreachable is charged to the connection, for each lookup", async () => {
    const port = await closedPort();
    const unreachable = { ...connection, apiUrl: `http://127.0.0.1:${port}/api/` };
    const lookups = {
      getSnapshots: () => waldur.getSnapshots({ connection: unreachable }),
      getSnapshotSchedules: () =>
        waldur.getSnapshotSchedules({ sourceVolumeUuid: volumeUuid(), connection: unreachable }),
    };
    for (const [name, lookup] of Object.entries(lookups)) {
      const error = await lookup().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message, name).to.match(
        new RegExp(`^Error looking up waldur\\.${name}: connection: Waldur GET .*ECONNREFUSED`),
      );
    }
  });

  describe("getSnapshotSchedules", () => {
    const schedulesListed = () =>
      sim.requests.filter((r) => r.service === "waldur" && /openstack-snapshot-schedules\/$/.test(r.path));

    it("reads the seeded schedule as a program sees it: cron, retention in days, at most N, active", async () => {
      const [daily, ...others] = await waldur.getSnapshotSchedules({
        sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
        connection,
      });
      expect(others).to.deep.equal([]);
      expect(daily).to.deep.include({
        uuid: WALDUR_SEED.dbDataScheduleUuid,
        name: "db-data-daily",
        state: "OK",
        schedule: "0 2 * * *",
        timezone: "UTC",
        retentionDays: 7,
        maximalNumberOfResources: 10,
        isActive: true,
        sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
        sourceVolumeName: "db-data",
      });
      expect(Date.parse(daily?.nextTriggerAt ?? "")).to.be.greaterThan(clock.now());
    });

    it("reads every page: 305 schedules of a volume, by name, in two list requests; activeOnly", async () => {
      const volume = volumeUuid();
      const names = Array.from({ length: 305 }, (_, i) => `every-${String(i).padStart(3, "0")}`);
      for (const [i, name] of [...names].reverse().entries()) {
        sim.waldur.addSnapshotSchedule({ sourceVolume: volume, name, isActive: i % 2 === 0 });
      }
      sim.waldur.addSnapshotSchedule({ sourceVolume: WALDUR_SEED.scratchVolumeUuid, name: "elsewhere" });
      sim.requests.splice(0);
      const found = await waldur.getSnapshotSchedules({ sourceVolumeUuid: volume, connection });
      expect(found.map((s) => s.name)).to.deep.equal(names);
      expect(schedulesListed().length).to.equal(2);
      expect(sim.requests.filter((r) => r.method !== "GET")).to.deep.equal([]);
      const active = await waldur.getSnapshotSchedules({
        sourceVolumeUuid: volume,
        activeOnly: true,
        connection,
      });
      expect(active.map((s) => s.name)).to.deep.equal(names.filter((_, i) => i % 2 === 0));
    });

    it("an empty list for a volume without schedules; with required, an error naming the volume", async () => {
      const volume = volumeUuid();
      sim.waldur.addSnapshotSchedule({ sourceVolume: volume, name: "paused", isActive: false });
      expect(
        await waldur.getSnapshotSchedules({ sourceVolumeUuid: volume, activeOnly: true, connection }),
      ).to.deep.equal([]);
      const error = await waldur
        .getSnapshotSchedules({ sourceVolumeUuid: volume, activeOnly: true, required: true, connection })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.message).to.equal(
        `Error looking up waldur.getSnapshotSchedules: no active Waldur snapshot schedule of volume ${volume}`,
      );
    });

    it("a Waldur without snapshot schedules (404 on the list) is said in those words", async () => {
      sim.waldur.setBehaviour({ snapshotSchedules: false });
      const error = await waldur
        .getSnapshotSchedules({ sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid, connection })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.message).to.match(
        /^Error looking up waldur\.getSnapshotSchedules: this Waldur serves no snapshot schedules \(GET \/openstack-snapshot-schedules\/ answered 404: .*check the connection's apiUrl.* \(HTTP 404, request /,
      );
    });

    it("the Output form waits for Input arguments and gives the same list", async () => {
      const found = await new Promise((resolve) =>
        waldur
          .getSnapshotSchedulesOutput({
            sourceVolumeUuid: Promise.resolve(WALDUR_SEED.dbDataVolumeUuid),
            connection,
          })
          .apply(resolve),
      );
      expect(found).to.deep.equal(
        await waldur.getSnapshotSchedules({ sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid, connection }),
      );
    });
  });
});
