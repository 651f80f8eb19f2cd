// trilio.getSnapshots and trilio.getLatestSnapshot, as a program calls them, over real HTTP against the simulator:
// a workload's snapshots read across workloadmgr's pages (1000 a page), the workload and time window filtered by
// the server and every filter again here, the newest available snapshot, no match, and a connection failure.
import { expect } from "chai";
import { trilio } from "../../../sdk";
import { ManualClock, startSimulator, type Simulator } from "../../../simulator";
import { closedPort } from "../../helpers/closed-port";

const DAY = 24 * 3600 * 1000;

describe("TrilioVault lookups (against the simulator)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let connection: Record<string, string>;

  beforeEach(async () => {
    // A manual clock: snapshot times fall on whole seconds, as the window sent to workloadmgr is.
    sim = await startSimulator({ clock: new ManualClock() });
    connection = sim.connection();
  });
  afterEach(async () => sim.close());

  const lists = () =>
    sim.requests.filter((r) => r.service === "trilio" && /\/snapshots\/detail$/.test(r.path));
  const changing = () => sim.requests.filter((r) => r.method !== "GET" && r.service !== "keystone");
  /** When the simulator says a snapshot was taken, as an ISO date-time. */
  const takenAt = (id: string) => new Date(sim.trilio.getSnapshot(id).createdAt).toISOString();
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: Error) => e,
    );

  it("reads every page: 1,050 snapshots of a workload, newest first, in two list requests and no change", async () => {
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({
      name: "busy",
      snapshots: Array.from({ length: 1050 }, () => ({})),
    });
    sim.requests.splice(0);

    const found = await trilio.getSnapshots({ workloadId, connection });
    expect(found.map((s) => s.id)).to.deep.equal([...snapshotIds].reverse());
    expect(found[0]).to.include({
      workloadId,
      status: "available",
      snapshotType: "incremental",
      name: "busy-snapshot-1050",
      host: "TVM1",
      createdAt: takenAt(snapshotIds[1049]),
    });
    expect(found[0].size).to.be.a("number");
    expect(found[1049]).to.include({ snapshotType: "full" });
    expect(lists().length).to.equal(2);
    expect(lists()[0].query).to.deep.equal({ workload_id: workloadId });
    expect(changing()).to.deep.equal([]);
  });

  it("filters by status, type and creation time (the window sent to the server in whole seconds)", async () => {
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({
      name: "app",
      snapshots: [{}, {}, { status: "error" }, {}, {}],
    });
    const [full, second, failed, fourth, newest] = snapshotIds;
    const ids = async (args: Omit<trilio.GetSnapshotsArgs, "workloadId" | "connection">) =>
      (await trilio.getSnapshots({ workloadId: workloadId.toUpperCase(), connection, ...args })).map(
        (s) => s.id,
      );

    expect(await ids({ status: "error" })).to.deep.equal([failed]);
    expect(await ids({ snapshotType: "full" })).to.deep.equal([full]);
    expect(await ids({ snapshotType: "incremental", status: "available" })).to.deep.equal([
      newest,
      fourth,
      second,
    ]);
    // Strictly after and before: the snapshots taken at the bounds themselves are not in the window.
    const half = 500;
    const after = new Date(Date.parse(takenAt(second)) + half).toISOString();
    expect(await ids({ createdAfter: after, createdBefore: takenAt(newest) })).to.deep.equal([
      fourth,
      failed,
    ]);
    expect(lists().at(-1)?.query).to.deep.include({
      date_from: takenAt(second).slice(0, 19),
      date_to: takenAt(newest).slice(0, 19),
    });
    const plusOneHour = new Date(Date.parse(takenAt(full)) + DAY / 24).toISOString().replace("Z", "+01:00");
    expect(await ids({ createdBefore: plusOneHour })).to.deep.equal(
      [],
      "the same instant as the full one, in +01:00",
    );
  });

  it("a workloadmgr that ignores the list's filters lists the whole project: the workload and window still apply", async () => {
    sim.trilio.setBehaviour({ snapshotListFilters: false });
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({ name: "app", snapshots: [{}, {}, {}] });
    sim.trilio.addWorkload({ name: "other", snapshots: [{}, {}, {}] });
    const [first, second, newest] = snapshotIds;

    const found = await trilio.getSnapshots({ workloadId, createdAfter: takenAt(first), connection });
    expect(found.map((s) => s.id)).to.deep.equal([newest, second]);
    expect(
      (await trilio.getLatestSnapshot({ workloadId, createdBefore: takenAt(second), connection })).id,
    ).to.equal(first);
  });

  it("getLatestSnapshot gives the newest available snapshot, not a newer failed one", async () => {
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({
      name: "db2",
      snapshots: [{}, {}, { status: "error" }],
    });
    const latest = await trilio.getLatestSnapshot({ workloadId, connection });
    expect(latest).to.include({ id: snapshotIds[1], status: "available", workloadId });
    const latestFull = await trilio.getLatestSnapshot({ workloadId, snapshotType: "full", connection });
    expect(latestFull.id).to.equal(snapshotIds[0]);
    const failed = await trilio.getLatestSnapshot({ workloadId, status: "error", connection });
    expect(failed.id).to.equal(snapshotIds[2]);
  });

  it("an empty list when nothing matches; getLatestSnapshot fails naming the filters", async () => {
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({ name: "old", snapshots: [{}] });
    const after = new Date(Date.parse(takenAt(snapshotIds[0])) + 1).toISOString();
    expect(await trilio.getSnapshots({ workloadId, createdAfter: after, connection })).to.deep.equal([]);

    const error = await failure(trilio.getLatestSnapshot({ workloadId, createdAfter: after, connection }));
    expect(error?.message).to.equal(
      `Error looking up trilio.getLatestSnapshot: no available TrilioVault snapshot of workload ${workloadId} created after ${after}`,
    );
    const typed = await failure(
      trilio.getLatestSnapshot({ workloadId, snapshotType: "incremental", status: "error", connection }),
    );
    expect(typed?.message).to.equal(
      `Error looking up trilio.getLatestSnapshot: no error TrilioVault snapshot of workload ${workloadId} of type incremental`,
    );
  });

  it("invalid arguments are named", async () => {
    const { workloadId } = sim.trilio.addWorkload({ name: "w" });
    const error = await failure(
      trilio.getSnapshots({
        workloadId,
        snapshotType: "weekly" as "full",
        createdAfter: "2026-11-20",
        connection,
      }),
    );
    expect(error?.message).to.match(
      /^Error looking up trilio\.getSnapshots: invalid arguments: snapshotType: /,
    );
    expect(error?.message).to.include("createdAfter: must be an ISO 8601 date-time with a zone");
    const missing = await failure(
      trilio.getLatestSnapshot({ connection } as unknown as trilio.GetLatestSnapshotArgs),
    );
    expect(missing?.message).to.match(/invalid arguments: workloadId: /);
  });

  it("TrilioVault unreachable is charged to the connection", async () => {
    const { workloadId } = sim.trilio.addWorkload({ name: "w", snapshots: [{}] });
    const port = await closedPort();
    const error = await failure(
      trilio.getLatestSnapshot({
        workloadId,
        connection: { ...connection, endpointOverrides: { workloads: `http://127.0.0.1:${port}/v1` } },
      }),
    );
    expect(error?.message).to.match(
      /^Error looking up trilio\.getLatestSnapshot: connection: TrilioVault GET .*ECONNREFUSED/,
    );
    expect(error?.message).to.include("check the lookup's `connection` argument");
  });
});
