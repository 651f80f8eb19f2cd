// cinder.Backup and cinder.BackupRestore, one contract on two targets: the simulator (in `npm test`) and a real
// OpenStack Cinder with a real Keystone (`npm run test:real-cinder`, CINDER_TARGET=real, OS_* from its openrc).
// Real programs through the real dynamic-provider host; each scenario asserts what a user sees and what Cinder
// then holds. Counting requests is only possible on the simulator, and says so where it is done.
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { CinderFixtures } from "../simulator/cinder-fixtures";
import {
  connectCinderTarget,
  simulatorCinderTarget,
  send,
  type CinderTarget,
} from "../simulator/cinder-target";
import { shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

const REAL = process.env.CINDER_TARGET === "real";

interface BackupJson {
  id: string;
  status: string;
  name: string | null;
  description: string | null;
  is_incremental: boolean;
  metadata?: Record<string, string>;
}

describe(`cinder end to end (${REAL ? "real Cinder and Keystone" : "simulator"})`, function () {
  this.timeout(REAL ? 600_000 : 120_000);
  const prefix = `e2e-${randomBytes(3).toString("hex")}`;
  let target: CinderTarget;
  let fixtures: CinderFixtures;
  let stack: TestStack;
  let volumeA: string;
  let volumeB: string;

  before(async () => {
    if (REAL) {
      stack = TestStack.againstRealServices(process.env as Record<string, string>);
      target = await connectCinderTarget();
    } else {
      stack = await TestStack.start({ cinder: { backupMs: 1200, restoreMs: 1200 } });
      target = await simulatorCinderTarget(stack.sim);
    }
    fixtures = new CinderFixtures(target);
    volumeA = (await fixtures.createVolume(`${prefix}-a`)).id;
    volumeB = (await fixtures.createVolume(`${prefix}-b`)).id;
  });
  after(async () => {
    await stack.run("destroy", []).catch(() => undefined);
    await fixtures.cleanUp();
    await stack.dispose();
  });

  const backup = (name: string, args: Record<string, unknown>, dependsOn?: string[]): DeclaredResource => ({
    type: "cinder.Backup",
    name,
    args: { name: `${prefix}-${name}`, ...args },
    ...(dependsOn ? { options: { dependsOn } } : {}),
  });
  const getBackup = async (id: string) =>
    (await send<{ backup: BackupJson }>(target, "GET", `/backups/${id}`, { microversion: "3.43" })).body
      .backup;
  const volumeStatus = async (id: string) => {
    const response = await send<{ volume: { status: string } }>(target, "GET", `/volumes/${id}`);
    return response.status === 404 ? "gone" : response.body.volume.status;
  };
  const backupsIn = () => stack.resourcesOf("cinder.Backup");
  const puts = () => (stack.simulated ? stack.requestsTo("cinder", "PUT").length : undefined);

  describe("backups", () => {
    let declared: DeclaredResource[];

    it("backs up a volume, and records what Cinder reports", async () => {
      declared = [backup("full", { volumeId: volumeA, description: "nightly", metadata: { app: "db" } })];
      const result = await stack.run("up", declared);
      expect(result.ok, shown(result)).to.equal(true);
      const [recorded] = backupsIn();
      expect(recorded.outputs).to.include({ status: "available", sizeGib: 1, isIncremental: false });
      expect(recorded.outputs.cinderMetadata).to.deep.equal({ app: "db" });
      expect((await getBackup(recorded.id)).description).to.match(/^nightly \[pulumi:[0-9a-f]{16}\]$/);
    });

    it("renames it with one PUT, no replace", async () => {
      const id = backupsIn()[0].id;
      const before = puts();
      declared = [
        backup("full", {
          volumeId: volumeA,
          name: `${prefix}-renamed`,
          description: "nightly",
          metadata: { app: "db" },
        }),
      ];
      const result = await stack.run("up", declared);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "cinder.Backup")).to.deep.equal({ update: 1 });
      expect(backupsIn()[0].id).to.equal(id);
      expect((await getBackup(id)).name).to.equal(`${prefix}-renamed`);
      if (before !== undefined) expect(puts()).to.equal(before + 1);
    });

    it("changes its metadata with one PUT, no replace", async () => {
      const id = backupsIn()[0].id;
      const before = puts();
      declared = [
        backup("full", {
          volumeId: volumeA,
          name: `${prefix}-renamed`,
          description: "nightly",
          metadata: { app: "db", tier: "gold" },
        }),
      ];
      const result = await stack.run("up", declared);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "cinder.Backup")).to.deep.equal({ update: 1 });
      expect((await getBackup(id)).metadata).to.deep.equal({ app: "db", tier: "gold" });
      if (before !== undefined) expect(puts()).to.equal(before + 1);
    });

    it("makes an incremental backup on top of the full one", async () => {
      declared = [...declared, backup("incremental", { volumeId: volumeA, incremental: true }, ["full"])];
      const result = await stack.run("up", declared);
      expect(result.ok, shown(result)).to.equal(true);
      const incremental = backupsIn().find((r) => r.name === "incremental")!;
      expect(incremental.outputs).to.include({ status: "available", isIncremental: true });
    });

    it("refuses to delete the full backup while the incremental depends on it, and names it", async () => {
      const full = backupsIn().find((r) => r.name === "full")!;
      const incremental = backupsIn().find((r) => r.name === "incremental")!;
      // Declared without the dependency, destroy deletes both at once; Cinder refuses the parent.
      const result = await stack.run("up", [backup("incremental", { volumeId: volumeA, incremental: true })]);
      expect(result.ok).to.equal(false);
      expect(shown(result)).to.match(/Incremental backups exist for this backup/);
      expect(shown(result)).to.contain(incremental.id);
      expect((await getBackup(full.id)).status).to.equal("available");
      // Declared with the dependency again, the stack is as before.
      const restored = await stack.run("up", declared);
      expect(restored.ok, shown(restored)).to.equal(true);
    });

    it("changing the volume replaces: a new backup of the other volume, the old ones deleted", async () => {
      const old = backupsIn().map((r) => r.id);
      declared = [
        backup("full", {
          volumeId: volumeB,
          name: `${prefix}-renamed`,
          description: "nightly",
          metadata: { app: "db", tier: "gold" },
        }),
      ];
      const result = await stack.run("up", declared);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "cinder.Backup")).to.deep.include({ replace: 1 });
      const [now] = backupsIn();
      expect(now.outputs.volumeId).to.equal(volumeB);
      for (const id of old) {
        expect((await send(target, "GET", `/backups/${id}`)).status).to.equal(404);
      }
    });

    it("backs up an in-use volume from its snapshot with no force: Cinder checks only the snapshot", async () => {
      const attached = await fixtures.createVolume<{ id: string; status: string }>(`${prefix}-in-use`);
      await fixtures.attach(attached.id);
      const snapshot = await fixtures.snapshot<{ id: string; status: string }>({
        volume_id: attached.id,
        name: `${prefix}-snap`,
        force: true,
      });
      const fromSnapshot = backup("from-snapshot", { volumeId: attached.id, snapshotId: snapshot.id });
      const preview = await stack.run("preview", [...declared, fromSnapshot]);
      expect(preview.ok, shown(preview)).to.equal(true);
      expect(shown(preview)).to.include(
        `will back up volume ${prefix}-in-use (${attached.id}, 1 GiB) as a full backup, from snapshot ` +
          `${prefix}-snap (${snapshot.id})`,
      );
      const result = await stack.run("up", [...declared, fromSnapshot]);
      expect(result.ok, shown(result)).to.equal(true);
      const made = backupsIn().find((r) => r.name === "from-snapshot")!;
      expect(made.outputs).to.include({ status: "available" });
      expect((await getBackup(made.id)).status).to.equal("available");
      const removed = await stack.run("up", declared);
      expect(removed.ok, shown(removed)).to.equal(true);
    });

    it("adopts an existing backup", async () => {
      const existing = await fixtures.backUp<BackupJson & { id: string }>({
        volume_id: volumeA,
        name: `${prefix}-made-elsewhere`,
      });
      const result = await stack.run("up", [
        ...declared,
        backup("adopted", {
          volumeId: volumeA,
          adoptBackupId: existing.id,
          name: `${prefix}-made-elsewhere`,
        }),
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(backupsIn().find((r) => r.name === "adopted")?.id).to.equal(existing.id);
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
    });
  });

  describe("restores", () => {
    let source: string;
    before(async () => {
      source = (
        await fixtures.backUp<BackupJson & { id: string }>({
          volume_id: volumeA,
          name: `${prefix}-restore-source`,
        })
      ).id;
    });

    it("restores into a new volume; destroy deletes that volume", async () => {
      const result = await stack.run("up", [
        {
          type: "cinder.BackupRestore",
          name: "to-new",
          args: { backupId: source, newVolumeName: `${prefix}-restored` },
        },
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      const [restore] = stack.resourcesOf("cinder.BackupRestore");
      expect(restore.outputs).to.include({
        volumeStatus: "available",
        createdVolume: true,
        volumeName: `${prefix}-restored`,
      });
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(await volumeStatus(restore.id)).to.equal("gone");
    });

    it("restores into an existing volume; destroy leaves that volume", async () => {
      const result = await stack.run("up", [
        {
          type: "cinder.BackupRestore",
          name: "to-b",
          args: { backupId: source, volumeId: volumeB, confirmOverwrite: true },
        },
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(stack.resourcesOf("cinder.BackupRestore")[0].outputs).to.include({
        createdVolume: false,
        targetVolumeId: volumeB,
      });
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(await volumeStatus(volumeB)).to.equal("available");
      expect(shown(destroy)).to.match(/destroy never deletes it/);
    });

    const toNew = (name: string, args: Record<string, unknown>): DeclaredResource => ({
      type: "cinder.BackupRestore",
      name,
      args: { backupId: source, newVolumeName: `${prefix}-${name}`, ...args },
    });
    const getVolume = async (id: string) =>
      (await send<{ volume: { name: string; description: string | null } }>(target, "GET", `/volumes/${id}`))
        .body.volume;

    it("replacing a restore into a new volume restores into another new volume, and deletes only the old one", async () => {
      const first = await stack.run("up", [toNew("drill", { triggers: { drill: "1" } })]);
      expect(first.ok, shown(first)).to.equal(true);
      const [old] = stack.resourcesOf("cinder.BackupRestore");
      expect((await getVolume(old.id)).description).to.match(
        new RegExp(`^restore of backup ${source} \\[pulumi:[0-9a-f]{16}\\]$`),
      );
      const preview = await stack.run("preview", [toNew("drill", { triggers: { drill: "2" } })]);
      expect(summaryOf(preview, "cinder.BackupRestore")).to.deep.equal({ replace: 1 });
      const second = await stack.run("up", [toNew("drill", { triggers: { drill: "2" } })]);
      expect(second.ok, shown(second)).to.equal(true);
      const [now] = stack.resourcesOf("cinder.BackupRestore");
      expect(now.id).to.not.equal(old.id);
      expect(now.outputs).to.include({ volumeStatus: "available", restored: true, createdVolume: true });
      expect(await volumeStatus(now.id)).to.equal("available");
      expect(await volumeStatus(old.id)).to.equal("gone");
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(await volumeStatus(now.id)).to.equal("gone");
    });

    it("renaming the restored volume renames it in place: the same volume, its data kept", async () => {
      const first = await stack.run("up", [toNew("rename", {})]);
      expect(first.ok, shown(first)).to.equal(true);
      const [before] = stack.resourcesOf("cinder.BackupRestore");
      const renamed = {
        ...toNew("rename", {}),
        args: { ...toNew("rename", {}).args, newVolumeName: `${prefix}-renamed` },
      };
      const preview = await stack.run("preview", [renamed]);
      expect(summaryOf(preview, "cinder.BackupRestore")).to.deep.equal({ update: 1 });
      const result = await stack.run("up", [renamed]);
      expect(result.ok, shown(result)).to.equal(true);
      const [after] = stack.resourcesOf("cinder.BackupRestore");
      expect(after.id, "the same volume").to.equal(before.id);
      expect((await getVolume(after.id)).name).to.equal(`${prefix}-renamed`);
      expect(after.outputs).to.include({ volumeName: `${prefix}-renamed`, restored: true });
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(await volumeStatus(after.id)).to.equal("gone");
    });

    it("a volume restored by hand from the same backup under the same name is never adopted or deleted", async () => {
      const byHand = await send<{ restore: { volume_id: string } }>(
        target,
        "POST",
        `/backups/${source}/restore`,
        {
          body: { restore: { name: `${prefix}-look-alike` } },
        },
      );
      expect(byHand.status, byHand.text).to.equal(202);
      const lookAlike = byHand.body.restore.volume_id;
      fixtures.created.volumes.push(lookAlike);
      await fixtures.waitFor("volumes", lookAlike, ["available"]);
      await fixtures.waitFor("backups", source, ["available"]);
      const result = await stack.run("up", [toNew("look-alike", {})]);
      expect(result.ok, shown(result)).to.equal(true);
      const [mine] = stack.resourcesOf("cinder.BackupRestore");
      expect(mine.id).to.not.equal(lookAlike);
      expect(shown(result)).to.not.match(/adopting/);
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(await volumeStatus(mine.id)).to.equal("gone");
      expect(await volumeStatus(lookAlike)).to.equal("available");
    });

    it("replacing a restore into an existing volume restores into it again, and never deletes it", async () => {
      const into = (drill: string): DeclaredResource => ({
        type: "cinder.BackupRestore",
        name: "into-b",
        args: { backupId: source, volumeId: volumeB, confirmOverwrite: true, triggers: { drill } },
      });
      const first = await stack.run("up", [into("1")]);
      expect(first.ok, shown(first)).to.equal(true);
      expect(shown(first)).to.match(/will restore backup .* into existing volume .*, overwriting it/);
      const second = await stack.run("up", [into("2")]);
      expect(second.ok, shown(second)).to.equal(true);
      expect(summaryOf(second, "cinder.BackupRestore")).to.deep.equal({ replace: 1 });
      expect(shown(second)).to.match(/leaving volume .*destroy never deletes it/);
      expect(await volumeStatus(volumeB)).to.equal("available");
      if (stack.simulated) {
        const deletes = stack
          .requestsTo("cinder", "DELETE")
          .filter((r) => r.path.endsWith(`/volumes/${volumeB}`));
        expect(deletes).to.have.length(0);
      }
      await stack.run("destroy", []);
      expect(await volumeStatus(volumeB)).to.equal("available");
    });

    it("the same backup id in another case or without dashes is the same restore: no change", async () => {
      const upper = toNew("id-forms", { backupId: source.toUpperCase() });
      const created = await stack.run("up", [upper]);
      expect(created.ok, shown(created)).to.equal(true);
      expect(stack.resourcesOf("cinder.BackupRestore")[0].outputs.backupId).to.equal(source);
      for (const form of [source, source.replace(/-/g, "")]) {
        const preview = await stack.run("preview", [toNew("id-forms", { backupId: form })]);
        expect(summaryOf(preview, "cinder.BackupRestore"), form).to.deep.equal({ same: 1 });
      }
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
    });

    it("a restore into a too-small or in-use volume fails in preview with Cinder's reason", async () => {
      const big = await fixtures.createVolume<{ id: string; status: string }>(`${prefix}-big`, {}, 2);
      const bigBackup = await fixtures.backUp<BackupJson & { id: string }>({
        volume_id: big.id,
        name: `${prefix}-big`,
      });
      const attached = await fixtures.createVolume<{ id: string; status: string }>(`${prefix}-attached`);
      await fixtures.attach(attached.id);
      const result = await stack.run("preview", [
        {
          type: "cinder.BackupRestore",
          name: "too-small",
          args: { backupId: bigBackup.id, volumeId: volumeB, confirmOverwrite: true },
        },
        {
          type: "cinder.BackupRestore",
          name: "in-use",
          args: { backupId: source, volumeId: attached.id, confirmOverwrite: true },
        },
      ]);
      expect(result.ok).to.equal(false);
      expect(shown(result)).to.match(
        /volumeId: Invalid volume: volume size 1 is too small to restore backup of size 2\./,
      );
      expect(shown(result)).to.match(/volumeId: Invalid volume: Volume to be restored to must be available/);
    });
  });

  // A real server's maximum cannot be lowered for a test, so this one runs on the simulator only.
  if (!REAL)
    describe("microversions (the simulator can lower its maximum)", () => {
      it("metadata on a server below 3.43 fails in preview, saying what the server offers", async () => {
        stack.sim.cinder.setBehaviour({ maxMicroversion: "3.40" });
        try {
          const result = await stack.run("preview", [
            backup("old-server", { volumeId: volumeA, metadata: { a: "b" } }),
          ]);
          expect(result.ok).to.equal(false);
          expect(shown(result)).to.match(
            /metadata: metadata needs Cinder API microversion 3.43, and this server offers up to 3.40/,
          );
        } finally {
          stack.sim.cinder.setBehaviour({ maxMicroversion: "3.70" });
        }
      });
    });
});
