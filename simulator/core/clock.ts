/**
 * The simulator's notion of time. Every state change that depends on time (operation progress,
 * token expiry) reads a {@link Clock}; nothing runs on background timers, so a {@link ManualClock}
 * makes a test or a benchmark fully deterministic.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock (`Date.now()`). */
export const realClock: Clock = { now: () => Date.now() };

/** Where a {@link ManualClock} starts when not told otherwise: 2026-11-22T10:00:00Z. */
export const MANUAL_CLOCK_DEFAULT_START_MS = Date.UTC(2026, 10, 22, 10, 0, 0);

/** A clock that only moves when told to: for deterministic tests and simulated-time benchmarks. */
export class ManualClock implements Clock {
  private current: number;

  /** @param startMs - the initial time in ms since the epoch (default {@link MANUAL_CLOCK_DEFAULT_START_MS}). */
  constructor(startMs: number = MANUAL_CLOCK_DEFAULT_START_MS) {
    this.current = startMs;
  }

  /** {@inheritDoc Clock.now} */
  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds (negative values are refused). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.current += ms;
  }

  /** Sets the clock to an absolute time in ms since the epoch. */
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`invalid time ${ms}`);
    this.current = ms;
  }
}
