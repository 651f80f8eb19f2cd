// How often a cinder.Backup create asks for the backup's status. Cinder reports only a status, so the provider
// expects a backup to take as long as the volume's earlier ones; on the simulator, on a simulated clock.
import { expect } from "chai";
import { backupProvider } from "../../../provider/cinder/backup";
import { useClock } from "../../../provider/core/clock";
import { CINDER_SEED, ManualClock, startSimulator, type Simulator } from "../../../simulator";

const BACKUP_MS = 20 * 60_000;

describe("cinder.Backup waiting", () => {
  let clock: ManualClock;
  let sim: Simulator;
  let restoreClock: () => void;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({
      clock,
      keystone: { tokenTtlSeconds: 24 * 3600 },
      cinder: { backupMs: BACKUP_MS },
    });
    restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  });
  afterEach(async () => {
    restoreClock();
    await sim.close();
  });

  /**
   * Backs a volume up through the provider (a backup the simulator takes `lengthMs` for); the status requests it
   * made and how late it noticed the end.
   */
  async function backUp(
    name: string,
    volumeId: string = CINDER_SEED.dataVolumeId,
    lengthMs = BACKUP_MS,
  ): Promise<{ statusRequests: number; lagMs: number }> {
    sim.cinder.setBehaviour({ backupMs: lengthMs });
    const started = clock.now();
    const created = await backupProvider.create({
      __identity: { type: "cinder.Backup", name, project: "test", stack: "test" },
      volumeId,
      connection: sim.connection(),
    });
    expect(created.outs?.status).to.equal("available");
    const polls = sim.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/backups/${created.id}`));
    return { statusRequests: polls.length, lagMs: clock.now() - started - lengthMs };
  }

  it("asks far less often for a volume whose earlier backups tell how long one takes", async () => {
    const first = await backUp("first");
    clock.advance(60 * 60_000);
    await backUp("second");
    clock.advance(60 * 60_000);
    const third = await backUp("third");
    expect(third.statusRequests, JSON.stringify({ first, third })).to.be.at.most(first.statusRequests / 3);
    expect(third.lagMs).to.be.at.most(0.05 * BACKUP_MS);
  });

  it("expects a volume's first full backup to take as long as the project's rate per GiB predicts", async () => {
    const first = await backUp("first"); // 1 GiB: nothing to go by yet
    clock.advance(60 * 60_000);
    const larger = sim.cinder.addVolume({ size: 2 }).id;
    const predicted = await backUp("larger", larger, 2 * BACKUP_MS);
    expect(predicted.statusRequests, JSON.stringify({ first, predicted })).to.be.at.most(
      first.statusRequests / 3,
    );
    expect(predicted.lagMs).to.be.at.most(0.05 * 2 * BACKUP_MS);
  });

  it("does not take a backup's restore for its length: a restore moves its updated_at", async () => {
    await backUp("first");
    clock.advance(60 * 60_000);
    await backUp("second");
    // The second backup is restored into a new volume, which ends an hour and a half later: Cinder moves the
    // backup's updated_at to then, so the two backups read as 20 minutes and nearly two hours.
    const second = sim.cinder.listBackups().find((backup) => backup.name === "second");
    sim.cinder.setBehaviour({ restoreMs: 90 * 60_000 });
    sim.cinder.restoreBackup(second?.id ?? "", { volumeId: null, name: null });
    clock.advance(2 * 60 * 60_000);
    const third = await backUp("third");
    expect(third.lagMs).to.be.at.most(0.05 * BACKUP_MS);
  });

  it("does not take a rename made after a later backup of the volume started for a backup's length", async () => {
    await backUp("first");
    clock.advance(60 * 60_000);
    await backUp("second");
    // The first is renamed two hours after it ended, after the second started: its updated_at moves to then.
    clock.advance(60 * 60_000);
    const first = sim.cinder.listBackups().find((backup) => backup.name === "first");
    sim.cinder.updateBackup(first?.id ?? "", { name: "first-renamed" });
    clock.advance(60 * 60_000);
    const third = await backUp("third");
    expect(third.lagMs).to.be.at.most(0.05 * BACKUP_MS);
  });
});
