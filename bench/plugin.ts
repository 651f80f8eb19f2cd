/**
 * The provider plugin beside the dynamic-provider host: how long each takes from spawn to the port line the engine
 * waits for, and the plugin's peak resident memory while it creates 500 TrilioVault restores, driven over gRPC as
 * the engine drives it (Check then Create, 64 at a time, as the memory section's `up` runs the dynamic host).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HostHandle, type HostStartOptions } from "../engine/host";
import { tokenOf } from "../provider/plugin/tokens";
import { startSimulator } from "../simulator";
import { median, ratio, spread } from "./stats";

const ROOT = path.resolve(__dirname, "../..");
const EXECUTABLE = path.join(ROOT, "bin/pulumi-resource-openstack-dataprotection");
/** The dynamic-provider host runs in the test program's folder, as the engine starts it for that program. */
const PROGRAM = path.join(ROOT, "tests/projects/resources");
/** Creates in flight at once: the memory section's `--parallel` for the dynamic host. */
const IN_FLIGHT = 64;

/** Spawn-to-port time (ms) and resident memory right after (MiB) of one start. */
export interface StartCost {
  ms: number;
  rssMb: number;
}

/** Start-up of each, one per run. */
export interface StartupResults {
  dynamicHost: StartCost[];
  plugin: StartCost[];
}

/** Starts the dynamic-provider host and the plugin `runs` times each, in turns. */
export async function measureStartup(runs: number): Promise<StartupResults> {
  const results: StartupResults = { dynamicHost: [], plugin: [] };
  for (let run = 0; run < runs; run++) {
    results.dynamicHost.push(await timedStart({ projectDir: PROGRAM, project: "resources", stack: "dev" }));
    results.plugin.push(
      await timedStart({ projectDir: ROOT, project: "bench", stack: "dev", executable: EXECUTABLE }),
    );
  }
  return results;
}

async function timedStart(options: HostStartOptions): Promise<StartCost> {
  const start = performance.now();
  const host = await HostHandle.start(options);
  const ms = performance.now() - start;
  try {
    return { ms, rssMb: memoryKb(host.pid, "VmRSS") / 1024 };
  } finally {
    await host.close();
  }
}

/** A `/proc/<pid>/status` figure in KiB (0 once the process is gone). */
function memoryKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The plugin's peak resident memory (MiB) and wall time while it creates `count` restores of 1 s each. */
export async function measurePluginMemory(count = 500): Promise<{ peakMb: number; wallMs: number }> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 1000 } });
  const plugin = await HostHandle.start({
    projectDir: ROOT,
    project: "bench",
    stack: "dev",
    executable: EXECUTABLE,
    env: sim.openrc(),
  });
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, memoryKb(plugin.pid, "VmHWM"))), 100);
  try {
    const workloads = sim.trilio.seed(count);
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const name = `r${i}`;
        const type = tokenOf("trilio.Restore");
        const ref = { urn: `urn:pulumi:dev::bench::${type}::${name}`, name, type };
        const inputs = { snapshotId: workloads[i].snapshotIds[0], restoreType: "oneclick" };
        const checked = await plugin.check(ref, {}, inputs);
        if (checked.failures.length > 0) throw new Error(`bench check of ${name} failed`);
        await plugin.create(ref, checked.inputs);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const wallMs = performance.now() - start;
    peakKb = Math.max(peakKb, memoryKb(plugin.pid, "VmHWM"));
    return { peakMb: peakKb / 1024, wallMs };
  } finally {
    clearInterval(sampler);
    await plugin.close();
    await sim.close();
  }
}

/** The plugin's rows of the report, beside the dynamic host's peak for the same 500 restores (`hostPeakMb`). */
export function pluginSection(
  startup: StartupResults,
  memory: { peakMb: number; wallMs: number }[],
  hostPeakMb: number[],
): string {
  const ms = (values: number[]) => spread(values, (value) => `${value.toFixed(0)} ms`);
  const mb = (values: number[]) => spread(values, (value) => `${value.toFixed(0)} MiB`);
  const peaks = memory.map((run) => run.peakMb);
  return `## Provider plugin

The same resources served by the provider plugin (\`bin/pulumi-resource-openstack-dataprotection\`) instead of the
dynamic-provider host, ${startup.plugin.length} runs each, in turns. Start-up is the time from spawning the process to
the port line the engine waits for (the host loads Pulumi's runtime and its gRPC server, and this package's
provider code only at its first call, deserialised from the program's state; the plugin loads the provider code
and its gRPC server); memory with 500 resources is the process's peak resident memory while it
creates 500 TrilioVault restores of 1 s each, 64 at a time (the plugin driven over gRPC as the engine drives it; the
host through the engine's \`up\`, as in the memory section).

| | dynamic-provider host | plugin | plugin / host |
| --- | --- | --- | --- |
| start-up | ${ms(startup.dynamicHost.map((c) => c.ms))} | ${ms(startup.plugin.map((c) => c.ms))} | ${ratio(median(startup.plugin.map((c) => c.ms)), median(startup.dynamicHost.map((c) => c.ms)))} |
| resident memory after start-up | ${mb(startup.dynamicHost.map((c) => c.rssMb))} | ${mb(startup.plugin.map((c) => c.rssMb))} | ${ratio(median(startup.plugin.map((c) => c.rssMb)), median(startup.dynamicHost.map((c) => c.rssMb)))} |
| peak resident memory, 500 restores | ${mb(hostPeakMb)} | ${mb(peaks)} | ${ratio(median(peaks), median(hostPeakMb))} |
`;
}
