/**
 * The overhead section: the provider's create and read against a plain script making the same HTTP calls with the
 * same client (got), on the same simulator. Waiting runs on a simulated clock, so only the work is timed.
 */
import { useClock } from "../provider/core/clock";
import { loadGot } from "../provider/core/got";
import { HttpClient } from "../provider/core/http";
import { KeystoneSession } from "../provider/core/keystone";
import { requireOpenStackConnection } from "../provider/core/openstack-connection";
import { restoreProvider } from "../provider/trilio/restore";
import { ManualClock, startSimulator, TRILIO_SEED } from "../simulator";
import { median } from "./stats";

/** Milliseconds per operation, median over the runs, for the provider and the plain script. */
export interface Overhead {
  create: { providerMs: number; plainMs: number };
  read: { providerMs: number; plainMs: number };
  /** One GET through the provider's HTTP client (retries, timeout, limiter, error handling) against plain got. */
  get: { providerMs: number; plainMs: number };
}

/** Times `runs` creates and reads each way. */
export async function measureOverhead(runs = 40): Promise<Overhead> {
  const clock = new ManualClock();
  const sim = await startSimulator({ clock, trilio: { restoreDurationMs: 0 } });
  const restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  try {
    const got = await loadGot();
    const connection = sim.connection();
    const token = (await KeystoneSession.for(requireOpenStackConnection(connection)).token()).id;
    const base = `${sim.url}/trilio/v1/${TRILIO_SEED.projectId}`;
    const headers = {
      "x-auth-token": token,
      "x-auth-project-id": TRILIO_SEED.projectId,
      accept: "application/json",
    };
    const snapshots = sim.trilio.seed(runs * 2).map((w) => w.snapshotIds[0]);
    const timed = async (work: () => Promise<unknown>) => {
      const start = performance.now();
      await work();
      return performance.now() - start;
    };
    const providerCreates: number[] = [];
    const plainCreates: number[] = [];
    const ids: string[] = [];
    let last: Record<string, unknown> = {};
    for (let i = 0; i < runs; i++) {
      providerCreates.push(
        await timed(async () => {
          const created = await restoreProvider.create({
            __identity: { type: "trilio.Restore", name: `overhead-${i}`, project: "bench", stack: "bench" },
            snapshotId: snapshots[i],
            restoreType: "oneclick",
            connection,
          });
          ids.push(created.id);
          last = created.outs;
        }),
      );
      plainCreates.push(
        await timed(async () => {
          // The same calls: look for an earlier attempt, start, read until done.
          await got(`${base}/restores/detail?snapshot_id=${snapshots[runs + i]}`, { headers }).json();
          const started = await got
            .post(`${base}/snapshots/${snapshots[runs + i]}`, {
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
        }),
      );
    }
    const providerReads: number[] = [];
    const plainReads: number[] = [];
    for (let i = 0; i < runs; i++) {
      providerReads.push(await timed(() => restoreProvider.read!(ids[i], last)));
      plainReads.push(await timed(() => got(`${base}/restores/${ids[i]}`, { headers }).json()));
    }
    const http = new HttpClient({ service: "TrilioVault" });
    const providerGets: number[] = [];
    const plainGets: number[] = [];
    for (let i = 0; i < runs; i++) {
      const url = `${base}/restores/${ids[i]}`;
      providerGets.push(await timed(() => http.send({ method: "GET", url, headers })));
      plainGets.push(await timed(() => got(url, { headers }).json()));
    }
    return {
      get: { providerMs: median(providerGets), plainMs: median(plainGets) },
      create: { providerMs: median(providerCreates), plainMs: median(plainCreates) },
      read: { providerMs: median(providerReads), plainMs: median(plainReads) },
    };
  } finally {
    restoreClock();
    await sim.close();
  }
}
