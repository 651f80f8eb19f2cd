/**
 * The load test's stack: 100 resources across the four systems, as a platform team would declare them (restores of
 * many TrilioVault workloads; snapshots of volumes and restores of those snapshots in Waldur, PowerVC and Cinder),
 * with the simulator data they need and short simulated durations.
 */
import type { Simulator } from "../../simulator";
import type { DeclaredResource } from "../e2e/stack";

/** How many of each: 25 per system. */
export const LOAD_COUNTS = {
  "trilio.Restore": 25,
  "waldur.Snapshot": 13,
  "waldur.VolumeRestoration": 12,
  "powervc.InstanceSnapshot": 13,
  "powervc.InstanceRestore": 12,
  "cinder.Backup": 13,
  "cinder.BackupRestore": 12,
} as const;

/** The resource types of the plan. */
export type LoadType = keyof typeof LOAD_COUNTS;

/** PowerVC's Keystone project (the rest of the login comes from OS_*). */
const POWERVC = { projectName: "powervc", projectDomainName: "Default" };

const numbered = (prefix: string, index: number) => `${prefix}-${String(index + 1).padStart(2, "0")}`;

/** Operations of one to two seconds, so 100 of them (two in a row in a chain) fit in well under a minute. */
function shortenOperations(sim: Simulator): void {
  sim.trilio.setBehaviour({ restoreDurationMs: 1500 });
  sim.waldur.setBehaviour({ snapshotCreateMs: 1000, volumeCreateMs: 1000, updateMs: 500 });
  sim.powervc.setBehaviour({ snapshotMs: 1000, restoreMs: 1000 });
  sim.cinder.setBehaviour({ backupMs: 1000, restoreMs: 1000 });
}

/**
 * Adds the workloads, volumes and servers the plan needs to `sim`, and returns the 100 resources: 25 restores of
 * as many Trilio workloads; in Waldur, Cinder and PowerVC, a snapshot (or backup) of each of 13 volumes (servers),
 * and a restore of 12 of them, which depends on it.
 */
export function loadPlan(sim: Simulator): DeclaredResource[] {
  shortenOperations(sim);
  const chains = LOAD_COUNTS["waldur.Snapshot"];
  const restored = LOAD_COUNTS["waldur.VolumeRestoration"];
  const trilio = sim.trilio
    .seed(LOAD_COUNTS["trilio.Restore"], {}, "load")
    .map((workload, i): DeclaredResource => ({
      type: "trilio.Restore",
      name: numbered("trilio-restore", i),
      args: { snapshotId: workload.snapshotIds[0], restoreType: "oneclick" },
    }));
  const waldur: DeclaredResource[] = [];
  const cinder: DeclaredResource[] = [];
  const powervc: DeclaredResource[] = [];
  for (let i = 0; i < chains; i++) {
    const volume = sim.waldur.addVolume({ name: numbered("load-volume", i), size: 1024 });
    const snapshot = numbered("waldur-snapshot", i);
    waldur.push({
      type: "waldur.Snapshot",
      name: snapshot,
      args: { volumeUuid: volume.uuid, name: snapshot, retention: { days: 7 } },
    });
    const cinderVolume = sim.cinder.addVolume({ name: numbered("load-volume", i) });
    const backup = numbered("cinder-backup", i);
    cinder.push({ type: "cinder.Backup", name: backup, args: { volumeId: cinderVolume.id } });
    const server = sim.powervc.addServer(numbered("load-server", i));
    const instanceSnapshot = numbered("powervc-snapshot", i);
    powervc.push({
      type: "powervc.InstanceSnapshot",
      name: instanceSnapshot,
      args: { serverId: server.id, connection: POWERVC },
    });
    if (i >= restored) continue;
    waldur.push({
      type: "waldur.VolumeRestoration",
      name: numbered("waldur-restoration", i),
      args: { snapshotUuid: { $ref: `${snapshot}.uuid` }, name: numbered("waldur-restored", i) },
    });
    cinder.push({
      type: "cinder.BackupRestore",
      name: numbered("cinder-restore", i),
      args: { backupId: { $ref: `${backup}.id` }, newVolumeName: numbered("cinder-restored", i) },
    });
    powervc.push({
      type: "powervc.InstanceRestore",
      name: numbered("powervc-restore", i),
      args: {
        serverId: server.id,
        instanceSnapshotId: { $ref: `${instanceSnapshot}.id` },
        confirmOverwrite: true,
        connection: POWERVC,
      },
    });
  }
  return [...trilio, ...waldur, ...powervc, ...cinder];
}
