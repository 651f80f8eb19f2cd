import { expect } from "chai";
import { expectedDurationForSize, expectedDurationMs } from "../../../provider/core/history";

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

describe("expectedDurationForSize", () => {
  const sized = (startMinute: number, minutes: number, size: number | null) => ({
    ...took(startMinute, minutes),
    size,
  });

  it("is the size times the median time per unit of the most recent five earlier operations of known size", () => {
    // 2, 3, 2.5, 10 (a later change) and 2 minutes per GiB; the oldest and the one of unknown size do not count.
    const earlier = [
      sized(0, 100, 10),
      sized(100, 20, 10),
      sized(200, 60, 20),
      sized(300, 10, 4),
      sized(400, 50, 5),
      sized(500, 8, 4),
      sized(600, 30, null),
    ];
    expect(expectedDurationForSize(earlier, 3)).to.equal(3 * 2.5 * 60_000);
  });

  it("tells nothing without earlier operations of known size, or for an object of no size", () => {
    expect(expectedDurationForSize([sized(0, 10, 0), sized(100, 10, null)], 5)).to.equal(undefined);
    expect(expectedDurationForSize([sized(0, 10, 5)], 0)).to.equal(undefined);
  });
});
