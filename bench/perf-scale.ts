/**
 * The scale section: one `up` of N restores (on N workloads) with 50 ms of API latency, against N = 1, and where
 * the time goes.
 */
import { startSimulator } from "../simulator";
import { timedUp } from "./run-up";

/** What one scale run took. */
export interface ScaleRun {
  n: number;
  wallMs: number;
  /** Median duration of one resource's create step (check, start, wait), ms. */
  medianCreateMs: number;
  /** The longest create step, ms: the wall time beyond it is the engine's, the program's and the host's. */
  maxCreateMs: number;
  /** Requests the simulator served, and the time it spent on them (injected latency included), ms. */
  requests: number;
  serverMs: number;
}

/**
 * One `up` of `n` restores of `restoreMs` each, with `latencyMs` added to every API answer; `remoteChecks: false`
 * switches the providers' remote checks off (`DATAPROTECTION_REMOTE_CHECKS`).
 */
export async function measureScale(
  n: number,
  { restoreMs = 5000, latencyMs = 50, remoteChecks = true } = {},
): Promise<ScaleRun> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: restoreMs } });
  try {
    sim.faults.add({ delayMs: latencyMs, times: Infinity });
    const workloads = sim.trilio.seed(n);
    const up = await timedUp(
      workloads.map((w, i) => ({
        type: "trilio.Restore",
        name: `restore-${i}`,
        args: { snapshotId: w.snapshotIds[0], restoreType: "oneclick" },
      })),
      {
        ...sim.openrc(),
        ...(remoteChecks ? {} : { DATAPROTECTION_REMOTE_CHECKS: "false" }),
      },
    );
    const creates = up.result.steps.filter((s) => s.op === "create" && s.type.endsWith("trilio:Restore"));
    const durations = creates.map((s) => s.durationMs).sort((a, b) => a - b);
    return {
      n,
      wallMs: up.ms,
      medianCreateMs: durations[Math.floor(durations.length / 2)] ?? 0,
      maxCreateMs: durations[durations.length - 1] ?? 0,
      requests: sim.requests.length,
      serverMs: sim.requests.reduce((sum, r) => sum + r.durationMs, 0),
    };
  } finally {
    await sim.close();
  }
}
