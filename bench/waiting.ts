/**
 * Waiting, measured: how many status requests the provider's waiter makes for an operation of a given length,
 * and how late it notices the end, against fixed-interval polling (every 10 s, as the Trilio Ansible collection
 * polls; every 3 s, like terraform-provider-openstack's minimum) on the same simulated operations. Everything
 * runs on one simulated clock shared by the provider and the simulator, so hours take seconds.
 */
import { useClock } from "../provider/core/clock";
import { requireOpenStackConnection } from "../provider/openstack/connection";
import { backupProvider } from "../provider/cinder/backup";
import { CinderClient } from "../provider/cinder/client";
import { restoreProvider } from "../provider/trilio/restore";
import { TrilioClient } from "../provider/trilio/client";
import { CINDER_SEED, ManualClock, startSimulator, TRILIO_SEED, type Simulator } from "../simulator";
import { seededRandom } from "./stats";

/** What one wait cost. */
export interface WaitCost {
  /** Status requests for the operation. */
  requests: number;
  /** Time from the operation's end to the waiter noticing it, ms. */
  lagMs: number;
}

/**
 * The operations measured: a Trilio restore (reports progress), a Cinder backup (reports only its status), a
 * Cinder backup of a volume with earlier backups (whose lengths tell what to expect), and a volume's first Cinder
 * backup in a project whose other volumes were backed up (whose rate per GiB tells).
 */
export type Operation =
  | "trilio restore (progress)"
  | "cinder backup (status only)"
  | "cinder backup (status only, earlier backups)"
  | "cinder backup (status only, other volumes backed up)";

/** Earlier backups of the volume before a "cinder backup (status only, earlier backups)", an hour apart. */
export const EARLIER_BACKUPS = 3;

/** Each earlier backup took the measured one's length give or take this fraction (seeded). */
export const EARLIER_BACKUP_SPREAD = 0.1;

/**
 * Sizes (GiB) of the other volumes backed up, an hour apart, before a "cinder backup (status only, other volumes
 * backed up)" of the 1 GiB data volume; each backup took its size times the measured one's length, give or take
 * {@link EARLIER_BACKUP_SPREAD}.
 */
export const OTHER_VOLUME_SIZES = [2, 4, 8];

/** Who waits: the provider's waiter, or fixed-interval polling. */
export type Waiter = { kind: "provider" } | { kind: "fixed"; intervalMs: number };

const SIMULATED_START = Date.UTC(2026, 10, 22, 0, 0, 0);

/**
 * Measures one wait of `minutes` (plus `offsetMs`: real operations do not end on a polling interval) for
 * `operation` by `waiter`, on a fresh simulator and simulated clock.
 */
export async function measureWait(
  operation: Operation,
  minutes: number,
  waiter: Waiter,
  offsetMs = 0,
): Promise<WaitCost> {
  const clock = new ManualClock(SIMULATED_START);
  const durationMs = minutes * 60_000 + offsetMs;
  const sim = await startSimulator({
    clock,
    keystone: { tokenTtlSeconds: 3600 },
    trilio: { restoreDurationMs: durationMs },
    cinder: { backupMs: durationMs },
  });
  const restoreClock = useClock({
    now: () => clock.now(),
    sleep: async (ms) => clock.advance(ms),
    // Jitter seeded by the operation, so a run of the bench repeats the last one's figures.
    random: seededRandom(durationMs),
  });
  try {
    if (operation === "cinder backup (status only, earlier backups)") {
      await backUpEarlier(sim, clock, durationMs, seededRandom(offsetMs + 1));
    }
    if (operation === "cinder backup (status only, other volumes backed up)") {
      await backUpOtherVolumes(sim, clock, durationMs, seededRandom(offsetMs + 1));
    }
    const started = clock.now();
    const id =
      operation === "trilio restore (progress)"
        ? await waitForRestore(sim, waiter, clock)
        : await waitForBackup(sim, waiter, clock);
    const lagMs = clock.now() - started - durationMs;
    const polls = sim.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/${id}`));
    return { requests: polls.length, lagMs };
  } finally {
    restoreClock();
    await sim.close();
  }
}

const identity = (type: string) => ({ type, name: "bench", project: "bench", stack: "bench" });

async function waitForRestore(sim: Simulator, waiter: Waiter, clock: ManualClock): Promise<string> {
  if (waiter.kind === "provider") {
    const created = await restoreProvider.create({
      __identity: identity("trilio.Restore"),
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "oneclick",
      timeouts: { create: "4h" },
      connection: sim.connection(),
    });
    return created.id;
  }
  const client = new TrilioClient(requireOpenStackConnection(sim.connection()));
  const started = await client.startRestore(TRILIO_SEED.webSnapshotId, {
    name: "baseline",
    description: "",
    options: { type: "openstack", restore_type: "oneclick", oneclickrestore: true, openstack: {} },
  });
  await pollEvery(waiter.intervalMs, clock, async () => {
    const status = (await client.getRestore(started.id))?.status;
    return status === "available" || status === "error";
  });
  return started.id;
}

async function waitForBackup(sim: Simulator, waiter: Waiter, clock: ManualClock): Promise<string> {
  if (waiter.kind === "provider") {
    const created = await backupProvider.create({
      __identity: identity("cinder.Backup"),
      volumeId: CINDER_SEED.dataVolumeId,
      connection: sim.connection(),
    });
    return created.id;
  }
  const client = new CinderClient(requireOpenStackConnection(sim.connection()));
  const started = await client.createBackup({ volume_id: CINDER_SEED.dataVolumeId, name: "baseline" }, "3.0");
  await pollEvery(waiter.intervalMs, clock, async () => {
    const status = (await client.getBackup(started.id))?.status;
    return status === "available" || status === "error";
  });
  return started.id;
}

/** {@link EARLIER_BACKUPS} backups of the volume, each within {@link EARLIER_BACKUP_SPREAD} of `durationMs`. */
async function backUpEarlier(
  sim: Simulator,
  clock: ManualClock,
  durationMs: number,
  random: () => number,
): Promise<void> {
  for (let i = 0; i < EARLIER_BACKUPS; i++) {
    await backUpBefore(sim, clock, CINDER_SEED.dataVolumeId, spread(durationMs, random));
  }
  sim.cinder.setBehaviour({ backupMs: durationMs });
}

/** A backup of each of {@link OTHER_VOLUME_SIZES}, each its size times `durationMs` (per GiB), spread. */
async function backUpOtherVolumes(
  sim: Simulator,
  clock: ManualClock,
  durationMs: number,
  random: () => number,
): Promise<void> {
  for (const size of OTHER_VOLUME_SIZES) {
    await backUpBefore(sim, clock, sim.cinder.addVolume({ size }).id, spread(size * durationMs, random));
  }
  sim.cinder.setBehaviour({ backupMs: durationMs });
}

/** `lengthMs` give or take {@link EARLIER_BACKUP_SPREAD}. */
function spread(lengthMs: number, random: () => number): number {
  return Math.round(lengthMs * (1 + EARLIER_BACKUP_SPREAD * (2 * random() - 1)));
}

/** A backup of `volumeId` that takes `lengthMs`, read when done, then an hour. */
async function backUpBefore(sim: Simulator, clock: ManualClock, volumeId: string, lengthMs: number) {
  const client = new CinderClient(requireOpenStackConnection(sim.connection()));
  sim.cinder.setBehaviour({ backupMs: lengthMs });
  const started = await client.createBackup({ volume_id: volumeId, name: "earlier" }, "3.0");
  clock.advance(lengthMs);
  await client.getBackup(started.id);
  clock.advance(60 * 60_000);
}

/** The baseline: sleep a fixed interval, ask, until done. */
async function pollEvery(
  intervalMs: number,
  clock: ManualClock,
  done: () => Promise<boolean>,
): Promise<void> {
  for (;;) {
    clock.advance(intervalMs);
    if (await done()) return;
  }
}
