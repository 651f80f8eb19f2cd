/**
 * Transient faults at random, from a seeded generator: after each answered request, the generator decides what the
 * next request to the same service meets: a fault (503, 429 with Retry-After, a connection reset before the request
 * is handled or after it, so done but the answer lost, or a slow answer), or else an ordinary answer after a short
 * network-like latency (the simulator itself answers in a millisecond, which no API does). The same seed gives the
 * same decisions for the same order of requests; under concurrency the order varies a little from run to run, so a
 * replay with the same seed meets the same kinds and rate of faults, not always on the same requests.
 */
import type { FaultRule, Simulator } from "../../simulator";

/** The kinds of fault injected. */
export type FaultKind = "503" | "429" | "reset-before" | "reset-after" | "slow";

/** What an armed rule does: a fault, or only the ordinary latency. */
type ArmedKind = FaultKind | "latency";

/** The seed of a run: `LOAD_SEED` when set (to replay a run), else a new one. */
export function loadSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.LOAD_SEED);
  return env.LOAD_SEED && Number.isInteger(given) ? given >>> 0 : Math.floor(Math.random() * 2 ** 32);
}

const KINDS: readonly FaultKind[] = ["503", "429", "reset-before", "reset-after", "slow"];

function ruleOf(kind: FaultKind, random: () => number): FaultRule {
  switch (kind) {
    case "503":
      return { status: 503 };
    case "429":
      return { status: 429, retryAfter: 1 };
    case "reset-before":
      return { reset: true };
    case "reset-after":
      return { reset: true, when: "after" };
    case "slow":
      return { delayMs: 300 + Math.floor(random() * 1200) };
  }
}

/** Arms faults at random on a simulator while started; counts what requests actually met. */
export class RandomFaults {
  private readonly kinds = new Map<string, ArmedKind>();
  private stop?: () => void;

  /**
   * @param sim - the simulator
   * @param random - the seeded generator
   * @param rate - the probability that an answered request arms a fault for its service's next request
   * @param latencyMs - the range of the latency of an ordinary answer
   */
  constructor(
    private readonly sim: Simulator,
    private readonly random: () => number,
    private readonly rate: number,
    private readonly latencyMs: readonly [number, number] = [20, 80],
  ) {}

  /** Starts arming faults. */
  start(): void {
    this.stop = this.sim.onRequest((request) => {
      const [low, high] = this.latencyMs;
      const kind: ArmedKind =
        this.random() < this.rate ? KINDS[Math.floor(this.random() * KINDS.length)] : "latency";
      const rule =
        kind === "latency" ? { delayMs: low + this.random() * (high - low) } : ruleOf(kind, this.random);
      this.kinds.set(this.sim.faults.add({ service: request.service, ...rule }), kind);
    });
  }

  /** Stops arming faults and removes those armed but not met. */
  end(): void {
    this.stop?.();
    for (const id of this.kinds.keys()) this.sim.faults.remove(id);
  }

  /** How many requests met each kind of fault. */
  met(): Record<FaultKind, number> {
    const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
    for (const request of this.sim.requests) {
      const kind = request.fault === undefined ? undefined : this.kinds.get(request.fault);
      if (kind && kind !== "latency") counts[kind] += 1;
    }
    return counts;
  }
}
