// A year of daily snapshots under waldur.SnapshotRetention, through the engine (a real program, the real
// dynamic-provider host) against the simulator's clock: an `up` every 73 days, Waldur's cleanup deleting what has
// passed its kept_until. At the end the snapshots left are exactly those the rule keeps (computed here from the
// calendar, not by the provider's code), and a second `up` changes nothing.
import { expect } from "chai";
import { ManualClock, WALDUR_SEED } from "../../simulator";
import { shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

const DAY = 24 * 3600 * 1000;
const VOLUME = WALDUR_SEED.scratchVolumeUuid;
const RULE = { keepLast: 3, daily: 10, weekly: 6, monthly: 12 };
const GRACE_DAYS = 5;

/** The creation times the rule keeps out of one snapshot a day at 02:00 UTC from `first` to `last` (days). */
function keptByCalendar(first: number, last: number): Set<number> {
  const days = Array.from({ length: last - first + 1 }, (_, i) => (last - i) * DAY + 2 * 3600 * 1000); // newest first
  const kept = new Set(days.slice(0, Math.max(RULE.keepLast, RULE.daily)));
  // The newest snapshot of a week is its Sunday's, or the last day's for the week still running.
  const mondayOf = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
  const newestPer = (bucket: (ms: number) => string | number, count: number) => {
    const seen = new Set<string | number>();
    for (const ms of days) {
      if (seen.has(bucket(ms))) continue;
      seen.add(bucket(ms));
      if (seen.size > count) return;
      kept.add(ms);
    }
  };
  newestPer((ms) => mondayOf(Math.floor(ms / DAY) * DAY), RULE.weekly);
  newestPer((ms) => new Date(ms).toISOString().slice(0, 7), RULE.monthly);
  return kept;
}

describe("waldur.SnapshotRetention over a simulated year (engine, against the simulator)", function () {
  this.timeout(300_000);
  const start = Date.parse("2026-01-01T00:00:00Z");
  const clock = new ManualClock(start);
  let stack: TestStack;

  before(async () => {
    stack = await TestStack.start({
      clock,
      waldur: { tokenIdleTimeoutMs: Infinity, snapshotCreateMs: 0, updateMs: 0 },
    });
  });
  after(async () => stack.dispose());

  const policy: DeclaredResource = {
    type: "waldur.SnapshotRetention",
    name: "scratch-retention",
    args: { sourceVolumeUuid: VOLUME, namePrefix: "scratch-daily-", rule: RULE, graceDays: GRACE_DAYS },
  };

  const present = () =>
    stack.sim.waldur.state.snapshots
      .filter((snapshot) => snapshot.sourceVolumeUuid === VOLUME)
      .map((snapshot) => snapshot.createdAt);

  it("keeps exactly what the rule keeps after a year of daily snapshots, and a second up sends nothing", async () => {
    const firstDay = start / DAY;
    let day = firstDay;
    // An up every 73 days (five in the year): each engine run costs seconds, and what the rule keeps does not
    // depend on how often it runs (a snapshot it lets go never comes back into it as newer ones are made).
    for (let period = 0; period < 5; period++) {
      for (let i = 0; i < 73; i++, day++) {
        clock.set(day * DAY + 2 * 3600 * 1000);
        const name = `scratch-daily-${new Date(clock.now()).toISOString().slice(0, 10)}`;
        stack.sim.waldur.addSnapshot({ sourceVolume: VOLUME, name, createdAt: clock.now() });
      }
      clock.set(day * DAY + 9 * 3600 * 1000); // the up runs at 09:00 the next day
      const result = await stack.run("up", [policy]);
      expect(result.ok, shown(result)).to.equal(true);
    }
    const lastDay = day - 1;
    clock.advance((GRACE_DAYS + 1) * DAY); // past every grace period: Waldur's cleanup has run
    expect(present().sort()).to.deep.equal([...keptByCalendar(firstDay, lastDay)].sort());

    const before = stack.sim.requests.length;
    const again = await stack.run("up", [policy]);
    expect(again.ok, shown(again)).to.equal(true);
    expect(summaryOf(again, policy.type)).to.deep.equal({ same: 1 });
    const changing = stack.sim.requests
      .slice(before)
      .filter((r) => r.service === "waldur" && r.method !== "GET");
    expect(changing).to.deep.equal([]);
    expect(shown(again)).to.contain("kept_until changes on 0 snapshots");
  });
});
