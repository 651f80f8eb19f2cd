/**
 * Times as the OpenStack services write them: naive UTC ("2026-11-21T00:00:00.000000", no zone), which
 * JavaScript's `Date.parse` would read as local time.
 */

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds since the epoch of a service's time, a time without a zone read as UTC; NaN when unreadable. */
export function utcMillis(text: string | null | undefined): number {
  if (!text) return NaN;
  return Date.parse(HAS_ZONE.test(text) ? text : `${text}Z`);
}

/** A service's time as an ISO date-time in UTC ("2026-11-21T00:00:00.000Z"); null when absent or unreadable. */
export function utcTime(text: string | null | undefined): string | null {
  const ms = utcMillis(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
