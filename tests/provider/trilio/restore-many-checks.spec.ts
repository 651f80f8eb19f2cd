// trilio.Restore's preview-time checks in a stack of many restores, over real HTTP against the simulator: after a
// few individual reads, the project's snapshot and workload lists answer the checks, and never refuse on their own.
import { expect } from "chai";
import { BULK_LOOKUP_POLICY } from "../../../provider/core/bulk-lookup";
import { useClock } from "../../../provider/core/clock";
import { restoreProvider } from "../../../provider/trilio/restore";
import { ManualClock, startSimulator, type Simulator } from "../../../simulator";

const { individually } = BULK_LOOKUP_POLICY;
const RESTORE_MS = 10_000;

describe("trilio.Restore checks in a stack of many restores (against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let clock: ManualClock;
  let restoreClock: () => void;
  let suffix = 0;

  // A simulator per test: its own address, so its own connection and its own lists in this process.
  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, trilio: { restoreDurationMs: RESTORE_MS } });
    restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  });
  afterEach(async () => {
    restoreClock();
    await sim.close();
  });

  function check(snapshotId: string, extra: Record<string, unknown> = {}) {
    return restoreProvider.check!(
      {},
      {
        __identity: { type: "trilio.Restore", name: `restore-${++suffix}`, project: "test", stack: "dev" },
        snapshotId,
        restoreType: "oneclick",
        connection: sim.connection(),
        ...extra,
      },
    );
  }

  /** Trilio GETs whose path (without the project prefix) matches `pattern`. */
  function gets(pattern: RegExp): number {
    const prefix = `/trilio/v1/${sim.trilio.projectId}`;
    return sim.requests.filter(
      (r) => r.service === "trilio" && r.method === "GET" && pattern.test(r.path.slice(prefix.length)),
    ).length;
  }
  const snapshotReads = () => gets(/^\/snapshots\/(?!detail$)[^/]+$/);
  const workloadReads = () => gets(/^\/workloads\/[^/]+$/);
  // The snapshots' list with their instances, which a oneclick restore's checks read.
  const snapshotLists = () => gets(/^\/snapshots\/detail$/);
  const workloadLists = () => gets(/^\/workloads$/);

  it("reads each snapshot and workload for the first few checks, then the project's lists once", async () => {
    const workloads = sim.trilio.seed(12);
    for (const [index, workload] of workloads.entries()) {
      expect((await check(workload.snapshotIds[0])).failures).to.deep.equal([]);
      if (index + 1 === individually) {
        expect([snapshotLists(), workloadLists()], "a small stack never lists").to.deep.equal([0, 0]);
      }
    }
    expect(snapshotReads()).to.equal(individually);
    expect(workloadReads()).to.equal(individually);
    expect([snapshotLists(), workloadLists()]).to.deep.equal([1, 1]);
  });

  it("still refuses a missing or unavailable snapshot, read on its own, once the lists answer", async () => {
    const workloads = sim.trilio.seed(individually + 1);
    for (const workload of workloads) await check(workload.snapshotIds[0]);
    const missing = await check("2e56d167-bad7-43c7-8ede-a613c3fe7844");
    expect(missing.failures?.[0].reason).to.equal(
      "snapshot 2e56d167-bad7-43c7-8ede-a613c3fe7844 does not exist in TrilioVault",
    );
    const [erred] = sim.trilio.seed(1, { snapshots: [{ status: "error" }] }, "erred");
    expect((await check(erred.snapshotIds[0])).failures?.[0].reason).to.match(
      /is error; it must be available/,
    );
  });

  it("never refuses from a list: a snapshot or workload it shows busy is read again", async () => {
    const [busy] = sim.trilio.seed(1, { snapshots: [{}, {}] }, "busy");
    const [restoring, other] = busy.snapshotIds;
    sim.trilio.startRestore(restoring, {
      restore: { name: "running", options: { type: "openstack", restore_type: "oneclick", openstack: {} } },
    });
    for (const workload of sim.trilio.seed(individually, {}, "other")) await check(workload.snapshotIds[0]);

    expect((await check(restoring)).failures?.[0].reason).to.match(
      /is restoring \(a restore of it is running\)/,
    );
    expect((await check(other)).failures?.[0].reason).to.match(
      /^workload busy-\d+ \(.*\) of snapshot .* is locked/,
    );
    clock.advance(RESTORE_MS + 1000); // the running restore ends; the lists, still fresh, show it running
    expect((await check(restoring)).failures).to.deep.equal([]);
    expect((await check(other)).failures).to.deep.equal([]);
    expect([snapshotLists(), workloadLists()]).to.deep.equal([1, 1]);
    expect(gets(new RegExp(`^/snapshots/${restoring}$`)), "read on its own each time").to.equal(2);
  });

  it("reads the lists again once they are 30 seconds old", async () => {
    const workloads = sim.trilio.seed(individually + 2);
    for (const workload of workloads) await check(workload.snapshotIds[0]);
    expect(snapshotLists()).to.equal(1);
    clock.advance(BULK_LOOKUP_POLICY.maxAgeMs);
    const [late] = sim.trilio.seed(1, {}, "late");
    expect((await check(late.snapshotIds[0])).failures).to.deep.equal([]);
    expect([snapshotLists(), workloadLists()]).to.deep.equal([2, 2]);
    expect(snapshotReads(), "the new snapshot came from the new list").to.equal(individually);
  });

  it("verifies a selective restore's instances in the snapshot itself: a list names none", async () => {
    const workloads = sim.trilio.seed(individually + 1);
    for (const workload of workloads) await check(workload.snapshotIds[0]);
    const [target] = workloads;
    const result = await check(target.snapshotIds[0], {
      restoreType: "selective",
      instances: [{ id: "0b5a5f2c-0d3e-4f6a-9b7c-1d2e3f4a5b6c" }],
    });
    expect(result.failures?.[0].property).to.equal("instances[0].id");
    expect(result.failures?.[0].reason).to.match(/is not in snapshot .* \(it has: bench-001-1 /);
  });

  it("checks each snapshot on its own when the server cannot list them", async () => {
    sim.faults.add({
      service: "trilio",
      method: "GET",
      path: /\/snapshots\/detail$/,
      status: 500,
      times: Infinity,
    });
    const workloads = sim.trilio.seed(individually + 3);
    for (const workload of workloads) {
      expect((await check(workload.snapshotIds[0])).failures).to.deep.equal([]);
    }
    expect(snapshotLists(), "one attempt, then listing is off").to.equal(1);
    expect(snapshotReads()).to.equal(workloads.length);
    expect(workloadLists()).to.equal(1);
  });
});
