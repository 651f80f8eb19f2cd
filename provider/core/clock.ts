/**
 * Time as the provider sees it. Waiting and retrying take a {@link Clock} so tests and benchmarks can run hours of
 * simulated time in seconds; production code uses {@link systemClock}.
 */

/** A source of the current time and a way to wait. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
