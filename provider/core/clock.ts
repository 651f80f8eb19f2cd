/**
 * Time as the provider sees it. Waiting, retrying and token expiry read the process clock from here, so an
 * in-process benchmark or test can run hours of simulated time in seconds ({@link useClock}), with seeded jitter
 * if it wants runs to repeat; everything else uses the wall clock.
 */

/** A source of the current time and a way to wait. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** The jitter that spreads waits and retries, in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

/** The jitter source of `clock`: its own, else `Math.random`. */
export function jitterOf(clock: Clock): () => number {
  return clock.random ?? Math.random;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

let processClock: Clock = systemClock;

/** The clock the provider uses in this process. */
export function currentClock(): Clock {
  return processClock;
}

/**
 * Replaces the process clock (benchmarks and tests that simulate time in-process); returns a function that puts
 * the previous one back. The dynamic-provider host never calls this.
 */
export function useClock(clock: Clock): () => void {
  const previous = processClock;
  processClock = clock;
  return () => {
    processClock = previous;
  };
}
