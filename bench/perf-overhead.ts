/**
 * The overhead section: the provider's create and read against a plain script making the same HTTP calls with the
 * same client (got), on the same simulator. Waiting runs on a simulated clock, so only the work is timed. Provider
 * and plain script take turns operation by operation, so both see the same machine, simulator state and JIT
 * warm-up. (A simulator in a process of its own made the ratios vary by ±10 % between runs on this 2-core machine.)
 *
 * Each measurement runs in a fresh process of its own ({@link measureOverheadInChild}) whose standard output, where
 * the provider writes its progress lines, is a pipe the benchmark drains, as the Pulumi engine drains the
 * dynamic-provider host's: the figures do not depend on where the benchmark's own output goes (a terminal, a file)
 * or on what earlier sections left in its heap.
 */
import { fork } from "node:child_process";
import { useClock } from "../provider/core/clock";
import { loadGot } from "../provider/core/http/got";
import { HttpClient } from "../provider/core/http/http";
import { KeystoneSession } from "../provider/openstack/keystone";
import { requireOpenStackConnection } from "../provider/openstack/connection";
import { restoreProvider } from "../provider/trilio/restore";
import { ManualClock, startSimulator } from "../simulator";
import { median } from "./stats";

/** Milliseconds per operation, median over the runs, for the provider and the plain script. */
export interface OverheadFigures {
  create: { providerMs: number; plainMs: number };
  read: { providerMs: number; plainMs: number };
  /** One GET through the provider's HTTP client (retries, timeout, limiter, error handling) against plain got. */
  get: { providerMs: number; plainMs: number };
}

/**
 * The figures over the first runs of each operation in this process (code not yet optimised by the JIT, as in an
 * `up` of a few resources) and over the runs after them (as in an `up` of many).
 */
export interface Overhead {
  first: OverheadFigures & { runs: number };
  warm: OverheadFigures & { runs: number };
}

/** Times `firstRuns` and then `warmRuns` creates, reads and GETs each way. */
export async function measureOverhead(firstRuns = 40, warmRuns = 200): Promise<Overhead> {
  const runs = firstRuns + warmRuns;
  const clock = new ManualClock();
  const sim = await startSimulator({ clock, trilio: { restoreDurationMs: 0 } });
  const restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  try {
    const got = await loadGot();
    const connection = sim.connection();
    const token = (await KeystoneSession.for(requireOpenStackConnection(connection)).token()).id;
    const base = `${sim.url}/trilio/v1/${sim.trilio.projectId}`;
    const headers = {
      "x-auth-token": token,
      "x-auth-project-id": sim.trilio.projectId,
      accept: "application/json",
    };
    const snapshots = sim.trilio.seed(runs * 2).map((workload) => workload.snapshotIds[0]);
    const [providerSnapshots, plainSnapshots] = [snapshots.slice(0, runs), snapshots.slice(runs)];
    const ids: string[] = [];
    let outputs: Record<string, unknown> = {};
    const http = new HttpClient({ service: "TrilioVault" });
    const restoreUrl = (i: number) => `${base}/restores/${ids[i]}`;

    const create = await alternate(runs, {
      provider: async (i) => {
        const created = await restoreProvider.create({
          __identity: { type: "trilio.Restore", name: `overhead-${i}`, project: "bench", stack: "bench" },
          snapshotId: providerSnapshots[i],
          restoreType: "oneclick",
          connection,
        });
        ids.push(created.id);
        outputs = created.outs;
      },
      plain: async (i) => {
        // The same calls: look for an earlier attempt, start, read until done.
        const snapshotId = plainSnapshots[i];
        await got(`${base}/restores/detail?snapshot_id=${snapshotId}`, { headers }).json();
        const started = await got
          .post(`${base}/snapshots/${snapshotId}`, {
            headers,
            json: {
              restore: {
                name: "plain",
                description: "",
                options: {
                  type: "openstack",
                  restore_type: "oneclick",
                  oneclickrestore: true,
                  openstack: {},
                },
              },
            },
          })
          .json<{ restore: { id: string } }>();
        await got(`${base}/restores/${started.restore.id}`, { headers }).json();
      },
    });
    const read = await alternate(runs, {
      provider: (i) => restoreProvider.read!(ids[i], outputs),
      plain: (i) => got(restoreUrl(i), { headers }).json(),
    });
    const get = await alternate(runs, {
      provider: (i) => http.send({ method: "GET", url: restoreUrl(i), headers }),
      plain: (i) => got(restoreUrl(i), { headers }).json(),
    });
    const figures = (from: number, to: number) => ({
      runs: to - from,
      create: medians(create, from, to),
      read: medians(read, from, to),
      get: medians(get, from, to),
    });
    return { first: figures(0, firstRuns), warm: figures(firstRuns, runs) };
  } finally {
    restoreClock();
    await sim.close();
  }
}

/** {@link measureOverhead} in a child process (see the module's summary). */
export function measureOverheadInChild(): Promise<Overhead> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
    child.stdout?.resume();
    let result: Overhead | undefined;
    child.once("message", (message) => (result = message as Overhead));
    child.once("error", reject);
    child.once("exit", (code) =>
      result ? resolve(result) : reject(new Error(`the overhead measurement exited with ${code}`)),
    );
  });
}

if (require.main === module) {
  void measureOverhead().then((overhead) => process.send?.(overhead, () => process.exit(0)));
}

/** Milliseconds of each operation, each way. */
interface Times {
  provider: number[];
  plain: number[];
}

/** Runs operation `i` (0 to `runs` - 1) of each way in turn. */
async function alternate(
  runs: number,
  ways: Record<keyof Times, (i: number) => Promise<unknown>>,
): Promise<Times> {
  const times: Times = { provider: [], plain: [] };
  for (let i = 0; i < runs; i++) {
    for (const way of ["provider", "plain"] as const) {
      const start = performance.now();
      await ways[way](i);
      times[way].push(performance.now() - start);
    }
  }
  return times;
}

function medians(times: Times, from: number, to: number) {
  return {
    providerMs: median(times.provider.slice(from, to)),
    plainMs: median(times.plain.slice(from, to)),
  };
}
