/**
 * Waiting for a long operation (a restore, a backup, a snapshot) to reach a terminal status.
 *
 * Every wait is declared as data, as terraform-provider-openstack declares its state-refresh functions: pending,
 * target and failure statuses, where progress is read, and a deadline (from the resource's `timeouts` input:
 * Pulumi's customTimeouts never reach a dynamic provider).
 *
 * What callers may rely on:
 * - Polls follow a {@link PollSchedule}: about a second apart at first; with progress or an expected length,
 *   near the predicted end; without, growing to 30 s and then with the time waited. A poll never sleeps past the
 *   deadline.
 * - A status in none of the lists is treated as transitional (logged once) until the deadline.
 * - Progress (percent and message) is logged each time it changes.
 * - The outcome is returned, not thrown: the caller decides what a failure or a timeout means for its resource.
 */
import { currentClock, jitterOf, type Clock } from "./clock";
import { ProviderError } from "./errors";
import { PollSchedule, type PollIntervals } from "./poll-schedule";
import { deadlineSetting } from "./timeouts";

/** Progress as an API reports it. */
export interface Progress {
  percent?: number;
  message?: string;
}

/** One wait, declared. */
export interface WaitSpec<T> {
  /** What is awaited, for log lines: "restore 3df1d432". */
  subject: string;
  /** Reads the object's current state. Errors propagate. */
  poll: () => Promise<T>;
  status: (value: T) => string;
  pending: readonly string[];
  target: readonly string[];
  failure: readonly string[];
  progress?: (value: T) => Progress | undefined;
  /** Absolute deadline, in the clock's ms. */
  deadline: number;
  /** Receives progress lines. */
  log?: (line: string) => void;
  clock?: Clock;
  /** Jitter, in [0, 1). Default: the clock's, else `Math.random`. */
  random?: () => number;
  intervals?: Partial<PollIntervals>;
  /** A value already read (for example the POST's answer), checked before the first sleep. */
  initial?: T;
  /** When the operation started, if before this wait (progress rates count from then). Default: now. */
  startedAt?: number;
  /** How long the operation is expected to take in all (see ./history), for waits without progress. */
  expectedMs?: number;
}

/** How a wait ended, with the last value read. */
export type WaitOutcome<T> =
  | { kind: "target"; value: T; polls: number }
  | { kind: "failure"; value: T; polls: number }
  | { kind: "timeout"; value: T | undefined; polls: number };

/** Polls until a target or failure status, or the deadline. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<WaitOutcome<T>> {
  const clock = spec.clock ?? currentClock();
  const random = spec.random ?? jitterOf(clock);
  const schedule = new PollSchedule(spec.startedAt ?? clock.now(), spec.intervals, random, spec.expectedMs);
  const reporter = progressReporter(spec);
  let polls = 0;
  let value = spec.initial;
  for (;;) {
    if (value !== undefined) {
      const status = spec.status(value);
      reporter(value, status);
      if (spec.target.includes(status)) return { kind: "target", value, polls };
      if (spec.failure.includes(status)) return { kind: "failure", value, polls };
    }
    const now = clock.now();
    const remaining = spec.deadline - now;
    if (remaining <= 0) return { kind: "timeout", value, polls };
    const percent = value === undefined ? undefined : spec.progress?.(value)?.percent;
    await clock.sleep(Math.min(schedule.next({ at: now, percent }), remaining));
    value = await spec.poll();
    polls++;
  }
}

function progressReporter<T>(spec: WaitSpec<T>): (value: T, status: string) => void {
  let last = "";
  const unknownStatuses = new Set<string>();
  return (value, status) => {
    const known = [...spec.pending, ...spec.target, ...spec.failure].includes(status);
    if (!known && !unknownStatuses.has(status)) {
      unknownStatuses.add(status);
      spec.log?.(`${spec.subject} reports status "${status}", which is not a known one; still waiting`);
    }
    const progress = spec.progress?.(value);
    const parts = [status];
    if (progress?.percent !== undefined) parts.push(`${Math.round(progress.percent)}%`);
    const line = progress?.message ? `${parts.join(" ")}: ${progress.message}` : parts.join(" ");
    if (line !== last) {
      last = line;
      spec.log?.(`${spec.subject} ${line}`);
    }
  };
}

/** A delete awaited until the object is gone (see {@link waitUntilGone}). */
export interface GoneSpec<T> {
  /** What is deleted, for log lines and the error: "backup 3df1d432". */
  subject: string;
  /** Reads the object; undefined once the server no longer has it. */
  get: () => Promise<T | undefined>;
  status: (value: T) => string;
  /** Statuses it may pass through on its way out. */
  pending: readonly string[];
  /** Statuses in which the delete has failed. */
  failure: readonly string[];
  /** What the server says went wrong, for the error. */
  reason?: (value: T) => string | null | undefined;
  /** Absolute deadline, in the clock's ms. */
  deadline: number;
  log?: (line: string) => void;
}

// The status a wait logs once the object is gone, as the providers said before waitUntilGone.
const GONE = "DELETED";

/**
 * Polls until the object is gone. Throws, naming the object and the status it was left in (with the server's
 * reason), when the delete fails or the deadline passes.
 */
export async function waitUntilGone<T>(spec: GoneSpec<T>): Promise<void> {
  const outcome = await waitFor<T | typeof GONE>({
    subject: spec.subject,
    poll: async () => (await spec.get()) ?? GONE,
    status: (value) => (value === GONE ? GONE : spec.status(value)),
    pending: spec.pending,
    target: [GONE],
    failure: spec.failure,
    deadline: spec.deadline,
    log: spec.log,
  });
  if (outcome.kind === "target") return;
  const last = outcome.value === undefined || outcome.value === GONE ? undefined : outcome.value;
  const status = last === undefined ? undefined : spec.status(last);
  const reason = last === undefined ? undefined : spec.reason?.(last);
  const detail =
    outcome.kind === "failure"
      ? `it is ${status}${reason ? `: ${reason}` : ""}`
      : `still ${status ?? "there"} when the deadline passed (${deadlineSetting("delete")})`;
  throw new ProviderError(`${spec.subject} was not deleted: ${detail}`);
}
