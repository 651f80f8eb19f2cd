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

/** One earlier operation on an object of a size (GiB, say): its time per unit of size predicts another's. */
export interface SizedOperation extends EarlierOperation {
  size: number | null | undefined;
}

/** The median duration (ms) of the most recent earlier operations, or undefined when none tells. */
export function expectedDurationMs(earlier: readonly EarlierOperation[]): number | undefined {
  return median(recentDurations(earlier).map(({ durationMs }) => durationMs));
}

/**
 * How long an operation on `size` units is expected to take (ms): `size` times the median time per unit of the most
 * recent earlier operations of known size, or undefined when none tells. For operations whose length follows the
 * object's size, such as a volume's full backup.
 */
export function expectedDurationForSize(
  earlier: readonly SizedOperation[],
  size: number,
): number | undefined {
  const sized = earlier.filter((operation) => (operation.size ?? 0) > 0);
  const rate = median(
    recentDurations(sized).map(({ durationMs, operation }) => durationMs / Number(operation.size)),
  );
  return rate === undefined || !(size > 0) ? undefined : rate * size;
}

/** The durations of the most recent earlier operations that can be told, with the operations. */
function recentDurations<T extends EarlierOperation>(earlier: readonly T[]) {
  return earlier
    .map((operation) => ({
      operation,
      started: Date.parse(operation.startedAt ?? ""),
      changed: Date.parse(operation.changedAt ?? ""),
    }))
    .filter(({ started, changed }) => changed > started && changed - started <= LONGEST_MS)
    .sort((a, b) => b.started - a.started)
    .slice(0, RECENT)
    .map(({ operation, started, changed }) => ({ operation, durationMs: changed - started }));
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
