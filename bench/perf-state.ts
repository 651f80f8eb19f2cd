/**
 * The state and memory section: `__provider` and state bytes per resource type, and the dynamic-provider host's
 * peak memory during an `up` of 500 resources, against one of 1, against a dynamic provider that does nothing
 * and against the Pulumi runtime alone.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CINDER_SEED, POWERVC_SEED, startSimulator, WALDUR_SEED, type Simulator } from "../simulator";
import { Engine } from "../engine";
import { FixtureStack } from "../tests/engine/fixture";
import { makeFixtures } from "../tests/reliability/fault-resources";
import type { AllocationShares } from "./host-allocation";
import { stateSizes, timedUp, type Declared } from "./run-up";

const PROJECT = path.resolve(__dirname, "../../tests/projects/resources");

/** Bytes of `__provider` and of the whole state entry, per resource type. */
export async function measureStateSizes(): Promise<
  Record<string, { providerBytes: number; stateBytes: number }>
> {
  const sim = await startSimulator({
    trilio: { restoreDurationMs: 500 },
    waldur: { snapshotCreateMs: 300, volumeCreateMs: 300 },
    powervc: { snapshotMs: 300, restoreMs: 300 },
    cinder: { backupMs: 300, restoreMs: 300 },
  });
  try {
    const powervc = { projectName: "powervc", projectDomainName: "Default" };
    const { cinderBackupId } = await makeFixtures(sim, 300);
    const declared: Declared[] = [
      {
        type: "trilio.Restore",
        name: "r",
        args: { snapshotId: sim.trilio.seed(1)[0].snapshotIds[0], restoreType: "oneclick" },
      },
      {
        type: "waldur.Snapshot",
        name: "s",
        args: { adoptSnapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0], retention: { days: 30 } },
      },
      {
        type: "waldur.VolumeRestoration",
        name: "v",
        args: { snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[1], name: "v" },
      },
      {
        type: "powervc.InstanceSnapshot",
        name: "p",
        args: { serverId: POWERVC_SEED.dbServerId, connection: powervc },
      },
      {
        type: "powervc.InstanceRestore",
        name: "pr",
        args: {
          serverId: POWERVC_SEED.appServerId,
          instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
          confirmOverwrite: true,
          connection: powervc,
        },
      },
      { type: "cinder.Backup", name: "b", args: { volumeId: CINDER_SEED.dataVolumeId } },
      { type: "cinder.BackupRestore", name: "br", args: { backupId: cinderBackupId, newVolumeName: "br" } },
    ];
    const up = await timedUp(declared, { ...sim.openrc(), ...sim.waldurEnv() });
    return Object.fromEntries(
      declared.map((d) => {
        const [module, name] = d.type.split(".");
        return [d.type, stateSizes(up.resources, `pulumi-nodejs:dynamic/${module}:${name}`)];
      }),
    );
  } finally {
    await sim.close();
  }
}

/**
 * The resident memory (MB) of a Node process in the test project's folder that has loaded only `@pulumi/pulumi`
 * with the dynamic-provider host's gRPC code (the floor under any dynamic provider's host), and of one that has
 * then also loaded this package's providers and got.
 */
export function measureRuntimeFloor(): { runtimeMb: number; withPackageMb: number } {
  const rss = (extra: string) => {
    const script =
      'require("@pulumi/pulumi"); require("@pulumi/pulumi/runtime"); require("@pulumi/pulumi/proto/provider_grpc_pb");' +
      `(async () => { ${extra} global.gc(); console.log(process.memoryUsage().rss); })();`;
    const output = execFileSync(process.execPath, ["--expose-gc", "-e", script], {
      cwd: PROJECT,
      encoding: "utf8",
    });
    return Number(output.trim()) / 2 ** 20;
  };
  return {
    runtimeMb: rss(""),
    withPackageMb: rss('require("pulumi-openstack-dataprotection/provider"); await import("got");'),
  };
}

/** How to run {@link measureHostMemory}. */
export interface HostMemoryOptions {
  /** `NODE_OPTIONS` of the host (and the program), as a user would set it for `pulumi up`. */
  nodeOptions?: string;
  /** Take a heap snapshot of the host once 90 % of the restores have started, and measure what is reachable. */
  heapSnapshot?: boolean;
  /** Profile where the host's allocations come from (./host-allocation), which slows the host down. */
  allocations?: boolean;
}

/** What {@link measureHostMemory} found. */
export interface HostMemory {
  /** Peak resident memory of the host, MB. */
  peakMb: number;
  wallMs: number;
  /** Objects reachable in the host's heap near the end of the run, MB (with `heapSnapshot`). */
  reachableMb?: number;
  /** Bytes the host allocated during the run, by the code that allocated them (with `allocations`). */
  allocations?: AllocationShares;
}

/** The host's peak resident memory (MB) during one `up` of `count` restores, and how long it took. */
export async function measureHostMemory(count = 500, options: HostMemoryOptions = {}): Promise<HostMemory> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 1000 } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-memory-"));
  const allocationFile = path.join(dir, "allocations.json");
  const nodeOptions = [
    options.nodeOptions,
    options.heapSnapshot ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` : undefined,
    options.allocations ? `--require ${require.resolve("./host-allocation")}` : undefined,
  ].filter(Boolean);
  let snapshotTaken = false;
  try {
    const workloads = sim.trilio.seed(count);
    const engine = new Engine({
      projectDir: PROJECT,
      stateFile: path.join(dir, "state.json"),
      config: {
        resources: JSON.stringify(
          workloads.map((w, i) => ({
            type: "trilio.Restore",
            name: `r${i}`,
            args: { snapshotId: w.snapshotIds[0], restoreType: "oneclick" },
          })),
        ),
      },
      env: {
        ...sim.openrc(),
        ...(nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(" ") } : {}),
        ...(options.allocations ? { ALLOCATION_PROFILE_FILE: allocationFile } : {}),
      },
      parallel: MEMORY_PARALLEL,
    });
    const run = await upWithHostPeak(engine, (pid) => {
      if (options.heapSnapshot && !snapshotTaken && restoresStarted(sim) >= 0.9 * count) {
        snapshotTaken = true;
        process.kill(pid, "SIGUSR2");
      }
    });
    const snapshot = fs.readdirSync(dir).find((name) => name.endsWith(".heapsnapshot"));
    return {
      ...run,
      reachableMb: snapshot ? reachableBytes(path.join(dir, snapshot)) / 2 ** 20 : undefined,
      allocations: fs.existsSync(allocationFile)
        ? (JSON.parse(fs.readFileSync(allocationFile, "utf8")) as AllocationShares)
        : undefined,
    };
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The host's peak resident memory (MB) during the same `up` of `count` resources of the test engine's own dynamic
 * provider (tests/projects/engine-basic), whose create only waits a second: what the host of any dynamic provider
 * takes, before any API client.
 */
export async function measureIdleProviderMemory(count = 500): Promise<HostMemory> {
  const stack = new FixtureStack();
  try {
    const things = Array.from({ length: count }, (_, i) => ({ name: `t${i}`, slowMs: 1000 }));
    return await upWithHostPeak(stack.engine(things, { parallel: MEMORY_PARALLEL, config: { callLog: "" } }));
  } finally {
    stack.dispose();
  }
}

/** Parallel operations of the memory runs (`pulumi up --parallel 64`). */
const MEMORY_PARALLEL = 64;

/** Runs `engine.up()` sampling its host's peak resident memory every 100 ms; `onSample` sees the host's pid. */
async function upWithHostPeak(engine: Engine, onSample?: (pid: number) => void): Promise<HostMemory> {
  let peakKb = 0;
  const sampler = setInterval(() => {
    const pid = engine.host?.pid;
    if (!pid || pid < 0) return;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      onSample?.(pid);
    } catch {
      // The host has exited between two samples.
    }
  }, 100);
  const start = performance.now();
  try {
    const result = await engine.up();
    if (!result.ok) throw new Error(`the up failed: ${result.error}`);
  } finally {
    clearInterval(sampler);
  }
  return { peakMb: peakKb / 1024, wallMs: performance.now() - start };
}

function restoresStarted(sim: Simulator): number {
  return sim.requests.filter((r) => r.service === "trilio" && r.method === "POST").length;
}

/** The bytes of every object in a V8 heap snapshot: what was reachable when it was taken (V8 collects first). */
function reachableBytes(file: string): number {
  const snapshot = JSON.parse(fs.readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[] } };
    nodes: number[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const size = fields.indexOf("self_size");
  let total = 0;
  for (let i = size; i < snapshot.nodes.length; i += fields.length) total += snapshot.nodes[i];
  return total;
}
