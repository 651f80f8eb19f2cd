// A Waldur object that answers 409 ("busy") for a long time: the provider backs off and gives up at the
// resource's deadline, over HTTP against the simulator, on a simulated clock.
import { expect } from "chai";
import { useClock } from "../../../provider/core/clock";
import { snapshotProvider } from "../../../provider/waldur/snapshot";
import { ManualClock, startSimulator, WALDUR_SEED, type Simulator } from "../../../simulator";

const SNAPSHOT = WALDUR_SEED.scheduleSnapshotUuids[0];
const IDENTITY = { type: "waldur.Snapshot", name: "kept", project: "test", stack: "test" };
const BUSY = { status: 409, body: { detail: "Valid states for operation: OK." } };

describe("waldur.Snapshot against a busy snapshot", () => {
  let clock: ManualClock;
  let sim: Simulator;
  let restoreClock: () => void;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, waldur: { updateMs: 500 } });
    restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  });
  afterEach(async () => {
    restoreClock();
    await sim.close();
  });

  /** The adopted seed snapshot's outputs, and new inputs that move its kept_until. */
  async function adoptThenRetain(timeout: string) {
    const connection = { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token };
    const inputs = { __identity: IDENTITY, adoptSnapshotUuid: SNAPSHOT, connection };
    const created = await snapshotProvider.create(inputs);
    const news = { ...inputs, retention: { days: 30 }, timeouts: { update: timeout } };
    return { olds: created.outs ?? {}, news };
  }

  /** Requests to Waldur from now on, counted. */
  function countRequests(): () => number {
    const before = sim.requests.filter((r) => r.service === "waldur").length;
    return () => sim.requests.filter((r) => r.service === "waldur").length - before;
  }

  it("a 409 storm of 60 s costs under 30 requests and ends at the deadline, naming the snapshot and its state", async () => {
    const { olds, news } = await adoptThenRetain("60s");
    sim.faults.add({ service: "waldur", method: "PATCH", times: Infinity, ...BUSY });
    const requests = countRequests();
    const started = clock.now();
    const error = await snapshotProvider.update!(SNAPSHOT, olds, news).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(
      new RegExp(
        `snapshot ${SNAPSHOT} stayed busy: Waldur answered 409 "Valid states for operation: OK\\." to \\d+ ` +
          "requests over 60(\\.\\d)?s, the last time while it was OK; gave up at the deadline " +
          "\\(timeouts\\.update\\)",
      ),
    );
    expect(error?.message).to.match(/^Error updating waldur\.Snapshot "kept" \(id [0-9a-f]+\): .*\(HTTP 409/);
    expect(clock.now() - started).to.be.within(60_000, 61_000);
    expect(requests()).to.be.below(30);
  });

  it("sends the change once the snapshot is free again, at the next attempt", async () => {
    const { olds, news } = await adoptThenRetain("10m");
    const storm = sim.faults.add({ service: "waldur", method: "PATCH", times: Infinity, ...BUSY });
    const started = clock.now();
    const stop = sim.onRequest(() => {
      if (clock.now() - started >= 20_000) sim.faults.remove(storm);
    });
    const requests = countRequests();
    const updated = await snapshotProvider.update!(SNAPSHOT, olds, news);
    stop();
    expect(updated.outs?.effectiveKeptUntil).to.be.a("string");
    // Free from the first 409 answered after 20 s (at about 31 s): the next attempt, about 30 s later, succeeds.
    expect(clock.now() - started).to.be.within(31_000, 90_000);
    expect(requests()).to.be.below(20);
  });
});
