/**
 * When to ask again. Long operations are waited on for minutes to hours: asking often wastes requests (and the
 * API's capacity), asking rarely notices the end late. The schedule uses what the API tells:
 *
 * - With progress (Trilio's `progress_percent`, PowerVC task progress), it estimates when the operation ends from
 *   the progress rate and sleeps until just before then, never more than the time already waited (so a
 *   misleading early estimate costs at most a doubling), then polls at a few percent of the elapsed time near
 *   the predicted end.
 * - Without progress but with an expected length (how long earlier operations of the same kind took), it treats
 *   the expected end as the predicted one, the same way; once that has passed, it polls as without progress,
 *   from a few percent of the time waited.
 * - Without progress (a bare status), intervals grow from about a second to 30 s, and beyond that with the time
 *   already waited (a few percent of it), so an hours-long operation is not polled every 30 s to its end.
 *
 * Every interval gets ±20 % jitter, so many waiters do not poll in step. Pure: the caller gives the time.
 */

/** Settings of a schedule. */
export interface PollIntervals {
  /** The first interval, and the shortest. */
  initialMs: number;
  /** Growth of intervals without progress, per poll. */
  factor: number;
  /** Intervals grow to this without progress... */
  maxMs: number;
  /** ...then to this fraction of the time waited so far (the largest lag accepted, relative to the wait). */
  lagFraction: number;
  /** Relative jitter, e.g. 0.2 for ±20 %. */
  jitter: number;
}

/** The default schedule. */
export const DEFAULT_POLL_INTERVALS: PollIntervals = {
  initialMs: 1000,
  factor: 1.5,
  maxMs: 30_000,
  lagFraction: 0.03,
  jitter: 0.2,
};

/** One observation: when, and how far along (0–100), if the API says. */
export interface Observation {
  at: number;
  percent?: number;
}

/** A polling schedule for one wait, fed each observation; says how long to sleep before the next poll. */
export class PollSchedule {
  private readonly intervals: PollIntervals;
  private growing: number;
  private first?: Required<Observation>;
  private expectedEndPassed = false;

  /**
   * @param startedAt when the operation started (for the progress rate before a second observation).
   * @param expectedMs how long the operation is expected to take in all, when earlier ones tell.
   */
  constructor(
    private readonly startedAt: number,
    intervals: Partial<PollIntervals> = {},
    private readonly random: () => number = Math.random,
    private readonly expectedMs?: number,
  ) {
    this.intervals = { ...DEFAULT_POLL_INTERVALS, ...intervals };
    this.growing = this.intervals.initialMs;
  }

  /** The sleep before the next poll, given the latest observation. */
  next(observation: Observation): number {
    const { initialMs, lagFraction, jitter } = this.intervals;
    const elapsed = Math.max(0, observation.at - this.startedAt);
    const floor = Math.max(initialMs, lagFraction * elapsed);
    const untilEnd = this.predictedRemaining(observation) ?? this.expectedRemaining(elapsed, floor);
    let delay: number;
    if (untilEnd === undefined) {
      delay = Math.max(this.growing, floor);
      this.growing = Math.min(this.intervals.maxMs, this.growing * this.intervals.factor);
    } else {
      // Just before the predicted end, but never beyond the time already waited.
      delay = Math.max(floor, Math.min(0.9 * untilEnd, Math.max(this.intervals.maxMs, elapsed)));
    }
    return delay * (1 + jitter * (2 * this.random() - 1));
  }

  /**
   * Milliseconds to the expected end, while it is ahead; undefined without an expectation or once it has passed
   * (from then on intervals grow as without progress, starting from `floor`).
   */
  private expectedRemaining(elapsed: number, floor: number): number | undefined {
    if (this.expectedMs === undefined || this.expectedEndPassed) return undefined;
    if (elapsed < this.expectedMs) return this.expectedMs - elapsed;
    this.expectedEndPassed = true;
    this.growing = floor;
    return undefined;
  }

  /** Milliseconds to the predicted end, from the progress rate; undefined without usable progress. */
  private predictedRemaining(observation: Observation): number | undefined {
    const percent = observation.percent;
    if (percent === undefined || !Number.isFinite(percent) || percent <= 0) return undefined;
    if (percent >= 100) return 0;
    if (!this.first) this.first = { at: observation.at, percent };
    const from =
      this.first.percent < percent && this.first.at < observation.at
        ? this.first
        : { at: this.startedAt, percent: 0 };
    const rate = (percent - from.percent) / (observation.at - from.at);
    if (!(rate > 0) || !Number.isFinite(rate)) return undefined;
    return (100 - percent) / rate;
  }
}
