/**
 * Retention arithmetic for `waldur.Snapshot`. Pure: no I/O.
 *
 * A snapshot's `kept_until` is managed when the inputs say so: `keptUntil` (a date-time, or null to keep it
 * forever) or `retention: { days }`, which means the snapshot's creation time plus that many days, so the value
 * is the same on every run and never shows as a perpetual diff.
 */

/** Retention as declared. */
export interface RetentionInputs {
  keptUntil?: string | null;
  retention?: { days: number };
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The `kept_until` the snapshot should have: an ISO date-time in UTC (`…Z`), null (keep forever), or undefined
 * when retention is not managed (or, for `retention.days`, the creation time is not known yet).
 */
export function desiredKeptUntil(
  inputs: RetentionInputs,
  created: string | null | undefined,
): string | null | undefined {
  if (inputs.retention) {
    const start = created ? Date.parse(created) : NaN;
    return Number.isNaN(start) ? undefined : toWaldurTime(start + inputs.retention.days * DAY_MS);
  }
  if (inputs.keptUntil === undefined) return undefined;
  return inputs.keptUntil === null ? null : toWaldurTime(Date.parse(inputs.keptUntil));
}

/**
 * True when two `kept_until` values name the same second (or are both "forever"). Seconds, because servers
 * differ in the precision they keep, and a retention is not worth a perpetual diff over microseconds.
 */
export function sameKeptUntil(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return (a ?? null) === (b ?? null);
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

/** A time as Waldur writes it: UTC, whole seconds, `Z`. */
export function toWaldurTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
