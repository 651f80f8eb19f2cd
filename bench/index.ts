/**
 * `npm run bench`: first figures of the provider's cost, each measured in this run on this machine and reported
 * as a count or a ratio against a baseline from the same run. Never a timed assertion: numbers are printed.
 *
 * - `__provider` bytes per resource, and state bytes per resource;
 * - Keystone token requests for one `up` of 50 restores (target: 1);
 * - requests per completed restore for simulated durations, on a simulated clock shared by the provider and
 *   the simulator (hours run in seconds);
 * - wall time of one `up` of 50 parallel restores against one `up` of a single restore.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { useClock } from "../provider/core/clock";
import { restoreProvider } from "../provider/trilio/restore";
import { ManualClock, startSimulator, TRILIO_SEED, type Simulator } from "../simulator";
import { Engine, type RunResult } from "../tests/engine";
import { printTable, type Row } from "./table";

const PROJECT = path.resolve(__dirname, "../../tests/projects/trilio-restores");
const RESTORE_TYPE = "pulumi-nodejs:dynamic/trilio:Restore";

/** One `up` of `count` one-click restores, one per seeded workload, with everything in parallel. */
async function upOfRestores(
  sim: Simulator,
  count: number,
): Promise<{ result: RunResult; engine: Engine; ms: number }> {
  const seeded = sim.trilio.seed(count);
  const restores = seeded.map((workload, index) => ({
    name: `restore-${index + 1}`,
    args: { snapshotId: workload.snapshotIds[0], restoreType: "oneclick" },
  }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const engine = new Engine({
    projectDir: PROJECT,
    stateFile: path.join(dir, "state.json"),
    config: { restores: JSON.stringify(restores) },
    env: sim.openrc(),
    parallel: count,
  });
  const start = performance.now();
  const result = await engine.up();
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`bench up of ${count} restores failed: ${result.error}`);
  return { result, engine, ms };
}

async function stateAndTokens(): Promise<Row[]> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 3000 } });
  try {
    const single = await upOfRestores(sim, 1);
    const restore = single.engine.state().resources.find((r) => r.type === RESTORE_TYPE);
    const providerBytes = Buffer.byteLength(String(restore?.outputs.__provider ?? ""));
    const stateBytes = Buffer.byteLength(JSON.stringify(restore));
    sim.reset();
    const tokensBefore = sim.keystone.tokenRequests;
    const fifty = await upOfRestores(sim, 50);
    const tokens = sim.keystone.tokenRequests - tokensBefore;
    return [
      ["__provider bytes per trilio.Restore", String(providerBytes), "limit 2048"],
      ["state bytes per trilio.Restore", String(stateBytes), "inputs, outputs, __provider"],
      ["Keystone token requests, up of 50 restores", String(tokens), "target 1"],
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

/** Requests the provider makes for one restore of `minutes`, and how late it notices the end. */
async function requestsPerRestore(minutes: number): Promise<Row> {
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

async function main(): Promise<void> {
  console.log(`pulumi-openstack-dataprotection bench, ${new Date().toISOString()}, node ${process.version}`);
  const rows: Row[] = [...(await stateAndTokens())];
  for (const minutes of [1, 5, 20, 60]) rows.push(await requestsPerRestore(minutes));
  printTable(["measure", "value", "note"], rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
