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

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({
      clock,
      keystone: { tokenTtlSeconds: 24 * 3600 },
      cinder: { backupMs: BACKUP_MS },
    });
    restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  });
  after(async () => {
    restoreClock();
    await sim.close();
  });

  /** Backs the data volume up through the provider; the status requests it made and how late it noticed the end. */
  async function backUp(name: string): Promise<{ statusRequests: number; lagMs: number }> {
    const started = clock.now();
    const created = await backupProvider.create({
      __identity: { type: "cinder.Backup", name, project: "test", stack: "test" },
      volumeId: CINDER_SEED.dataVolumeId,
      connection: sim.connection(),
    });
    expect(created.outs?.status).to.equal("available");
    const polls = sim.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/backups/${created.id}`));
    return { statusRequests: polls.length, lagMs: clock.now() - started - BACKUP_MS };
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
});
