/**
 * The grandfather-father-son retention rule behind `waldur.SnapshotRetention`. Pure: no I/O, no clock of its own
 * (`now` is an argument), so preview and `up` evaluate the same snapshots to the same outcome.
 *
 * What the rule keeps follows restic's `forget --keep-*` (borg's `prune` differs in one way, said below):
 * - `keepLast: N` keeps the N newest snapshots.
 * - `daily: D` keeps, for each of the D most recent calendar days **that have a snapshot**, the newest snapshot of
 *   that day; `weekly` (ISO 8601 weeks, Monday to Sunday, labelled `2026-W48`), `monthly` and `yearly` likewise.
 *   Days without a snapshot do not use up the count, so a schedule that stops (or a volume that is detached for a
 *   month) never makes the rule expire what it kept: nothing leaves the rule until newer snapshots take its place.
 * - The rules are independent and a snapshot is kept when any of them keeps it; it then names every rule that
 *   keeps it (`last 7`, `daily 2026-12-03`, `weekly 2026-W49`). Borg instead lets a snapshot kept by an earlier rule
 *   not count for later ones, which keeps more but makes "what does `weekly: 4` keep" depend on `daily`; restic's
 *   reading is the one a user can check rule by rule. Newer restic also keeps the oldest snapshot when a rule has
 *   fewer buckets than its count; this rule does not (a young history keeps what its buckets select).
 * - Calendar buckets are in **UTC**. Waldur stores and sends `created` in UTC, and the provider may run on any
 *   machine (a laptop, CI): buckets in the machine's zone would change what is kept with who runs `up`, and the
 *   next `up` from elsewhere would patch it back. A schedule at a fixed local hour still makes one snapshot per
 *   UTC day (daylight saving moves it by an hour, not across midnight, unless it runs within an hour of it).
 * - Ties (the same `created`) are broken by uuid, so the outcome does not depend on the order Waldur lists them.
 *
 * What it does with `kept_until`:
 * - A kept snapshot gets `kept_until = null` (keep until the rule lets it go). Not "until it would leave the
 *   rule": that depends on snapshots not made yet. So destroying the retention resource, which leaves every
 *   snapshot as it is, never puts a deadline on what the rule kept; the user removes them when they choose.
 * - A snapshot the rule does not keep is **leaving**: it gets `kept_until = now + grace`, never an immediate
 *   delete, so a wrong rule can be corrected (the snapshot is then kept again, `null`) before Waldur's cleanup runs.
 *   A leaving snapshot whose `kept_until` is already at or before `now + grace` keeps it: a second `up` does not
 *   push the deadline on (so it sends nothing), and an earlier deadline someone set is not extended. A later one
 *   (a schedule's `creation + retention_time`, a previous longer grace) is brought forward to `now + grace`: the
 *   grace period is the longest a snapshot outside the rule stays.
 * - Left alone (never patched, and not counted by the rule): snapshots managed by a `waldur.Snapshot` resource
 *   (that resource owns their `kept_until`), and snapshots that are not usable restore points — being created,
 *   erred, being deleted, in a state this package does not know, or without a creation time. The next `up` places
 *   a snapshot once it is `OK`. Not counting a snapshot can only make the rule keep more of the others, never
 *   fewer (each bucket keeps its newest counted snapshot, and fewer buckets reach further back), so leaving one
 *   out is always safe. A snapshot being updated (`UPDATE_SCHEDULED`, `UPDATING`) is a usable snapshot and counts.
 */
import { z } from "zod";
import { count } from "../core/messages";
import { sameKeptUntil, toWaldurTime } from "./retention";

/** A snapshot as the rule sees it: what the Waldur list gives, plus the resource that manages it, if any. */
export interface RetentionSnapshot {
  uuid: string;
  name: string;
  /** Creation time (ISO date-time), as Waldur has it. */
  created: string | null | undefined;
  /** Current `kept_until` (ISO date-time), or null: kept forever. */
  keptUntil: string | null | undefined;
  /** Waldur state, normalised (`OK`, `ERRED`, `CREATING`, …; see `normaliseState`). */
  state: string;
  /** The URN of the `waldur.Snapshot` resource that manages this snapshot, if one does. */
  managedBy?: string;
}

/** The counts of a grandfather-father-son rule. An absent or zero count keeps nothing by that rule. */
export interface RetentionRule {
  keepLast?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

/** The rule's keys, in the order reasons and summaries name them. */
export const RULE_ORDER = ["keepLast", "daily", "weekly", "monthly", "yearly"] as const;

/** One of the rule's counts. */
export type RuleKey = (typeof RULE_ORDER)[number];

const ruleCount = z.number().int().nonnegative().optional();

/**
 * The rule as inputs declare it: whole counts, at least one of them positive (a rule that keeps nothing would
 * expire every snapshot of the set, which is never what a retention policy means).
 */
export const retentionRuleSchema = z
  .object({ keepLast: ruleCount, daily: ruleCount, weekly: ruleCount, monthly: ruleCount, yearly: ruleCount })
  .refine((rule) => RULE_ORDER.some((key) => (rule[key] ?? 0) > 0), {
    message: "keep at least one snapshot: set keepLast, daily, weekly, monthly or yearly above 0",
  });

/** A grace period as inputs declare it: days (fractions allowed), above 0 so nothing leaving goes at once. */
export const graceDaysSchema = z.number().positive();

/** When the rule is evaluated, and how long a leaving snapshot stays. */
export interface RetentionTiming {
  /** Now, in milliseconds since the epoch. */
  now: number;
  /** The grace period of a leaving snapshot, in days (more than 0). */
  graceDays: number;
}

/**
 * What happens to one snapshot: `kept` by the rule, `leaving` it (expires after the grace period), `managed` by a
 * `waldur.Snapshot` resource, or `ignored` (not a usable snapshot yet, or any more). The last two are left alone.
 */
export type RetentionVerdict = "kept" | "leaving" | "managed" | "ignored";

/** The decision for one snapshot. */
export interface SnapshotDecision {
  snapshot: RetentionSnapshot;
  verdict: RetentionVerdict;
  /** The rules that keep it (`last 7`, `daily 2026-12-03`, `weekly 2026-W49`, `monthly 2026-12`, `yearly 2026`). */
  keptBy: string[];
  /** `kept_until` as Waldur has it now (null: forever). */
  current: string | null;
  /** `kept_until` it should have (null: forever); equal to `current` when nothing is to be sent. */
  desired: string | null;
  /** True when `up` must PATCH `kept_until` to `desired`. */
  patch: boolean;
  /** Why, in words, for preview. */
  reason: string;
}

/** The outcome of the rule over a set of snapshots: one decision per snapshot, newest first. */
export interface RetentionOutcome {
  rule: RetentionRule;
  timing: RetentionTiming;
  /** `now + grace`, as Waldur writes times: the `kept_until` a snapshot that starts leaving gets. */
  deadline: string;
  decisions: SnapshotDecision[];
}

const DAY_MS = 24 * 60 * 60_000;

/** States of a snapshot the rule counts: a usable restore point, possibly being updated (a PATCH in flight). */
const COUNTED_STATES = new Set(["OK", "UPDATE_SCHEDULED", "UPDATING"]);

/** The calendar bucket (UTC) a time falls in, for each bucketed rule. */
const BUCKETS: Record<Exclude<RuleKey, "keepLast">, (ms: number) => string> = {
  daily: (ms) => new Date(ms).toISOString().slice(0, 10),
  weekly: isoWeek,
  monthly: (ms) => new Date(ms).toISOString().slice(0, 7),
  yearly: (ms) => new Date(ms).toISOString().slice(0, 4),
};

/** The ISO 8601 week of a time (UTC), as `2026-W48`: the week-year is the year of the week's Thursday. */
export function isoWeek(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date((day - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The rule in words: `last 7, daily 7, weekly 4, monthly 12`. */
export function describeRule(rule: RetentionRule): string {
  return RULE_ORDER.filter((key) => (rule[key] ?? 0) > 0)
    .map((key) => `${key === "keepLast" ? "last" : key} ${rule[key]}`)
    .join(", ");
}

/** A snapshot with its creation time read (NaN when Waldur gives none). */
interface Counted {
  snapshot: RetentionSnapshot;
  created: number;
}

/**
 * Newest first, snapshots without a creation time last; the same `created` ordered by uuid (the greater counts as
 * the newer), so the listing order never matters.
 */
function newestFirst(a: Counted, b: Counted): number {
  const [aUnread, bUnread] = [Number.isNaN(a.created), Number.isNaN(b.created)];
  if (aUnread !== bUnread) return aUnread ? 1 : -1;
  const byUuid = a.snapshot.uuid < b.snapshot.uuid ? 1 : a.snapshot.uuid > b.snapshot.uuid ? -1 : 0;
  return aUnread ? byUuid : b.created - a.created || byUuid;
}

/** For each counted snapshot (newest first), the rules that keep it. */
function keepers(counted: Counted[], rule: RetentionRule): Map<string, string[]> {
  const kept = new Map<string, string[]>(counted.map(({ snapshot }) => [snapshot.uuid, []]));
  counted.slice(0, rule.keepLast ?? 0).forEach(({ snapshot }) => {
    kept.get(snapshot.uuid)?.push(`last ${rule.keepLast}`);
  });
  for (const [key, bucketOf] of Object.entries(BUCKETS) as [keyof typeof BUCKETS, (ms: number) => string][]) {
    const wanted = rule[key] ?? 0;
    let previous: string | undefined;
    let taken = 0;
    for (const { snapshot, created } of counted) {
      if (taken >= wanted) break;
      const bucket = bucketOf(created);
      if (bucket === previous) continue;
      previous = bucket;
      taken += 1;
      kept.get(snapshot.uuid)?.push(`${key} ${bucket}`);
    }
  }
  return kept;
}

/** Why a snapshot is left alone, or undefined when the rule counts it. */
function leftAlone(snapshot: RetentionSnapshot, created: number): [RetentionVerdict, string] | undefined {
  if (snapshot.managedBy) {
    return ["managed", `left alone: managed by ${snapshot.managedBy}, which sets its kept_until`];
  }
  if (!COUNTED_STATES.has(snapshot.state)) {
    return [
      "ignored",
      `left alone: state ${snapshot.state} is not a usable snapshot (the rule counts it once it is OK)`,
    ];
  }
  if (Number.isNaN(created)) return ["ignored", "left alone: Waldur gives no creation time for it"];
  return undefined;
}

/** The decision for a counted snapshot the rule does not keep. */
function leaving(current: string | null, timing: RetentionTiming, deadline: string) {
  const grace = `now + ${count(timing.graceDays, "day")} of grace`;
  const currentMs = current === null ? NaN : Date.parse(current);
  if (!Number.isNaN(currentMs) && Math.floor(currentMs / 1000) <= Math.floor(Date.parse(deadline) / 1000)) {
    const reason =
      currentMs <= timing.now
        ? `not kept by the rule; kept_until ${current} has passed: Waldur deletes it at its next cleanup`
        : `not kept by the rule; kept_until stays ${current} (within the grace period)`;
    return { desired: current, patch: false, reason };
  }
  const from = current === null ? "null (forever)" : current;
  return {
    desired: deadline,
    patch: true,
    reason: `not kept by the rule: kept_until ${from} → ${deadline} (${grace})`,
  };
}

/**
 * Evaluates `rule` over `snapshots` at `timing.now`: per snapshot, whether the rule keeps it (and by which rules),
 * the `kept_until` it should have, whether a PATCH is needed, and why. See the module's description for the
 * semantics. Decisions come newest first, whatever order `snapshots` is in.
 */
export function evaluateRetention(
  snapshots: readonly RetentionSnapshot[],
  rule: RetentionRule,
  timing: RetentionTiming,
): RetentionOutcome {
  const deadline = toWaldurTime(timing.now + timing.graceDays * DAY_MS);
  const read = snapshots
    .map((snapshot) => ({ snapshot, created: snapshot.created ? Date.parse(snapshot.created) : NaN }))
    .sort(newestFirst);
  const counted = read.filter(({ snapshot, created }) => !leftAlone(snapshot, created));
  const kept = keepers(counted, rule);
  const decisions = read.map(({ snapshot, created }): SnapshotDecision => {
    const current = snapshot.keptUntil ?? null;
    const alone = leftAlone(snapshot, created);
    if (alone) {
      return {
        snapshot,
        verdict: alone[0],
        keptBy: [],
        current,
        desired: current,
        patch: false,
        reason: alone[1],
      };
    }
    const keptBy = kept.get(snapshot.uuid) ?? [];
    if (keptBy.length > 0) {
      const patch = !sameKeptUntil(current, null);
      const change = patch
        ? `kept_until ${current} → null (forever, while the rule keeps it)`
        : "kept_until stays null";
      return {
        snapshot,
        verdict: "kept",
        keptBy,
        current,
        desired: null,
        patch,
        reason: `kept by ${keptBy.join(", ")}: ${change}`,
      };
    }
    return { snapshot, verdict: "leaving", keptBy, current, ...leaving(current, timing, deadline) };
  });
  return { rule, timing, deadline, decisions };
}
