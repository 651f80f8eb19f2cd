/**
 * The state and memory section: `__provider` and state bytes per resource type, and the dynamic-provider host's
 * peak memory during an `up` of 500 resources, against one of 1 and against the Pulumi runtime alone.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CINDER_SEED, POWERVC_SEED, startSimulator, WALDUR_SEED } from "../simulator";
import { Engine } from "../tests/engine";
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
    const backup = sim.cinder.createBackup({
      volumeId: CINDER_SEED.dataVolumeId,
      name: "bench-source",
      description: null,
      container: null,
      incremental: false,
      force: false,
      snapshotId: null,
      metadata: {},
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
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
      { type: "cinder.BackupRestore", name: "br", args: { backupId: backup.id, newVolumeName: "br" } },
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

/** The host's peak resident memory (MB) during one `up` of `count` restores, and how long it took. */
export async function measureHostMemory(count = 500): Promise<{ peakMb: number; wallMs: number }> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 1000 } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-memory-"));
  let peakKb = 0;
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
      env: sim.openrc(),
      parallel: 64,
    });
    const sampler = setInterval(() => {
      const pid = engine.host?.pid;
      if (!pid || pid < 0) return;
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peakKb = Math.max(peakKb, hwm);
      } catch {
        // The host has exited between two samples.
      }
    }, 100);
    const start = performance.now();
    const result = await engine.up();
    clearInterval(sampler);
    if (!result.ok) throw new Error(`up of ${count} restores failed: ${result.error}`);
    return { peakMb: peakKb / 1024, wallMs: performance.now() - start };
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
