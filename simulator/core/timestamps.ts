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
