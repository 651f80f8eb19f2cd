/**
 * Date-times as Django REST framework reads and writes them: ISO 8601 in, UTC with a `Z` out
 * (`2026-12-22T10:00:00Z`, with `.uuuuuu` only when the fraction is not zero).
 */

/** DRF's message for a date-time it cannot read. */
export const DATETIME_FORMAT_ERROR =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

/** Django's `datetime_re`: `T` or a space, optional seconds and fraction, optional zone (naive is UTC). */
const DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return zone.startsWith("-") ? -minutes : minutes;
}

/**
 * A date-time value normalised to UTC (`2026-12-22T10:00:00Z`), or `undefined` when DRF would refuse
 * it (not a string, not the format, or no such date).
 */
export function normaliseDateTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = DATETIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  local.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  const exists =
    year >= 1 &&
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  const zone = match[8];
  if (!exists || Math.abs(offsetMinutes(zone)) >= 24 * 60) return undefined;
  const utc = new Date(local.getTime() - offsetMinutes(zone) * 60_000).toISOString().slice(0, 19);
  const micros = (match[7] ?? "").padEnd(6, "0");
  return /^0*$/.test(micros) ? `${utc}Z` : `${utc}.${micros}Z`;
}

/** Milliseconds since the epoch of a normalised date-time. */
export function dateTimeMs(normalised: string): number {
  return Date.parse(normalised);
}
