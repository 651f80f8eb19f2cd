import { expect } from "chai";
import { useClock, type Clock } from "../../../provider/core/clock";
import { waitFor, waitUntilGone } from "../../../provider/core/waiter";

/** A clock where sleeping advances time at once. */
function simulatedClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
}

/** A fake operation that is `executing` until `doneAt` ms, then `status`. */
function operation(clock: Clock, doneAt: number, status = "available") {
  return async () => ({
    status: clock.now() >= doneAt ? status : "executing",
    percent: Math.min(100, Math.floor((clock.now() / doneAt) * 100)),
  });
}

const spec = { pending: ["executing"], target: ["available"], failure: ["error"] } as const;

/** Waits, for up to an hour, on an operation that is done at `doneAt` ms. */
function waitUntilDone(clock: Clock, doneAt: number, random?: () => number) {
  return waitFor({
    ...spec,
    subject: "op",
    poll: operation(clock, doneAt),
    status: (v) => v.status,
    deadline: 60 * 60_000,
    clock,
    random,
  });
}

describe("waitFor", () => {
  it("polls with growing intervals, capped at 30 s, until the target status", async () => {
    const clock = simulatedClock();
    const outcome = await waitUntilDone(clock, 10 * 60_000, () => 0.5);
    expect(outcome.kind).to.equal("target");
    expect(clock.sleeps[0]).to.equal(1000);
    expect(clock.sleeps[1]).to.equal(1500);
    expect(Math.max(...clock.sleeps)).to.equal(30_000);
    expect(outcome.polls).to.be.lessThan(40);
  });

  it("takes its jitter from the clock when given none, so a seeded clock repeats a wait exactly", async () => {
    const wait = async (random: () => number) => {
      const clock = { ...simulatedClock(), random };
      await waitUntilDone(clock, 5 * 60_000);
      return clock.sleeps;
    };
    // ±20 % jitter: the lowest draw shortens the first interval of 1 s to 0.8 s, the highest lengthens it.
    expect((await wait(() => 0))[0]).to.equal(800);
    expect((await wait(() => 0.999))[0]).to.be.closeTo(1200, 1);
  });

  it("returns a failure status with the last value, not an exception", async () => {
    const clock = simulatedClock();
    const outcome = await waitFor({
      ...spec,
      subject: "op",
      poll: operation(clock, 5000, "error"),
      status: (v) => v.status,
      deadline: 60_000,
      clock,
    });
    expect(outcome.kind).to.equal("failure");
    expect(outcome.value?.status).to.equal("error");
  });

  it("stops at the deadline without sleeping past it, after one last poll", async () => {
    const clock = simulatedClock();
    const outcome = await waitFor({
      ...spec,
      subject: "op",
      poll: operation(clock, 10 * 60_000),
      status: (v) => v.status,
      deadline: 20_000,
      clock,
    });
    expect(outcome.kind).to.equal("timeout");
    expect(clock.now()).to.equal(20_000);
  });

  it("checks an initial value before sleeping", async () => {
    const clock = simulatedClock();
    const outcome = await waitFor({
      ...spec,
      subject: "op",
      initial: { status: "available" },
      poll: async () => ({ status: "executing" }),
      status: (v) => v.status,
      deadline: 1000,
      clock,
    });
    expect(outcome).to.deep.equal({ kind: "target", value: { status: "available" }, polls: 0 });
    expect(clock.sleeps).to.deep.equal([]);
  });

  it("without progress but with an expected length, polls near the expected end", async () => {
    const waitFinishingAt = async (doneAt: number, expectedMs?: number) => {
      const clock = simulatedClock();
      const outcome = await waitFor({
        ...spec,
        subject: "backup",
        poll: operation(clock, doneAt),
        status: (v) => v.status,
        deadline: 4 * 60 * 60_000,
        expectedMs,
        clock,
        random: () => 0.5,
      });
      expect(outcome.kind).to.equal("target");
      return { polls: outcome.polls, lag: clock.now() - doneAt };
    };
    const twentyMinutes = 20 * 60_000;
    const unknown = await waitFinishingAt(twentyMinutes);
    const expected = await waitFinishingAt(twentyMinutes, twentyMinutes);
    expect(expected.polls).to.be.at.most(10);
    expect(expected.polls).to.be.lessThan(unknown.polls / 3);
    expect(expected.lag).to.be.at.most(0.05 * twentyMinutes);
    // Longer than expected: once the expected end has passed, it polls at a few percent of the time waited.
    const overrun = await waitFinishingAt(2 * twentyMinutes, twentyMinutes);
    expect(overrun.lag).to.be.at.most(0.05 * 2 * twentyMinutes);
    expect(overrun.polls).to.be.lessThan(unknown.polls);
  });

  it("logs progress when it changes, and an unknown status once", async () => {
    const clock = simulatedClock();
    const lines: string[] = [];
    const statuses = ["executing", "executing", "resizing", "resizing", "available"];
    await waitFor({
      ...spec,
      subject: "restore 1",
      poll: async () => ({ status: statuses.shift() ?? "available", percent: 50 }),
      status: (v) => v.status,
      progress: (v) => ({ percent: v.percent, message: "Restoring web-1" }),
      deadline: 60_000,
      clock,
      log: (line) => lines.push(line),
    });
    expect(lines).to.deep.equal([
      "restore 1 executing 50%: Restoring web-1",
      'restore 1 reports status "resizing", which is not a known one; still waiting',
      "restore 1 resizing 50%: Restoring web-1",
      "restore 1 available 50%: Restoring web-1",
    ]);
  });
});

describe("waitUntilGone", () => {
  /** An object that is `deleting` until `goneAt` ms (then gone), or that turns `finalStatus` there. */
  function deleting(clock: Clock, goneAt: number, finalStatus?: string) {
    return async () => {
      if (clock.now() < goneAt) return { status: "deleting", reason: null };
      return finalStatus ? { status: finalStatus, reason: "the backend refused" } : undefined;
    };
  }

  function waitGone(clock: Clock, get: () => Promise<{ status: string; reason: string | null } | undefined>) {
    const restore = useClock(clock);
    return waitUntilGone({
      subject: "backup b1",
      get,
      status: (value) => value.status,
      pending: ["deleting"],
      failure: ["error_deleting"],
      reason: (value) => value.reason,
      deadline: 10 * 60_000,
    }).finally(restore);
  }

  it("returns once the object is gone", async () => {
    const clock = simulatedClock();
    await waitGone(clock, deleting(clock, 90_000));
    expect(clock.now())
      .to.be.at.least(90_000)
      .and.below(10 * 60_000);
  });

  it("fails naming the object, the status it is left in and the server's reason", async () => {
    const clock = simulatedClock();
    const failed = await waitGone(clock, deleting(clock, 30_000, "error_deleting")).catch((e: Error) => e);
    expect(failed).to.be.instanceOf(Error);
    expect((failed as Error).message).to.equal(
      "backup b1 was not deleted: it is error_deleting: the backend refused",
    );
  });

  it("fails at the deadline naming the status it was still in and the input that sets the deadline", async () => {
    const clock = simulatedClock();
    const failed = await waitGone(clock, deleting(clock, Infinity)).catch((e: Error) => e);
    expect((failed as Error).message).to.equal(
      "backup b1 was not deleted: still deleting when the deadline passed (timeouts.delete)",
    );
    expect(clock.now()).to.equal(10 * 60_000);
  });
});
