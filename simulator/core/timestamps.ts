/**
 * Timestamp spellings of the simulated services. Both carry microseconds (the simulator's clock has
 * millisecond resolution, so the last three digits are zeros).
 */

function isoWithMicros(ms: number): string {
  // toISOString gives "2020-11-05T10:17:40.123Z"
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

/** Nova-style naive UTC time, no zone: `2020-11-05T10:17:40.000000` (Trilio). */
export function naiveUtcTimestamp(ms: number): string {
  return isoWithMicros(ms);
}

/** Keystone-style UTC time with a `Z`: `2026-11-22T11:00:00.000000Z`. */
export function zuluTimestamp(ms: number): string {
  return `${isoWithMicros(ms)}Z`;
}

/**
 * Django REST framework's UTC time: `2026-11-22T10:00:00Z`, with `.uuuuuu` only when the fraction is
 * not zero (`2026-11-22T10:00:00.250000Z`) (Waldur).
 */
export function djangoTimestamp(ms: number): string {
  const micros = isoWithMicros(ms);
  return micros.endsWith(".000000") ? `${micros.slice(0, 19)}Z` : `${micros}Z`;
}
