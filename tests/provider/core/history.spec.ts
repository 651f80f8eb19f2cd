import { expect } from "chai";
import { expectedDurationMs } from "../../../provider/core/history";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();
const took = (startMinute: number, minutes: number) => ({
  startedAt: at(startMinute),
  changedAt: at(startMinute + minutes),
});

describe("expectedDurationMs", () => {
  it("is the median length of the most recent five earlier operations", () => {
    const earlier = [took(0, 90), took(100, 10), took(200, 12), took(300, 11), took(400, 60), took(500, 13)];
    // The oldest (90 minutes) is not among the five most recent; a later change (60) does not move the median.
    expect(expectedDurationMs(earlier)).to.equal(12 * 60_000);
  });

  it("ignores what cannot be an operation's length: missing or unordered times, more than a day", () => {
    expect(
      expectedDurationMs([
        { startedAt: null, changedAt: at(5) },
        { startedAt: at(10), changedAt: undefined },
        { startedAt: at(20), changedAt: at(20) },
        took(30, 25 * 60),
      ]),
    ).to.equal(undefined);
    expect(expectedDurationMs([took(0, 8), took(100, 10)])).to.equal(9 * 60_000);
  });
});
