/**
 * What `up` will do to a `waldur.Snapshot`, in the lines preview shows (see ../core/plan). The dates come from
 * the same arithmetic create and update use (./retention), so preview shows the `kept_until` that will be sent.
 */
import { currentClock } from "../core/clock";
import { nameAndId, planValue, unread, type PlanGap } from "../core/plan";
import type { Props } from "../core/resource";
import { containsUnknown, UNKNOWN } from "../core/values";
import type { WaldurSnapshot, WaldurVolume } from "./api";
import type { SnapshotFields } from "./client";
import { desiredKeptUntil, toWaldurTime, type RetentionInputs } from "./retention";

/**
 * When `retention.days` counts from: now (a snapshot about to be made), the snapshot's creation as Waldur has it,
 * or a creation time preview did not read.
 */
export type RetentionStart = "now" | { created: string | null | undefined } | "unread";

/**
 * The `kept_until` the inputs ask for, as a plan line shows it, and why (`retention.days = 30 from now`);
 * undefined when they manage no retention.
 */
function plannedKeptUntil(inputs: RetentionInputs, start: RetentionStart): [string, string] | undefined {
  if (inputs.retention === undefined && inputs.keptUntil === undefined) return undefined;
  const days = inputs.retention?.days as unknown;
  if ((inputs.retention as unknown) === UNKNOWN || days === UNKNOWN) {
    return ["<a date unknown until up>", "retention is unknown at preview"];
  }
  if (inputs.retention === undefined) {
    if ((inputs.keptUntil as unknown) === UNKNOWN) return ["<keptUntil: unknown until up>", "keptUntil"];
    return [String(desiredKeptUntil(inputs, undefined)), "keptUntil"];
  }
  if (start === "now") {
    return [String(desiredKeptUntil(inputs, startTime(start))), `retention.days = ${days} from now`];
  }
  if (start === "unread" || !start.created)
    return [`its creation + ${days} days`, `retention.days = ${days}`];
  return [
    String(desiredKeptUntil(inputs, start.created)),
    `retention.days = ${days} from the snapshot's creation at ${start.created}`,
  ];
}

/** The creation time `retention.days` counts from: now, the snapshot's, or undefined when not read. */
function startTime(start: RetentionStart): string | null | undefined {
  if (start === "now") return toWaldurTime(currentClock().now());
  return start === "unread" ? undefined : start.created;
}

/**
 * The `kept_until` the inputs make create or update set, as preview can know it: a date, null (kept forever), or
 * undefined when it cannot (an unknown input, a creation time not read) or the inputs manage no retention.
 */
export function keptUntilToSet(inputs: RetentionInputs, start: RetentionStart): string | null | undefined {
  if (containsUnknown([inputs.retention, inputs.keptUntil])) return undefined;
  return desiredKeptUntil(inputs, startTime(start));
}

/**
 * How long the snapshot will be kept and why: `until <date> (retention.days = 30 from now)`, `(keptUntil)`,
 * `for ever (keptUntil: null)` or `until Waldur deletes it (no retention)`.
 */
export function keptUntilPlan(inputs: RetentionInputs, start: RetentionStart): string {
  const planned = plannedKeptUntil(inputs, start);
  if (!planned) return "until Waldur deletes it (no retention)";
  const [date, why] = planned;
  return date === "null" ? "for ever (keptUntil: null)" : `until ${date} (${why})`;
}

/** `set kept_until from <old> to <new> (why)`: a change of the retention of a snapshot created at `created`. */
export function keptUntilChange(
  current: string | null | undefined,
  inputs: RetentionInputs,
  created: string | null | undefined,
): string {
  const [date, why] = plannedKeptUntil(inputs, { created }) ?? ["null", "no retention declared"];
  return `set kept_until from ${current ?? "null"} to ${date} (${why})`;
}

/** The plan of a snapshot of `volume` (read at preview). */
export function snapshotPlan(volume: WaldurVolume, inputs: RetentionInputs): string {
  return `will snapshot volume ${nameAndId(volume.name, volume.uuid)} and keep it ${keptUntilPlan(inputs, "now")}`;
}

/** The plan of adopting `snapshot` (read at preview): what the create will PATCH (`fields`), or that it keeps it. */
export function adoptionPlan(
  snapshot: WaldurSnapshot,
  inputs: RetentionInputs,
  fields: SnapshotFields,
): string {
  const adopt = `will adopt snapshot ${nameAndId(snapshot.name, snapshot.uuid)}`;
  const others = Object.keys(fields).filter((key) => key !== "kept_until");
  const changes = [
    ...(others.length > 0 ? [`set ${others.join(", ")}`] : []),
    ...("kept_until" in fields ? [keptUntilChange(snapshot.kept_until, inputs, snapshot.created)] : []),
  ];
  if (changes.length > 0) return `${adopt} and ${changes.join(", and ")}`;
  return `${adopt}, changing nothing in Waldur (kept_until stays ${snapshot.kept_until ?? "null"})`;
}

/** The plan of a create that preview could not check against Waldur (see ../core/plan). */
export function planWithoutWaldur(inputs: Props, gap: PlanGap): string {
  const retention = inputs as RetentionInputs;
  if (inputs.adoptSnapshotUuid !== undefined) {
    return (
      `will adopt snapshot ${planValue(inputs.adoptSnapshotUuid, "adoptSnapshotUuid")} and keep it ` +
      `${keptUntilPlan(retention, "unread")} (${unread("its creation time and current values", gap)})`
    );
  }
  return (
    `will snapshot volume ${planValue(inputs.volumeUuid, "volumeUuid")} (${unread("its name", gap)}) and keep ` +
    `it ${keptUntilPlan(retention, "now")}`
  );
}
