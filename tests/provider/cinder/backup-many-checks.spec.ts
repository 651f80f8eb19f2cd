// cinder.Backup's preview-time checks in a stack of many backups, over real HTTP against the simulator: after a
// few individual reads, the project's volume list answers the checks, and never refuses on its own.
import { expect } from "chai";
import { backupProvider } from "../../../provider/cinder/backup";
import { backupRestoreProvider } from "../../../provider/cinder/backup-restore";
import { BULK_LOOKUP_POLICY } from "../../../provider/core/bulk-lookup";
import { startSimulator, type Simulator } from "../../../simulator";

const { individually } = BULK_LOOKUP_POLICY;

describe("cinder.Backup checks in a stack of many backups (against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let suffix = 0;

  // A simulator per test: its own address, so its own connection and its own list in this process.
  beforeEach(async () => {
    sim = await startSimulator({ cinder: { backupMs: 10 } });
  });
  afterEach(async () => sim.close());

  function check(volumeId: string, extra: Record<string, unknown> = {}) {
    return backupProvider.check!(
      {},
      {
        __identity: { type: "cinder.Backup", name: `backup-${++suffix}`, project: "test", stack: "dev" },
        volumeId,
        connection: sim.connection(),
        ...extra,
      },
    );
  }

  const gets = (pattern: RegExp) =>
    sim.requests.filter((r) => r.service === "cinder" && r.method === "GET" && pattern.test(r.path)).length;

  it("reads each volume for the first few checks, then the project's volume list once", async () => {
    const volumes = Array.from({ length: 10 }, () => sim.cinder.addVolume());
    for (const volume of volumes) expect((await check(volume.id)).failures).to.deep.equal([]);
    expect(gets(/\/volumes\/[^/]+$/) - gets(/\/volumes\/detail$/)).to.equal(individually);
    expect(gets(/\/volumes\/detail$/)).to.equal(1);
  });

  it("never refuses from the list: an in-use volume is read again, and passes once detached", async () => {
    const attached = sim.cinder.addVolume({ status: "in-use" });
    for (let i = 0; i < individually; i++) await check(sim.cinder.addVolume().id);

    const refused = await check(attached.id);
    expect(refused.failures?.[0].property).to.equal("force");
    sim.cinder.volumeAction(attached.id, { kind: "os-detach" });
    expect((await check(attached.id)).failures, "the list, still fresh, shows it in-use").to.deep.equal([]);
    expect(gets(/\/volumes\/detail$/)).to.equal(1);
    expect(gets(new RegExp(`/volumes/${attached.id}$`)), "read on its own each time").to.equal(2);
  });

  it("cinder.BackupRestore: answers from the backup and volume lists, and reads a too small volume again", async () => {
    const backups = Array.from({ length: individually + 2 }, () =>
      sim.cinder.backUp(sim.cinder.addVolume({ size: 2 }).id),
    );
    const small = sim.cinder.addVolume({ size: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the backups finish
    const restore = (backupId: string, target: Record<string, unknown>) =>
      backupRestoreProvider.check!(
        {},
        {
          __identity: {
            type: "cinder.BackupRestore",
            name: `restore-${++suffix}`,
            project: "test",
            stack: "dev",
          },
          backupId,
          connection: sim.connection(),
          ...target,
        },
      );
    for (const backup of backups) {
      expect((await restore(backup.id, { newVolumeName: "copy" })).failures).to.deep.equal([]);
    }
    expect(gets(/\/backups\/detail$/)).to.equal(1);
    expect(gets(/\/backups\/[^/]+$/) - gets(/\/backups\/detail$/)).to.equal(individually);

    for (let i = 0; i < individually; i++) {
      const target = { volumeId: sim.cinder.addVolume({ size: 2 }).id, confirmOverwrite: true };
      expect((await restore(backups[0].id, target)).failures).to.deep.equal([]);
    }
    const tooSmall = await restore(backups[0].id, { volumeId: small.id, confirmOverwrite: true });
    expect(tooSmall.failures?.[0].reason).to.match(/volume size 1 is too small to restore backup of size 2/);
    expect(gets(/\/volumes\/detail$/)).to.equal(1);
    expect(gets(new RegExp(`/volumes/${small.id}$`)), "listed too small, so read on its own").to.equal(1);
  });
});
