/** The waiting section of the performance report: requests and detection lag against fixed-interval polling. */
import type { Series } from "./svg-chart";
import { median, ratio, seededRandom, spread } from "./stats";
import { measureWait, type Operation, type WaitCost, type Waiter } from "./waiting";

/** The operation lengths measured, in minutes. */
export const DURATIONS = [1, 5, 20, 60, 120];

const WAITERS: { name: string; waiter: Waiter }[] = [
  { name: "provider", waiter: { kind: "provider" } },
  { name: "every 10 s", waiter: { kind: "fixed", intervalMs: 10_000 } },
  { name: "every 3 s", waiter: { kind: "fixed", intervalMs: 3_000 } },
];

/** Measurements of one operation: per duration, per waiter, one cost per repeat. */
export type WaitingResults = Record<number, Record<string, WaitCost[]>>;

/**
 * Measures every duration and waiter `repeats` times; the operations end at a seeded offset in a 10 s window.
 * `alsoEveryMs` adds fixed polling at those intervals (named like "every 30 s") to the waiters.
 */
export async function measureWaiting(
  operation: Operation,
  repeats: number,
  seed: number,
  alsoEveryMs: number[] = [],
): Promise<WaitingResults> {
  const waiters = [
    ...WAITERS,
    ...alsoEveryMs.map((intervalMs) => ({
      name: `every ${intervalMs / 1000} s`,
      waiter: { kind: "fixed", intervalMs } as const,
    })),
  ];
  const random = seededRandom(seed);
  const results: WaitingResults = {};
  for (const minutes of DURATIONS) {
    results[minutes] = {};
    for (let run = 0; run < repeats; run++) {
      const offsetMs = Math.floor(random() * 10_000);
      for (const { name, waiter } of waiters) {
        (results[minutes][name] ??= []).push(await measureWait(operation, minutes, waiter, offsetMs));
      }
    }
  }
  return results;
}

/** The table of one operation: requests and lag, median (range), with ratios against both baselines. */
export function waitingTable(results: WaitingResults): string[][] {
  return DURATIONS.map((minutes) => {
    const by = results[minutes];
    const requests = (name: string) => by[name].map((cost) => cost.requests);
    const lag = (name: string) => by[name].map((cost) => cost.lagMs / 1000);
    const seconds = (value: number) => `${value.toFixed(1)} s`;
    return [
      `${minutes} min`,
      spread(requests("provider")),
      String(median(requests("every 10 s"))),
      String(median(requests("every 3 s"))),
      `${ratio(median(requests("provider")), median(requests("every 10 s")))} / ${ratio(median(requests("provider")), median(requests("every 3 s")))}`,
      spread(lag("provider"), seconds),
      `${seconds(median(lag("every 10 s")))} / ${seconds(median(lag("every 3 s")))}`,
      `${((median(lag("provider")) / (minutes * 60)) * 100).toFixed(1)} %`,
    ];
  });
}

/** The chart series of one operation: median requests and lag against duration, per waiter. */
export function waitingSeries(results: WaitingResults, metric: "requests" | "lag"): Series[] {
  const colors: Record<string, string> = {
    provider: "#1f77b4",
    "every 10 s": "#ff7f0e",
    "every 3 s": "#7f7f7f",
  };
  return WAITERS.map(({ name }) => ({
    name: name === "provider" ? "this provider" : `fixed polling ${name}`,
    color: colors[name],
    points: DURATIONS.map((minutes) => ({
      x: minutes,
      y: median(
        results[minutes][name].map((cost) => (metric === "requests" ? cost.requests : cost.lagMs / 1000)),
      ),
    })),
  }));
}

/** Whether the goal holds for operations of 5 minutes or more: ≤ 1/3 of 10 s polling's requests, lag ≤ 5 %. */
export function waitingGoal(results: WaitingResults): { requests: boolean; lag: boolean } {
  const long = DURATIONS.filter((minutes) => minutes >= 5);
  return {
    requests: long.every(
      (m) =>
        median(results[m].provider.map((c) => c.requests)) <=
        median(results[m]["every 10 s"].map((c) => c.requests)) / 3,
    ),
    lag: long.every((m) => median(results[m].provider.map((c) => c.lagMs)) <= 0.05 * m * 60_000),
  };
}
