/**
 * How long an operation is expected to take, from how long earlier operations of the same kind took (for example
 * the earlier backups of the same volume), for waits on APIs that report no progress (see ./poll-schedule).
 *
 * The APIs keep when an object was created and when it last changed; for an operation that finished, the last
 * change is usually its end, but a later rename or retention change moves it. The median of the most recent
 * few is robust to a minority of those; durations past a day are not taken as an operation's.
 */

/** One earlier operation: when it started and when its object last changed, as the API wrote them. */
export interface EarlierOperation {
  startedAt: string | null | undefined;
  changedAt: string | null | undefined;
}

/** How many of the most recent earlier operations count. */
const RECENT = 5;

/** Longer than this is a later change, not the operation. */
const LONGEST_MS = 24 * 60 * 60_000;

/** The median duration (ms) of the most recent earlier operations, or undefined when none tells. */
export function expectedDurationMs(earlier: readonly EarlierOperation[]): number | undefined {
  const durations = earlier
    .map((operation) => ({
      started: Date.parse(operation.startedAt ?? ""),
      changed: Date.parse(operation.changedAt ?? ""),
    }))
    .filter(({ started, changed }) => changed > started && changed - started <= LONGEST_MS)
    .sort((a, b) => b.started - a.started)
    .slice(0, RECENT)
    .map(({ started, changed }) => changed - started)
    .sort((a, b) => a - b);
  if (durations.length === 0) return undefined;
  const middle = Math.floor(durations.length / 2);
  return durations.length % 2 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
}
