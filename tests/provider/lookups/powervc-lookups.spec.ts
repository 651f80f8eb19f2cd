// powervc.getInstanceSnapshots, as a program calls it, over real HTTP against the simulator: a server's instance
// snapshots read across the volume service's pages (1000 a page), the server filtered by PowerVC and every filter
// again here, the newest available snapshot, no match, and a connection failure.
import { expect } from "chai";
import { powervc } from "../../../sdk";
import { ManualClock, POWERVC_SEED, startSimulator, type Simulator } from "../../../simulator";
import { closedPort } from "../../helpers/closed-port";

describe("PowerVC lookups (against the simulator)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let clock: ManualClock;
  let connection: Record<string, string>;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, powervc: { snapshotMs: 1 } });
    connection = sim.connection("powervc");
  });
  afterEach(async () => sim.close());

  /** `count` finished instance snapshots of `serverId` named `name`, a second apart. */
  function snapshot(serverId: string, count: number, name = "nightly"): string[] {
    return Array.from({ length: count }, () => {
      const { snapshot: made } = sim.powervc.createInstanceSnapshot(serverId, { name, description: "" });
      clock.advance(1000);
      sim.powervc.settle();
      return made.id;
    });
  }

  const lists = () =>
    sim.requests.filter((r) => r.service === "powervc-volume" && /\/instance-snapshots$/.test(r.path));
  const changing = () => sim.requests.filter((r) => r.method !== "GET" && r.service !== "keystone");
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: Error) => e,
    );

  it("reads every page: 1,050 snapshots of a server, newest first, in two list requests and no change", async () => {
    const server = sim.powervc.addServer("busy");
    const ids = snapshot(server.id, 1050);
    sim.requests.splice(0);

    const found = await powervc.getInstanceSnapshots({ serverId: server.id, connection });
    expect(found.map((s) => s.id)).to.deep.equal([...ids].reverse());
    expect(found[0]).to.include({ serverId: server.id, status: "available", name: "nightly" });
    expect(Object.keys(found[0].volumeSnapshots)).to.deep.equal([...server.volumeIds]);
    expect(found[0].createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lists().length).to.equal(2);
    expect(lists()[0].query).to.deep.equal({ instance_id: server.id });
    expect(changing()).to.deep.equal([]);
  });

  it("filters by status and name; mostRecent gives the newest available one, not a newer failed one", async () => {
    const serverId = POWERVC_SEED.dbServerId;
    const [, nightly2] = snapshot(serverId, 2);
    const [weekly] = snapshot(serverId, 1, "weekly");
    sim.powervc.setBehaviour({ snapshotOutcomes: [{ failure: "error" }] });
    const [failed] = snapshot(serverId, 1);
    const ids = async (args: Omit<powervc.GetInstanceSnapshotsArgs, "serverId">) =>
      (await powervc.getInstanceSnapshots({ serverId: serverId.toUpperCase(), connection, ...args })).map(
        (s) => s.id,
      );

    expect(await ids({ status: "error" })).to.deep.equal([failed]);
    expect(await ids({ name: "weekly" })).to.deep.equal([weekly]);
    expect(await ids({ name: "nightly" }))
      .to.have.length(3)
      .and.include(failed);
    const newest = (args: Omit<powervc.GetInstanceSnapshotsArgs, "serverId" | "mostRecent">) =>
      powervc.getInstanceSnapshots({ serverId, connection, ...args, mostRecent: true });
    expect(await newest({})).to.include({ id: weekly, status: "available" });
    expect((await newest({ name: "nightly" })).id).to.equal(nightly2);
    expect((await newest({ status: "error" })).id).to.equal(failed);
  });

  it("an empty list when nothing matches (another server's snapshots are not its); mostRecent fails naming the filters", async () => {
    const serverId = POWERVC_SEED.dbServerId;
    expect(await powervc.getInstanceSnapshots({ serverId, connection })).to.deep.equal([]);
    const seeded = await powervc.getInstanceSnapshots({ serverId: POWERVC_SEED.appServerId, connection });
    expect(seeded.map((s) => s.id)).to.deep.equal([POWERVC_SEED.instanceSnapshotId]);

    const error = await failure(
      powervc.getInstanceSnapshots({ serverId, name: "nightly", mostRecent: true, connection }),
    );
    expect(error?.message).to.equal(
      `Error looking up powervc.getInstanceSnapshots: no available PowerVC instance snapshot of server ${serverId} named "nightly"`,
    );
  });

  it("a PowerVC that ignores instance_id lists the whole project: only the server's snapshots are returned", async () => {
    sim.powervc.setBehaviour({ instanceSnapshotListFilters: false });
    const serverId = POWERVC_SEED.dbServerId;
    const ids = snapshot(serverId, 2);
    snapshot(POWERVC_SEED.appServerId, 1);

    const found = await powervc.getInstanceSnapshots({ serverId, connection });
    expect(found.map((s) => s.id)).to.deep.equal([...ids].reverse());
    expect((await powervc.getInstanceSnapshots({ serverId, mostRecent: true, connection })).id).to.equal(
      ids[1],
    );
  });

  it("invalid arguments are named", async () => {
    const error = await failure(powervc.getInstanceSnapshots({ serverId: "aix-db", connection }));
    expect(error?.message).to.match(
      /^Error looking up powervc\.getInstanceSnapshots: invalid arguments: serverId: must be a UUID/,
    );
  });

  it("the volume service unreachable is charged to the connection", async () => {
    const port = await closedPort();
    const error = await failure(
      powervc.getInstanceSnapshots({
        serverId: POWERVC_SEED.appServerId,
        connection: { ...connection, endpointOverrides: { volumev3: `http://127.0.0.1:${port}/v3` } },
      }),
    );
    expect(error?.message).to.match(
      /^Error looking up powervc\.getInstanceSnapshots: connection: PowerVC GET .*ECONNREFUSED/,
    );
    expect(error?.message).to.include("check the lookup's `connection` argument");
  });
});
