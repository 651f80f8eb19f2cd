/** Benchmark rows for trilio.Restore. */
import { useClock } from "../provider/core/clock";
import { restoreProvider } from "../provider/trilio/restore";
import { ManualClock, startSimulator, TRILIO_SEED, type Simulator } from "../simulator";
import { stateSizes, timedUp, type Declared } from "./run-up";
import type { Row } from "./table";

function oneClickRestores(sim: Simulator, count: number): Declared[] {
  return sim.trilio.seed(count).map((workload, index) => ({
    type: "trilio.Restore",
    name: `restore-${index + 1}`,
    args: { snapshotId: workload.snapshotIds[0], restoreType: "oneclick" },
  }));
}

/** State size, Keystone tokens for 50 restores, and the wall time of 50 parallel restores against one. */
export async function trilioRows(): Promise<Row[]> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 3000 } });
  try {
    const single = await timedUp(oneClickRestores(sim, 1), sim.openrc());
    const sizes = stateSizes(single.resources, "pulumi-nodejs:dynamic/trilio:Restore");
    sim.reset();
    const tokensBefore = sim.keystone.tokenRequests;
    const fifty = await timedUp(oneClickRestores(sim, 50), sim.openrc());
    return [
      ["trilio.Restore: __provider bytes", String(sizes.providerBytes), "limit 2048"],
      ["trilio.Restore: state bytes", String(sizes.stateBytes), "inputs, outputs, __provider"],
      [
        "Keystone token requests, up of 50 restores",
        String(sim.keystone.tokenRequests - tokensBefore),
        "target 1",
      ],
      [
        "wall time, up of 50 parallel restores / up of 1",
        `${(fifty.ms / single.ms).toFixed(2)}×`,
        `${(fifty.ms / 1000).toFixed(1)} s / ${(single.ms / 1000).toFixed(1)} s, restores of 3 s, --parallel 50`,
      ],
    ];
  } finally {
    await sim.close();
  }
}

/** Requests the provider makes for one restore of `minutes`, on a simulated clock, and how late it notices. */
export async function restorePollingRow(minutes: number): Promise<Row> {
  const clock = new ManualClock();
  const durationMs = minutes * 60_000;
  const sim = await startSimulator({ clock, trilio: { restoreDurationMs: durationMs } });
  const restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  try {
    const started = clock.now();
    const created = await restoreProvider.create({
      __identity: { type: "trilio.Restore", name: "bench", project: "bench", stack: "bench" },
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "oneclick",
      connection: sim.connection(),
    });
    const lagMs = clock.now() - started - durationMs;
    const polls = sim.requests.filter(
      (r) => r.method === "GET" && r.path.endsWith(`/restores/${created.id}`),
    );
    return [
      `restore of ${minutes} min`,
      `${polls.length} polls`,
      `${sim.requests.length} requests in all; noticed ${(lagMs / 1000).toFixed(1)} s after it finished`,
    ];
  } finally {
    restoreClock();
    await sim.close();
  }
}
