// Preview says what `up` will do, resource by resource, before anything changes: one line per resource with what
// it computes (a snapshot's kept_until, a backup's source and size, a restore's target), read from the server with
// read-only requests, or named unknown when preview cannot know it. Real programs through the real dynamic-provider
// host against the simulator, whose request log shows that a preview changes nothing.
import { expect } from "chai";
import { toWaldurTime } from "../../provider/waldur/retention";
import { CINDER_SEED, POWERVC_SEED, WALDUR_SEED } from "../../simulator";
import { shown, TestStack, type DeclaredResource } from "./stack";

const DAY_MS = 24 * 60 * 60_000;
const [SCHEDULE_1] = WALDUR_SEED.scheduleSnapshotUuids;
const POWERVC = { projectName: "powervc", projectDomainName: "Default" };
const REMOTE_CHECKS_OFF = { "dataprotection:remoteChecks": "false" };

/** How a plan line names what the server would tell, when an input is unknown at preview. */
const unknownAtPreview = (what: string) => `${what} unknown until up: an input is unknown at preview`;

const declare = (type: string, name: string, args: Record<string, unknown>): DeclaredResource => ({
  type,
  name,
  args,
});

describe("preview shows what up will do, and changes nothing", function () {
  this.timeout(120_000);
  let stack: TestStack;
  beforeEach(async () => {
    stack = await TestStack.start({ cinder: { backupMs: 300, restoreMs: 300 } });
    stack.sim.waldur.setBehaviour({ snapshotCreateMs: 300, updateMs: 300 });
  });
  afterEach(async () => stack.dispose());

  /** Previews `resources`: what the user saw, after checking that the run passed and sent nothing that changes. */
  async function preview(
    resources: DeclaredResource[],
    config: Record<string, string> = {},
  ): Promise<string> {
    const sent = stack.sim.requests.length;
    const result = await stack.run("preview", resources, config);
    expect(result.ok, shown(result)).to.equal(true);
    const changing = stack.sim.requests
      .slice(sent)
      .filter((r) => r.method !== "GET" && r.service !== "keystone")
      .map((r) => `${r.method} ${r.path}`);
    expect(changing, "requests a preview sent that change something").to.deep.equal([]);
    return shown(result);
  }

  /** The simulator's snapshot, with its creation time as Waldur reports it. */
  const waldurSnapshot = (uuid: string) => {
    const snapshot = stack.sim.waldur.state.snapshots.find((s) => s.uuid === uuid);
    if (!snapshot) throw new Error(`no snapshot ${uuid} in the simulator`);
    return snapshot;
  };

  describe("waldur.Snapshot", () => {
    const nightly = (args: Record<string, unknown>) =>
      declare("waldur.Snapshot", "nightly", { volumeUuid: WALDUR_SEED.dbDataVolumeUuid, ...args });

    it("a new snapshot: the volume, and kept_until as retention.days from now computes it", async () => {
      const before = Date.now();
      const text = await preview([nightly({ retention: { days: 30 } })]);
      const after = Date.now();
      const line = new RegExp(
        `will snapshot volume db-data \\(${WALDUR_SEED.dbDataVolumeUuid}\\) and keep it until (\\S+) ` +
          "\\(retention.days = 30 from now\\)",
      ).exec(text);
      expect(line, text).to.not.equal(null);
      const keptUntil = Date.parse(line![1]);
      expect(keptUntil).to.be.within(Date.parse(toWaldurTime(before + 30 * DAY_MS)), after + 30 * DAY_MS);
    });

    it("a new snapshot with keptUntil, or with no retention, says so", async () => {
      const keptUntil = new Date(Date.now() + 90 * DAY_MS).toISOString();
      const text = await preview([nightly({ keptUntil })]);
      expect(text).to.include(`and keep it until ${toWaldurTime(Date.parse(keptUntil))} (keptUntil)`);
      expect(await preview([nightly({})])).to.include("and keep it until Waldur deletes it (no retention)");
    });

    it("an adopted snapshot: the kept_until it will set, from its creation as Waldur has it", async () => {
      const seeded = waldurSnapshot(SCHEDULE_1);
      const text = await preview([
        declare("waldur.Snapshot", "schedule-1", { adoptSnapshotUuid: SCHEDULE_1, retention: { days: 400 } }),
      ]);
      const expected = toWaldurTime(seeded.createdAt + 400 * DAY_MS);
      expect(text).to.match(
        new RegExp(
          `will adopt snapshot db-data-schedule-1 \\(${SCHEDULE_1}\\) and set kept_until from \\S+ to ` +
            `${expected} \\(retention.days = 400 from the snapshot's creation at \\S+\\)`,
        ),
      );
    });

    it("a change of retention: kept_until from the old date to the new one, and no PATCH", async () => {
      const declared = (days: number) =>
        declare("waldur.Snapshot", "schedule-1", { adoptSnapshotUuid: SCHEDULE_1, retention: { days } });
      const up = await stack.run("up", [declared(400)]);
      expect(up.ok, shown(up)).to.equal(true);
      const createdAt = waldurSnapshot(SCHEDULE_1).createdAt;
      const text = await preview([declared(500)]);
      expect(text).to.match(
        new RegExp(
          `will set kept_until from ${toWaldurTime(createdAt + 400 * DAY_MS)} to ` +
            `${toWaldurTime(createdAt + 500 * DAY_MS)} \\(retention.days = 500 from the snapshot's creation at \\S+\\)`,
        ),
      );
    });

    it("with remote checks off: the volume by its uuid, its name named unread", async () => {
      const text = await preview([nightly({ retention: { days: 30 } })], REMOTE_CHECKS_OFF);
      expect(text).to.match(
        new RegExp(
          `will snapshot volume ${WALDUR_SEED.dbDataVolumeUuid} \\(its name not read: remote checks are off\\) ` +
            "and keep it until \\S+ \\(retention.days = 30 from now\\)",
        ),
      );
    });
  });

  describe("waldur.VolumeRestoration", () => {
    const drill = (snapshotUuid: unknown) =>
      declare("waldur.VolumeRestoration", "drill", { snapshotUuid, name: "db-data-drill" });

    it("which snapshot, and the new volume's name and size", async () => {
      const text = await preview([drill(SCHEDULE_1)]);
      expect(text).to.include(
        `will restore snapshot db-data-schedule-1 (${SCHEDULE_1}) of volume db-data (10 GiB) into a new volume ` +
          "db-data-drill (10 GiB)",
      );
    });

    it("a snapshot unknown until up (made in the same update) is named unknown", async () => {
      const text = await preview([
        declare("waldur.Snapshot", "nightly", { volumeUuid: WALDUR_SEED.dbDataVolumeUuid }),
        drill({ $ref: "nightly.uuid" }),
      ]);
      const source = `<snapshotUuid: unknown until up> (${unknownAtPreview("its name and size")})`;
      expect(text).to.include(`will restore snapshot ${source} into a new volume db-data-drill`);
    });
  });

  describe("cinder.Backup", () => {
    it("the volume's name, id and size, and a full or incremental backup", async () => {
      const text = await preview([
        declare("cinder.Backup", "full", { volumeId: CINDER_SEED.dataVolumeId }),
        declare("cinder.Backup", "forced", { volumeId: CINDER_SEED.inUseVolumeId, force: true }),
      ]);
      expect(text).to.include(
        `will back up volume data-1 (${CINDER_SEED.dataVolumeId}, 1 GiB) as a full backup`,
      );
      expect(text).to.include(
        `will back up volume data-in-use (${CINDER_SEED.inUseVolumeId}, 1 GiB) as a full backup, forcing it ` +
          "while the volume is in-use",
      );
    });

    it("with remote checks off: the volume by its id, what only Cinder knows named unread", async () => {
      const text = await preview(
        [declare("cinder.Backup", "later", { volumeId: CINDER_SEED.dataVolumeId, incremental: true })],
        REMOTE_CHECKS_OFF,
      );
      expect(text).to.include(
        `will back up volume ${CINDER_SEED.dataVolumeId} (its name, size and status not read: remote checks are ` +
          "off) as an incremental backup",
      );
    });
  });

  describe("cinder.BackupRestore", () => {
    it("the backup and the new volume, or the existing volume it overwrites", async () => {
      const up = await stack.run("up", [
        declare("cinder.Backup", "full", { volumeId: CINDER_SEED.dataVolumeId, name: "nightly" }),
      ]);
      expect(up.ok, shown(up)).to.equal(true);
      const backupId = stack.resourcesOf("cinder.Backup")[0].id;
      const target = stack.sim.cinder.addVolume({ size: 2, name: "scratch" }).id;
      const text = await preview([
        declare("cinder.Backup", "full", { volumeId: CINDER_SEED.dataVolumeId, name: "nightly" }),
        declare("cinder.BackupRestore", "copy", { backupId, newVolumeName: "copy" }),
        declare("cinder.BackupRestore", "over", { backupId, volumeId: target, confirmOverwrite: true }),
      ]);
      expect(text).to.include(
        `will restore backup nightly (${backupId}, 1 GiB) into a new volume copy (1 GiB)`,
      );
      expect(text).to.include(
        `will restore backup nightly (${backupId}, 1 GiB) into existing volume scratch (${target}, 2 GiB), ` +
          "overwriting it",
      );
    });

    it("a backup unknown until up is named unknown", async () => {
      const text = await preview([
        declare("cinder.Backup", "full", { volumeId: CINDER_SEED.dataVolumeId }),
        declare("cinder.BackupRestore", "copy", { backupId: { $ref: "full.id" }, newVolumeName: "copy" }),
      ]);
      const source = `<backupId: unknown until up> (${unknownAtPreview("its name and size")})`;
      expect(text).to.include(`will restore backup ${source} into a new volume copy`);
    });
  });

  describe("powervc", () => {
    it("a snapshot names the server's volumes; a restore, the snapshot's", async () => {
      const text = await preview([
        declare("powervc.InstanceSnapshot", "app", {
          serverId: POWERVC_SEED.appServerId,
          connection: POWERVC,
        }),
        declare("powervc.InstanceRestore", "app-restore", {
          serverId: POWERVC_SEED.appServerId,
          instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
          confirmOverwrite: true,
          connection: POWERVC,
        }),
      ]);
      expect(text).to.match(/will snapshot 2 volumes of server \S+: /);
      expect(text).to.match(/will restore 2 volumes of server \S+ from instance snapshot /);
    });

    it("with remote checks off, what is not read is named", async () => {
      const text = await preview(
        [
          declare("powervc.InstanceSnapshot", "app", {
            serverId: POWERVC_SEED.appServerId,
            connection: POWERVC,
          }),
        ],
        REMOTE_CHECKS_OFF,
      );
      expect(text).to.include(
        `will snapshot every attached volume of server ${POWERVC_SEED.appServerId} (the server's volumes not ` +
          "read: remote checks are off)",
      );
    });
  });
});
