// cinder.getBackups and cinder.getBackup, as a program calls them, over real HTTP against the simulator: lists read
// across Cinder's pages (1000 a page), filters, the newest backup, no match, and a connection failure.
import { expect } from "chai";
import { cinder } from "../../../sdk";
import { ManualClock, startSimulator, type Simulator } from "../../../simulator";
import { closedPort } from "../../helpers/closed-port";

describe("Cinder lookups (against the simulator)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, cinder: { backupMs: 1, quotas: { backups: 5000 } } });
  });
  afterEach(async () => sim.close());

  /** `count` backups of `volumeId`, a second apart, each finished before the next starts. */
  function backUp(volumeId: string, count: number, name?: string): string[] {
    return Array.from({ length: count }, () => {
      const backup = sim.cinder.backUp(volumeId, { name: name ?? null });
      clock.advance(1000);
      sim.cinder.settle();
      return backup.id;
    });
  }

  const lists = () => sim.requests.filter((r) => r.service === "cinder" && /\/backups\/detail/.test(r.path));
  const changing = () => sim.requests.filter((r) => r.method !== "GET" && r.service === "cinder");

  it("reads every page: 1,050 backups of a volume, newest first, in two list requests and no change", async () => {
    const volume = sim.cinder.addVolume();
    const other = sim.cinder.addVolume();
    const ids = backUp(volume.id, 1050);
    backUp(other.id, 3);
    sim.requests.splice(0);

    const found = await cinder.getBackups({ volumeId: volume.id, connection: sim.connection() });
    expect(found.map((b) => b.id)).to.deep.equal([...ids].reverse());
    expect(found[0]).to.include({ status: "available", volumeId: volume.id });
    expect(lists().length).to.equal(2);
    expect(lists()[0].query).to.include({ volume_id: volume.id });
    expect(changing()).to.deep.equal([]);
  });

  it("filters by name and status, and mostRecent gives the newest match", async () => {
    const volume = sim.cinder.addVolume();
    const [, nightly2] = backUp(volume.id, 2, "nightly");
    backUp(volume.id, 1, "weekly");
    sim.cinder.setBehaviour({ backupOutcomes: [{ status: "error" }] });
    const failed = sim.cinder.backUp(volume.id, { name: "nightly" });
    clock.advance(1000);
    sim.cinder.settle();
    const connection = sim.connection();

    const nightly = await cinder.getBackups({ volumeId: volume.id, name: "nightly", connection });
    expect(nightly.map((b) => b.id))
      .to.have.length(3)
      .and.include(failed.id);
    const latest = await cinder.getBackups({
      volumeId: volume.id.toUpperCase(),
      name: "nightly",
      status: "available",
      mostRecent: true,
      connection,
    });
    expect(latest.id).to.equal(nightly2);
  });

  it("an empty list when nothing matches; mostRecent and getBackup fail naming the filter", async () => {
    const volume = sim.cinder.addVolume();
    backUp(volume.id, 1);
    const connection = sim.connection();
    expect(await cinder.getBackups({ volumeId: volume.id, status: "error", connection })).to.deep.equal([]);

    const error = await cinder
      .getBackups({ volumeId: volume.id, status: "error", mostRecent: true, connection })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.equal(
      `Error looking up cinder.getBackups: no Cinder backup of volume ${volume.id} with status error in this project`,
    );
    const unknown = "3f2a6c1e-0d5b-4c7a-9e8f-1a2b3c4d5e6f";
    const missing = await cinder.getBackup({ id: unknown, connection }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(missing?.message).to.equal(
      `Error looking up cinder.getBackup: no Cinder backup ${unknown} in this project`,
    );
  });

  it("getBackup reads one backup by id", async () => {
    const volume = sim.cinder.addVolume();
    const [id] = backUp(volume.id, 1, "one");
    const backup = await cinder.getBackup({ id, connection: sim.connection() });
    expect(backup).to.include({
      id,
      name: "one",
      status: "available",
      volumeId: volume.id,
      isIncremental: false,
    });
  });

  it("an invalid argument is named", async () => {
    const error = await cinder.getBackup({ id: "nope", connection: sim.connection() }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(
      /^Error looking up cinder\.getBackup: invalid arguments: id: must be a UUID/,
    );
  });

  it("Keystone unreachable is charged to the connection", async () => {
    const port = await closedPort();
    const error = await cinder
      .getBackups({ connection: { ...sim.connection(), authUrl: `http://127.0.0.1:${port}/v3` } })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.match(
      /^Error looking up cinder\.getBackups: connection: Keystone POST .*ECONNREFUSED/,
    );
    expect(error?.message).to.include("check the lookup's `connection` argument");
  });
});
