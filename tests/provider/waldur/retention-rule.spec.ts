import { expect } from "chai";
import fc from "fast-check";
import {
  evaluateRetention,
  graceDaysSchema,
  isoWeek,
  retentionRuleSchema,
  type RetentionOutcome,
  type RetentionRule,
  type RetentionSnapshot,
} from "../../../provider/waldur/retention-rule";
import { retentionPreview, scheduleConflicts } from "../../../provider/waldur/retention-plan";

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse("2026-12-31T12:00:00Z");
const GRACE = { now: NOW, graceDays: 7 };
const DEADLINE = "2027-01-07T12:00:00Z";

/** A usable snapshot made at `created`, with Waldur's uuid form derived from `n`. */
function snapshot(n: number, created: string, more: Partial<RetentionSnapshot> = {}): RetentionSnapshot {
  return {
    uuid: n.toString(16).padStart(32, "0"),
    name: `nightly-${created.slice(0, 10)}`,
    created,
    keptUntil: null,
    state: "OK",
    ...more,
  };
}

/** A schedule's year of nightly snapshots at 03:00 UTC, 2026-01-01 to 2026-12-31, each kept for 30 days. */
function yearOfNightlies(): RetentionSnapshot[] {
  return Array.from({ length: 365 }, (_, day) => {
    const created = new Date(Date.UTC(2026, 0, 1, 3) + day * DAY).toISOString().replace(".000Z", "Z");
    return snapshot(day + 1, created, { keptUntil: new Date(Date.parse(created) + 30 * DAY).toISOString() });
  });
}

const byDay = (outcome: RetentionOutcome, verdict = "kept") =>
  outcome.decisions.filter((d) => d.verdict === verdict).map((d) => String(d.snapshot.created).slice(0, 10));

const reasonsOf = (outcome: RetentionOutcome, day: string) =>
  outcome.decisions.find((d) => d.snapshot.created?.startsWith(day))?.keptBy;

/** The outcome once `up` has sent its PATCHes: every snapshot's kept_until as desired. */
function applied(outcome: RetentionOutcome): RetentionSnapshot[] {
  return outcome.decisions.map((d) => ({ ...d.snapshot, keptUntil: d.desired }));
}

describe("Waldur retention rule (grandfather-father-son)", () => {
  describe("named cases", () => {
    it("keeps exactly the expected 20 of a year of nightly snapshots with daily 7, weekly 4, monthly 12", () => {
      const outcome = evaluateRetention(yearOfNightlies(), { daily: 7, weekly: 4, monthly: 12 }, GRACE);
      expect(byDay(outcome)).to.deep.equal([
        // daily 7: the last seven days
        ...["2026-12-31", "2026-12-30", "2026-12-29", "2026-12-28", "2026-12-27", "2026-12-26", "2026-12-25"],
        // weekly 4: the Sundays ending ISO weeks 51 and 50 (weeks 53 and 52 end with kept days already)
        ...["2026-12-20", "2026-12-13"],
        // monthly 12: the last day of January to November (December's is 12-31)
        ...["2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30"],
        ...["2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28", "2026-01-31"],
      ]);
      expect(reasonsOf(outcome, "2026-12-31")).to.deep.equal([
        "daily 2026-12-31",
        "weekly 2026-W53",
        "monthly 2026-12",
      ]);
      expect(reasonsOf(outcome, "2026-12-27")).to.deep.equal(["daily 2026-12-27", "weekly 2026-W52"]);
      expect(reasonsOf(outcome, "2026-12-13")).to.deep.equal(["weekly 2026-W50"]);
      expect(reasonsOf(outcome, "2026-02-28")).to.deep.equal(["monthly 2026-02"]);
      expect(outcome.decisions.filter((d) => d.verdict === "leaving")).to.have.length(345);
    });

    it("keeps the newest of each bucket, counting only buckets that have a snapshot (as restic does)", () => {
      const snapshots = [
        snapshot(1, "2026-05-01T08:00:00Z"),
        snapshot(2, "2026-05-02T08:00:00Z"),
        snapshot(3, "2026-05-02T11:00:00Z"),
        snapshot(4, "2026-05-04T09:00:00Z"),
        snapshot(5, "2026-05-05T10:00:00Z"),
      ];
      const outcome = evaluateRetention(snapshots, { daily: 4 }, GRACE);
      const kept = outcome.decisions
        .filter((d) => d.verdict === "kept")
        .map((d) => d.snapshot.uuid.slice(-1));
      expect(kept).to.deep.equal(["5", "4", "3", "1"]);
    });

    it("keepLast and a bucket rule each name the snapshots they keep", () => {
      const snapshots = [snapshot(1, "2026-12-30T01:00:00Z"), snapshot(2, "2026-12-30T02:00:00Z")];
      const outcome = evaluateRetention(snapshots, { keepLast: 2, daily: 1 }, GRACE);
      expect(outcome.decisions.map((d) => d.keptBy)).to.deep.equal([
        ["last 2", "daily 2026-12-30"],
        ["last 2"],
      ]);
      expect(outcome.decisions[0].reason).to.equal("kept by last 2, daily 2026-12-30: kept_until stays null");
    });

    it("reads ISO weeks across year ends (2024-12-30 is 2025-W01, 2027-01-01 is 2026-W53)", () => {
      expect(isoWeek(Date.parse("2024-12-30T00:00:00Z"))).to.equal("2025-W01");
      expect(isoWeek(Date.parse("2024-12-29T23:59:59Z"))).to.equal("2024-W52");
      expect(isoWeek(Date.parse("2027-01-01T12:00:00Z"))).to.equal("2026-W53");
      expect(isoWeek(Date.parse("2027-01-04T00:00:00Z"))).to.equal("2027-W01");
    });

    it("gives a leaving snapshot now + grace, shortens a later kept_until, and never extends an earlier one", () => {
      const snapshots = [
        snapshot(9, "2026-12-31T03:00:00Z"),
        snapshot(1, "2026-12-01T03:00:00Z", { keptUntil: null }),
        snapshot(2, "2026-12-02T03:00:00Z", { keptUntil: "2027-01-31T03:00:00Z" }),
        snapshot(3, "2026-12-03T03:00:00Z", { keptUntil: "2027-01-02T00:00:00Z" }),
        snapshot(4, "2026-12-04T03:00:00Z", { keptUntil: "2026-12-30T00:00:00Z" }),
      ];
      const outcome = evaluateRetention(snapshots, { keepLast: 1 }, GRACE);
      const leaving = outcome.decisions.slice(1).map((d) => [d.snapshot.uuid.slice(-1), d.desired, d.patch]);
      expect(leaving).to.deep.equal([
        ["4", "2026-12-30T00:00:00Z", false],
        ["3", "2027-01-02T00:00:00Z", false],
        ["2", DEADLINE, true],
        ["1", DEADLINE, true],
      ]);
      expect(outcome.decisions[4].reason).to.equal(
        `not kept by the rule: kept_until null (forever) → ${DEADLINE} (now + 7 days of grace)`,
      );
      expect(outcome.decisions[1].reason).to.contain("has passed: Waldur deletes it at its next cleanup");
    });

    it("undoes a wrong rule before the grace period ends: a snapshot kept again goes back to null", () => {
      const first = evaluateRetention(yearOfNightlies(), { daily: 2 }, GRACE);
      const later = { now: NOW + DAY, graceDays: 7 };
      const fixed = evaluateRetention(applied(first), { daily: 7 }, later);
      const restored = fixed.decisions.filter((d) => d.patch);
      expect(restored.map((d) => [d.snapshot.created?.slice(0, 10), d.current, d.desired])).to.deep.equal(
        ["2026-12-29", "2026-12-28", "2026-12-27", "2026-12-26", "2026-12-25"].map((day) => [
          day,
          DEADLINE,
          null,
        ]),
      );
    });

    it("leaves alone snapshots a waldur.Snapshot manages and those not usable, and keeps another in their place", () => {
      const urn = "urn:pulumi:dev::p::waldur:index:Snapshot::golden";
      const snapshots = [
        snapshot(1, "2026-12-29T03:00:00Z"),
        snapshot(2, "2026-12-30T03:00:00Z", { managedBy: urn, keptUntil: "2027-06-01T00:00:00Z" }),
        snapshot(3, "2026-12-31T01:00:00Z", { state: "ERRED" }),
        snapshot(4, "2026-12-31T02:00:00Z", { state: "CREATING" }),
        snapshot(5, "2026-12-31T00:30:00Z", { state: "UPDATING", keptUntil: "2027-01-30T00:00:00Z" }),
        snapshot(6, "2026-12-28T03:00:00Z", { created: null }),
      ];
      const outcome = evaluateRetention(snapshots, { daily: 2 }, GRACE);
      const summary = outcome.decisions.map((d) => [d.snapshot.uuid.slice(-1), d.verdict, d.patch]);
      expect(summary).to.deep.equal([
        ["4", "ignored", false],
        ["3", "ignored", false],
        ["5", "kept", true],
        ["2", "managed", false],
        ["1", "kept", false],
        ["6", "ignored", false],
      ]);
      expect(outcome.decisions[3].reason).to.equal(
        `left alone: managed by ${urn}, which sets its kept_until`,
      );
      expect(outcome.decisions[3].desired).to.equal("2027-06-01T00:00:00Z");
    });

    it("accepts a rule that keeps something and a grace period above 0, and refuses what would expire at once", () => {
      expect(retentionRuleSchema.safeParse({ daily: 7, weekly: 0 }).success).to.equal(true);
      const none = retentionRuleSchema.safeParse({ daily: 0 });
      expect(none.success).to.equal(false);
      expect(none.error?.issues[0].message).to.contain("keep at least one snapshot");
      expect(retentionRuleSchema.safeParse({ daily: 1.5 }).success).to.equal(false);
      expect([0.5, 0, -1].map((days) => graceDaysSchema.safeParse(days).success)).to.deep.equal([
        true,
        false,
        false,
      ]);
    });
  });

  describe("properties over random snapshot histories", () => {
    const START = Date.parse("2023-01-01T00:00:00Z");
    const states = fc.constantFrom("OK", "OK", "OK", "OK", "UPDATING", "ERRED", "CREATING", "DELETING");
    const keptUntil = fc.option(
      fc.integer({ min: -30 * DAY, max: 90 * DAY }).map((d) => new Date(NOW + d).toISOString()),
    );
    /** Up to 120 snapshots over four years, often several in one day (a schedule plus manual ones). */
    const history = fc
      .array(
        fc.record({
          at: fc.oneof(
            fc.integer({ min: 0, max: 4 * 365 * DAY }),
            fc.integer({ min: 0, max: 4 * 365 }).map((day) => day * DAY + 3 * 60 * 60_000),
          ),
          state: states,
          keptUntil,
          managed: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        }),
        { maxLength: 120 },
      )
      .map((rows) =>
        rows.map((row, i) =>
          snapshot(i + 1, new Date(START + row.at).toISOString(), {
            state: row.state,
            keptUntil: row.keptUntil,
            ...(row.managed ? { managedBy: `urn:pulumi:dev::p::waldur:index:Snapshot::s${i}` } : {}),
          }),
        ),
      );
    const small = fc.integer({ min: 0, max: 6 });
    const rule: fc.Arbitrary<RetentionRule> = fc.record(
      { keepLast: small, daily: small, weekly: small, monthly: small, yearly: small },
      { requiredKeys: [] },
    );
    const timing = fc
      .integer({ min: 0, max: 30 * DAY })
      .chain((later) =>
        fc.integer({ min: 1, max: 30 }).map((graceDays) => ({ now: NOW + later, graceDays })),
      );

    const counted = (s: RetentionSnapshot) => !s.managedBy && ["OK", "UPDATING"].includes(s.state);

    /** What the rule keeps, computed the plain way: group by bucket, take the newest bucket's newest, D times. */
    function oracle(snapshots: RetentionSnapshot[], r: RetentionRule): Set<string> {
      const usable = snapshots
        .filter(counted)
        .sort(
          (a, b) =>
            Date.parse(String(b.created)) - Date.parse(String(a.created)) || (a.uuid < b.uuid ? 1 : -1),
        );
      const keep = new Set(usable.slice(0, r.keepLast ?? 0).map((s) => s.uuid));
      const keys: [number | undefined, (d: Date) => string][] = [
        [r.daily, (d) => `${d.getUTCFullYear()}-${d.getUTCMonth()}-${d.getUTCDate()}`],
        [r.weekly, (d) => plainIsoWeek(d)],
        [r.monthly, (d) => `${d.getUTCFullYear()}-${d.getUTCMonth()}`],
        [r.yearly, (d) => `${d.getUTCFullYear()}`],
      ];
      for (const [wanted, key] of keys) {
        const buckets = new Map<string, RetentionSnapshot>();
        for (const s of usable) {
          const k = key(new Date(String(s.created)));
          if (!buckets.has(k)) buckets.set(k, s);
        }
        [...buckets.values()].slice(0, wanted ?? 0).forEach((s) => keep.add(s.uuid));
      }
      return keep;
    }

    /** The ISO week counted from the Monday of the week holding January 4th (a second way to compute it). */
    function plainIsoWeek(d: Date): string {
      const mondayOfWeek1 = (year: number) => {
        const jan4 = Date.UTC(year, 0, 4);
        return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
      };
      let year = d.getUTCFullYear() + 1;
      while (d.getTime() < mondayOfWeek1(year)) year -= 1;
      return `${year}/${Math.floor((d.getTime() - mondayOfWeek1(year)) / (7 * DAY))}`;
    }

    it("keeps exactly what the rule keeps, with kept_until null, and expires every other counted snapshot", () => {
      fc.assert(
        fc.property(history, rule, timing, (snapshots, r, t) => {
          const keep = oracle(snapshots, r);
          const deadline = t.now + t.graceDays * DAY;
          for (const d of evaluateRetention(snapshots, r, t).decisions) {
            if (!counted(d.snapshot)) {
              expect([d.verdict, d.patch, d.desired]).to.deep.equal([d.verdict, false, d.current]);
              expect(d.verdict).to.be.oneOf(["managed", "ignored"]);
            } else if (keep.has(d.snapshot.uuid)) {
              expect([d.verdict, d.desired]).to.deep.equal(["kept", null]);
            } else {
              expect(d.verdict).to.equal("leaving");
              expect(d.desired).to.be.a("string");
              expect(Date.parse(String(d.desired))).to.be.at.most(deadline);
              if (d.patch) expect(Date.parse(String(d.desired))).to.be.within(deadline - 999, deadline);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    it("decides the same whatever order the snapshots are listed in", () => {
      fc.assert(
        fc.property(
          history.chain((snapshots) =>
            fc.tuple(fc.constant(snapshots), fc.shuffledSubarray(snapshots, { minLength: snapshots.length })),
          ),
          rule,
          timing,
          ([snapshots, shuffled], r, t) => {
            expect(evaluateRetention(shuffled, r, t)).to.deep.equal(evaluateRetention(snapshots, r, t));
          },
        ),
        { numRuns: 200 },
      );
    });

    it("sends nothing on a second up, at once or days later (no new snapshots)", () => {
      fc.assert(
        fc.property(history, rule, timing, fc.integer({ min: 0, max: 5 * DAY }), (snapshots, r, t, later) => {
          const once = evaluateRetention(snapshots, r, t);
          const again = evaluateRetention(applied(once), r, { ...t, now: t.now + later });
          expect(again.decisions.filter((d) => d.patch)).to.deep.equal([]);
          expect(again.decisions.map((d) => d.verdict)).to.deep.equal(once.decisions.map((d) => d.verdict));
        }),
        { numRuns: 200 },
      );
    });

    it("keepLast N alone keeps exactly the min(N, count) newest counted snapshots", () => {
      fc.assert(
        fc.property(history, fc.integer({ min: 1, max: 20 }), timing, (snapshots, n, t) => {
          const kept = evaluateRetention(snapshots, { keepLast: n }, t).decisions.filter(
            (d) => d.verdict === "kept",
          );
          const newest = snapshots
            .filter(counted)
            .map((s) => Date.parse(String(s.created)))
            .sort((a, b) => b - a);
          expect(kept).to.have.length(Math.min(n, newest.length));
          kept.forEach((d) =>
            expect(Date.parse(String(d.snapshot.created))).to.be.at.least(newest[kept.length - 1]),
          );
        }),
        { numRuns: 200 },
      );
    });

    it("a bucket count D keeps at most D snapshots by that rule, one per distinct bucket", () => {
      fc.assert(
        fc.property(history, rule, timing, (snapshots, r, t) => {
          const keptBy = evaluateRetention(snapshots, r, t).decisions.flatMap((d) => d.keptBy);
          for (const key of ["daily", "weekly", "monthly", "yearly"] as const) {
            const labels = keptBy.filter((why) => why.startsWith(`${key} `));
            expect(labels.length).to.be.at.most(r[key] ?? 0);
            expect(new Set(labels).size).to.equal(labels.length);
          }
        }),
        { numRuns: 200 },
      );
    });

    it("leaving a snapshot out (managed, not usable) never makes the rule expire another one", () => {
      fc.assert(
        fc.property(history, rule, timing, fc.nat(), (snapshots, r, t, pick) => {
          fc.pre(snapshots.length > 0);
          const target = snapshots[pick % snapshots.length];
          const keptBefore = evaluateRetention(snapshots, r, t).decisions.filter((d) => d.verdict === "kept");
          const erred = snapshots.map((s) => (s === target ? { ...s, state: "ERRED" } : s));
          const keptAfter = new Set(
            evaluateRetention(erred, r, t)
              .decisions.filter((d) => d.verdict === "kept")
              .map((d) => d.snapshot.uuid),
          );
          keptBefore
            .filter((d) => d.snapshot.uuid !== target.uuid)
            .forEach((d) => expect(keptAfter.has(d.snapshot.uuid), d.snapshot.uuid).to.equal(true));
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("schedule conflicts", () => {
    const outcome = evaluateRetention(yearOfNightlies(), { daily: 7, weekly: 4, monthly: 12 }, GRACE);

    it("names the kept snapshots a schedule's maximal_number_of_resources may delete, and the count that is safe", () => {
      const [conflict] = scheduleConflicts(
        { uuid: "a".repeat(32), name: "nightly", maximalNumberOfResources: 10 },
        outcome,
      );
      // The 10 newest are 12-22 … 12-31; of the 20 kept, 12-25 … 12-31 are among them and 13 are older.
      expect(conflict.wouldDelete.map((d) => d.snapshot.created?.slice(0, 10))).to.deep.equal([
        ...["2026-12-20", "2026-12-13", "2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31"],
        ...["2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28", "2026-01-31"],
      ]);
      expect(conflict.message).to.contain("it may delete 13 snapshots the rule keeps (nightly-2026-12-20 (");
      expect(conflict.message).to.contain("and 8 more");
      expect(conflict.message).to.contain("Set maximal_number_of_resources to at least 335");
    });

    it("warns that a retention_time needs an up within that many days, and says nothing for an inactive schedule", () => {
      const schedule = {
        uuid: "b".repeat(32),
        name: "hourly",
        retentionTimeDays: 3,
        maximalNumberOfResources: 400,
      };
      const conflicts = scheduleConflicts(schedule, outcome);
      expect(conflicts.map((c) => c.message)).to.deep.equal([
        `schedule hourly (${"b".repeat(32)}) gives each snapshot it makes kept_until = creation + 3 days ` +
          "(retention_time): a new snapshot the rule keeps is kept only once an up runs within 3 days of its " +
          "creation. Run up at least that often, or set retention_time to 0.",
      ]);
      expect(
        scheduleConflicts({ ...schedule, maximalNumberOfResources: 1, isActive: false }, outcome),
      ).to.deep.equal([]);
      expect(
        scheduleConflicts({ ...schedule, retentionTimeDays: 0, maximalNumberOfResources: 0 }, outcome),
      ).to.deep.equal([]);
    });
  });

  describe("preview", () => {
    it("summarises 400 snapshots in counts first, then warnings and what it leaves alone, then one line per change", () => {
      const urn = "urn:pulumi:dev::p::waldur:index:Snapshot::golden";
      const extra = Array.from({ length: 35 }, (_, i) =>
        snapshot(1000 + i, `2026-12-31T0${i % 9}:3${i % 6}:00Z`, {
          name: `manual-${i}`,
          ...(i === 0 ? { managedBy: urn } : i === 1 ? { state: "ERRED" } : {}),
        }),
      );
      const outcome = evaluateRetention(
        [...yearOfNightlies(), ...extra],
        { keepLast: 3, daily: 7, monthly: 12 },
        GRACE,
      );
      const lines = retentionPreview(outcome, ["a warning"]);
      // Kept: the 3 newest manual ones (12-31), the nightlies of 12-25 … 12-30 and the last of January … November.
      // Starting to leave: 30 manual ones (kept_until null) and 17 nightlies whose 30 days end after the grace
      // period (12-09 … 12-24, 12-31); the other 331 nightlies' kept_until is already within it or past.
      expect(lines.slice(0, 5)).to.deep.equal([
        "retention rule last 3, daily 7, monthly 12 (UTC calendar), grace 7 days, over 400 snapshots:",
        "  kept: 20 (last: 3, daily: 7, monthly: 12; a snapshot may be kept by several rules)",
        `  leaving: 378 (47 now get kept_until ${DEADLINE}, 331 already expiring)`,
        "  unchanged: 334; kept_until changes on 64 snapshots",
        "  left alone: 2 (1 managed by a waldur.Snapshot resource, 1 not usable: being created, erred or being deleted)",
      ]);
      expect(lines.slice(5, 9)).to.deep.equal([
        "warnings:",
        "  a warning",
        "managed by a waldur.Snapshot resource (left alone):",
        `  manual-0 (${(1000).toString(16).padStart(32, "0")}): ${urn}`,
      ]);
      expect(lines[9]).to.equal("changes:");
      expect(lines.length).to.equal(5 + 2 + 2 + 1 + 64);
      expect(lines).to.include(
        `  keep   nightly-2026-11-30 (${(334).toString(16).padStart(32, "0")}, created 2026-11-30T03:00:00Z): ` +
          "kept_until 2026-12-30T03:00:00.000Z → null (forever) (monthly 2026-11)",
      );
      expect(lines).to.include(
        `  expire nightly-2026-12-24 (${(358).toString(16).padStart(32, "0")}, created 2026-12-24T03:00:00Z): ` +
          `kept_until 2027-01-23T03:00:00.000Z → ${DEADLINE} (not kept by the rule)`,
      );
    });
  });
});
