import { expect } from "chai";
import fc from "fast-check";
import { normaliseState } from "../../../provider/waldur/api";
import { desiredKeptUntil, sameKeptUntil } from "../../../provider/waldur/retention";

describe("Waldur retention arithmetic", () => {
  it("counts retention.days from the creation time, to the second", () => {
    expect(desiredKeptUntil({ retention: { days: 30 } }, "2026-11-01T10:20:30.123456Z")).to.equal(
      "2026-12-01T10:20:30Z",
    );
    expect(desiredKeptUntil({ retention: { days: 30 } }, undefined)).to.equal(undefined);
  });

  it("normalises a declared keptUntil to UTC, keeps null (forever), and leaves retention unmanaged otherwise", () => {
    expect(desiredKeptUntil({ keptUntil: "2027-01-01T01:00:00+01:00" }, null)).to.equal(
      "2027-01-01T00:00:00Z",
    );
    expect(desiredKeptUntil({ keptUntil: null }, null)).to.equal(null);
    expect(desiredKeptUntil({}, "2026-11-01T00:00:00Z")).to.equal(undefined);
  });

  it("puts kept_until exactly `days` after creation, to the second, for any creation time", () => {
    const created = fc.date({
      noInvalidDate: true,
      min: new Date("2000-01-01"),
      max: new Date("2200-01-01"),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3650 }), created, (days, at) => {
        const keptUntil = Date.parse(String(desiredKeptUntil({ retention: { days } }, at.toISOString())));
        const exact = at.getTime() + days * 24 * 60 * 60_000;
        expect(exact - keptUntil).to.be.within(0, 999);
      }),
    );
  });

  it("compares kept_until values as instants, to the second", () => {
    expect(sameKeptUntil("2027-01-01T00:00:00Z", "2027-01-01T01:00:00+01:00")).to.equal(true);
    expect(sameKeptUntil("2027-01-01T00:00:00.9Z", "2027-01-01T00:00:00Z")).to.equal(true);
    expect(sameKeptUntil("2027-01-01T00:00:01Z", "2027-01-01T00:00:00Z")).to.equal(false);
    expect(sameKeptUntil(null, undefined)).to.equal(true);
    expect(sameKeptUntil(null, "2027-01-01T00:00:00Z")).to.equal(false);
  });

  it("reads both spellings of Waldur states", () => {
    expect(normaliseState("Creation Scheduled")).to.equal("CREATION_SCHEDULED");
    expect(normaliseState("CREATION_SCHEDULED")).to.equal("CREATION_SCHEDULED");
    expect(normaliseState("Erred")).to.equal("ERRED");
    expect(normaliseState("OK")).to.equal("OK");
  });
});
