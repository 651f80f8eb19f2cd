/**
 * What preview shows for a retention rule (./retention-rule): the warnings a Waldur snapshot schedule on the same
 * volume raises, and a summary that stays readable over hundreds of snapshots. Pure: no I/O.
 */
import { count } from "../core/messages";
import { nameAndId } from "../core/plan";
import {
  describeRule,
  RULE_ORDER,
  type RetentionOutcome,
  type RuleKey,
  type SnapshotDecision,
} from "./retention-rule";

/** A Waldur snapshot schedule (`/api/openstack-snapshot-schedules/`), as far as a retention rule cares. */
export interface SnapshotScheduleInfo {
  uuid: string;
  name?: string | null;
  /** `retention_time`: days after creation its snapshots are kept (`kept_until`); 0 or null keeps them forever. */
  retentionTimeDays?: number | null;
  /**
   * `maximal_number_of_resources`: at most this many of its snapshots. 0 or null: no deletions to warn of (older
   * servers read 0 as "make none", newer ones as no limit; neither deletes what the rule keeps).
   */
  maximalNumberOfResources?: number | null;
  /** `is_active`; an inactive schedule makes and deletes nothing. Absent means active. */
  isActive?: boolean | null;
}

/** A conflict between a schedule and the rule, for a preview warning. */
export interface ScheduleConflict {
  schedule: SnapshotScheduleInfo;
  /** The snapshots the rule keeps that the schedule may delete (empty for a `retention_time` conflict). */
  wouldDelete: SnapshotDecision[];
  /** The warning in words: what the schedule does, to which snapshots, and what to change. */
  message: string;
}

/** How many snapshots a message names before it says "and N more". */
const NAMED = 5;

/** `a, b, c and 4 more`: the first few snapshots of a list, by name and uuid. */
function someSnapshots(decisions: readonly SnapshotDecision[]): string {
  const named = decisions.slice(0, NAMED).map(({ snapshot }) => nameAndId(snapshot.name, snapshot.uuid));
  const more = decisions.length - named.length;
  return more > 0 ? `${named.join(", ")} and ${more} more` : named.join(", ");
}

/**
 * The ways `schedule` works against the rule's `outcome`, assuming every snapshot in the outcome may be the
 * schedule's (newer Waldur servers no longer say which schedule made a snapshot, so this errs towards warning):
 * - `maximal_number_of_resources`: the schedule deletes its oldest snapshots beyond that count whatever their
 *   `kept_until`. Every snapshot present counts (leaving ones too, until Waldur's cleanup removes them), so a kept
 *   snapshot older than the newest `maximal_number_of_resources` may be deleted at the schedule's next run.
 * - `retention_time`: a snapshot the schedule makes gets `kept_until = creation + retention_time days`, so the rule
 *   keeps a new snapshot only once an `up` runs within that many days of its creation.
 * An inactive schedule conflicts with nothing.
 */
export function scheduleConflicts(
  schedule: SnapshotScheduleInfo,
  outcome: RetentionOutcome,
): ScheduleConflict[] {
  if (schedule.isActive === false) return [];
  const label = `schedule ${nameAndId(schedule.name, schedule.uuid)}`;
  const conflicts: ScheduleConflict[] = [];
  const limit = schedule.maximalNumberOfResources ?? 0;
  const present = outcome.decisions; // newest first
  const wouldDelete = limit > 0 ? present.slice(limit).filter(({ verdict }) => verdict === "kept") : [];
  if (wouldDelete.length > 0) {
    const needed = present.indexOf(wouldDelete[wouldDelete.length - 1]) + 1;
    conflicts.push({
      schedule,
      wouldDelete,
      message:
        `${label} keeps at most ${count(limit, "snapshot")} (maximal_number_of_resources) and deletes its oldest ` +
        `beyond that whatever their kept_until: it may delete ${count(wouldDelete.length, "snapshot")} the rule ` +
        `keeps (${someSnapshots(wouldDelete)}). Set maximal_number_of_resources to at least ${needed} (the ` +
        `snapshots present down to the oldest the rule keeps), or narrow the rule.`,
    });
  }
  const days = schedule.retentionTimeDays ?? 0;
  if (days > 0) {
    conflicts.push({
      schedule,
      wouldDelete: [],
      message:
        `${label} gives each snapshot it makes kept_until = creation + ${count(days, "day")} (retention_time): ` +
        `a new snapshot the rule keeps is kept only once an up runs within ${count(days, "day")} of its creation. ` +
        `Run up at least that often, or set retention_time to 0.`,
    });
  }
  return conflicts;
}

/** `kept_until` in a change line: a date, or `null` spelled out. */
function keptUntilText(value: string | null): string {
  return value === null ? "null (forever)" : value;
}

/** One line for a snapshot whose `kept_until` changes. */
function changeLine({ snapshot, verdict, keptBy, current, desired }: SnapshotDecision): string {
  const what = nameAndId(snapshot.name, snapshot.uuid, `created ${snapshot.created}`);
  const why = verdict === "kept" ? keptBy.join(", ") : "not kept by the rule";
  const change = `kept_until ${keptUntilText(current)} → ${keptUntilText(desired)}`;
  return `  ${verdict === "kept" ? "keep  " : "expire"} ${what}: ${change} (${why})`;
}

/** The rule's name in the summary for a key (`last`, `daily`, …). */
function ruleName(key: RuleKey): string {
  return key === "keepLast" ? "last" : key;
}

/**
 * The preview of a retention rule, one string per line, readable for hundreds of snapshots: first the counts
 * (kept, by each rule; leaving; unchanged of those two; left alone), then `warnings` (such as
 * {@link scheduleConflicts}' messages), then the snapshots left alone because a `waldur.Snapshot` manages them
 * (named, as they are few), and last the long part, one line per snapshot whose `kept_until` changes, so nothing a
 * user must read hides below hundreds of change lines.
 */
export function retentionPreview(outcome: RetentionOutcome, warnings: readonly string[] = []): string[] {
  const { decisions, rule, timing } = outcome;
  const of = (verdict: SnapshotDecision["verdict"]) => decisions.filter((d) => d.verdict === verdict);
  const [kept, leaving, managed, ignored] = [of("kept"), of("leaving"), of("managed"), of("ignored")];
  const warned = warnings.length > 0 ? ["warnings:", ...warnings.map((warning) => `  ${warning}`)] : [];
  if (decisions.length === 0) {
    return [
      `retention rule ${describeRule(rule)} (UTC calendar): no snapshots yet; each preview reads them again`,
      ...warned,
    ];
  }
  const changes = decisions.filter((d) => d.patch);
  const byRule = RULE_ORDER.filter((key) => (rule[key] ?? 0) > 0).map((key) => {
    const prefix = `${ruleName(key)} `;
    return `${ruleName(key)}: ${kept.filter((d) => d.keptBy.some((why) => why.startsWith(prefix))).length}`;
  });
  const startLeaving = leaving.filter((d) => d.patch).length;
  const lines = [
    `retention rule ${describeRule(rule)} (UTC calendar), grace ${count(timing.graceDays, "day")}, over ` +
      `${count(decisions.length, "snapshot")}:`,
    `  kept: ${kept.length} (${byRule.join(", ")}; a snapshot may be kept by several rules)`,
    `  leaving: ${leaving.length} (${startLeaving} now get kept_until ${outcome.deadline}, ` +
      `${leaving.length - startLeaving} already expiring)`,
    `  unchanged: ${kept.length + leaving.length - changes.length}; kept_until changes on ` +
      count(changes.length, "snapshot"),
    `  left alone: ${managed.length + ignored.length} (${managed.length} managed by a waldur.Snapshot resource, ` +
      `${ignored.length} not usable: being created, erred or being deleted)`,
  ];
  lines.push(...warned);
  if (managed.length > 0) {
    lines.push(
      "managed by a waldur.Snapshot resource (left alone):",
      ...managed.map(({ snapshot }) => `  ${nameAndId(snapshot.name, snapshot.uuid)}: ${snapshot.managedBy}`),
    );
  }
  if (changes.length > 0) lines.push("changes:", ...changes.map(changeLine));
  return lines;
}
