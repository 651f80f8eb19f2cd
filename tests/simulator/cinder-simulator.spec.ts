/**
 * What only the simulated Cinder does, or does on demand: outcome queues, a backup stuck `creating`,
 * quotas, a lower maximum microversion, its seed, clock model, added volumes and snapshots, admin API,
 * faults and CLI line, and the cases a real Cinder shows too briefly to test there. The HTTP behaviour
 * it shares with a real Cinder is in `cinder-contract.spec.ts`.
 */
import { expect } from "chai";
import { CINDER_SEED, CinderSim, DEFAULT_CINDER_BEHAVIOUR, ManualClock } from "../../simulator";
import { pythonRepr, pythonStrip } from "../../simulator/cinder/python-repr";
import { naiveUtcTimestamp } from "../../simulator/core/timestamps";
import { banner } from "../../simulator/main";
import { type SimulatorTarget, send, startSimulatorTarget } from "./cinder-target";
import { call } from "./helpers";

interface Fault {
  [name: string]: { code: number; message: string; retryAfter?: string };
}

interface BackupJson {
  id: string;
  status: string;
  fail_reason: string | null;
  updated_at: string;
  container: string | null;
  object_count: number;
}

interface VolumeJson {
  id: string;
  status: string;
  name: string | null;
  updated_at: string | null;
  metadata: Record<string, string>;
  attachments: { server_id: string }[];
}

interface SnapshotJson {
  id: string;
  status: string;
  created_at: string;
  updated_at: string | null;
  "os-extended-snapshot-attributes:progress": string;
}

describe("simulator: Cinder", () => {
  let t: SimulatorTarget;
  const mv = "3.43";
  const get = <T>(path: string) => send<T>(t, "GET", path, { microversion: mv });
  const post = <T>(path: string, body: unknown) => send<T>(t, "POST", path, { body, microversion: mv });
  const backupOf = async (volumeId: string, extra: Record<string, unknown> = {}) =>
    (await post<{ backup: { id: string } }>("/backups", { backup: { volume_id: volumeId, ...extra } })).body
      .backup.id;
  const backup = async (id: string) => (await get<{ backup: BackupJson }>(`/backups/${id}`)).body.backup;
  const volume = async (id: string) => (await get<{ volume: VolumeJson }>(`/volumes/${id}`)).body.volume;
  const snapshotOf = async (volumeId: string, extra: Record<string, unknown> = {}) =>
    (await post<{ snapshot: { id: string } }>("/snapshots", { snapshot: { volume_id: volumeId, ...extra } }))
      .body.snapshot.id;
  const snapshot = async (id: string) =>
    (await get<{ snapshot: SnapshotJson }>(`/snapshots/${id}`)).body.snapshot;
  const message = (response: { body: Fault }) => Object.values(response.body)[0]?.message;

  before(async () => {
    // the manual clock moves a lot here: tokens must outlive it
    t = await startSimulatorTarget({ keystone: { tokenTtlSeconds: 365 * 24 * 3600 } });
  });
  afterEach(() => t.sim.reset());
  after(() => t.close());

  it("starts with the seeded volumes data-1 (available) and data-in-use (attached)", async () => {
    const listed = await get<{ volumes: VolumeJson[] }>("/volumes/detail");
    expect(listed.body.volumes.map((v) => [v.name, v.status])).to.have.deep.members([
      ["data-1", "available"],
      ["data-in-use", "in-use"],
    ]);
    const inUse = await volume(CINDER_SEED.inUseVolumeId);
    expect(inUse.attachments.map((a) => a.server_id)).to.deep.equal([CINDER_SEED.serverId]);
    expect((await volume(CINDER_SEED.dataVolumeId)).name).to.equal("data-1");
    expect(t.sim.cinder.projectId).to.equal(CINDER_SEED.projectId);
  });

  it("computes every status from the clock: creating, then available at the end of its duration", async () => {
    t.sim.cinder.setBehaviour({ volumeCreateMs: 1000, backupMs: 4000 });
    const created = await post<{ volume: VolumeJson }>("/volumes", { volume: { size: 1 } });
    const id = created.body.volume.id;
    expect(created.body.volume.updated_at).to.equal(null);
    t.clock.advance(999);
    expect((await volume(id)).status).to.equal("creating");
    t.clock.advance(1);
    expect(await volume(id)).to.include({ status: "available", updated_at: "2026-11-22T10:00:01.000000" });

    const backupId = await backupOf(id);
    expect((await backup(backupId)).container).to.equal(null);
    t.clock.advance(10_000);
    const done = await backup(backupId);
    // finished at its own time, not when it was read
    expect(done).to.include({
      status: "available",
      updated_at: "2026-11-22T10:00:05.000000",
      object_count: 1,
    });
    expect(done.container).to.equal(`${backupId.slice(0, 2)}/${backupId.slice(2, 4)}/${backupId}`);
    expect(t.sim.cinder.counters).to.deep.include({ volumeCreates: 1, backupCreates: 1 });
  });

  it("ends backups and restores with the queued outcomes", async () => {
    t.sim.cinder.setBehaviour({
      backupOutcomes: [{ status: "error", failReason: "disk full" }, "available"],
      restoreOutcomes: [{ volumeStatus: "error_restoring" }],
    });
    const failed = await backupOf(CINDER_SEED.dataVolumeId);
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    expect(await backup(failed)).to.include({ status: "error", fail_reason: "disk full" });
    expect((await volume(CINDER_SEED.dataVolumeId)).status).to.equal("available");
    const restoreFailed = await post<Fault>(`/backups/${failed}/restore`, { restore: {} });
    expect(restoreFailed.body.badRequest?.message).to.equal(
      "Invalid backup: Backup status must be available",
    );
    const incremental = await post<Fault>("/backups", {
      backup: { volume_id: CINDER_SEED.dataVolumeId, incremental: true },
    });
    expect(incremental.body.badRequest?.message).to.equal(
      "Invalid backup: The parent backup must be available for incremental backup.",
    );

    const good = await backupOf(CINDER_SEED.dataVolumeId);
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    const restore = await post<{ restore: { volume_id: string } }>(`/backups/${good}/restore`, {
      restore: {},
    });
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.restoreMs);
    const target = await volume(restore.body.restore.volume_id);
    expect(target).to.include({ status: "error_restoring", name: `restore_backup_${good}` });
    expect((await backup(good)).status).to.equal("available");
    expect(t.sim.cinder.behaviour.backupOutcomes).to.deep.equal([]);
    expect((await send(t, "DELETE", `/volumes/${target.id}`)).status).to.equal(202);
    expect((await send(t, "DELETE", `/backups/${failed}`)).status).to.equal(202);
  });

  it("leaves backups creating for ever when stuckInCreating", async () => {
    t.sim.cinder.setBehaviour({ stuckInCreating: true });
    const id = await backupOf(CINDER_SEED.inUseVolumeId, { force: true });
    await t.pause(60 * 60 * 1000);
    expect((await backup(id)).status).to.equal("creating");
    expect((await volume(CINDER_SEED.inUseVolumeId)).status).to.equal("backing-up");
  });

  it("answers 413 overLimit with retryAfter over a quota", async () => {
    t.sim.cinder.setBehaviour({ quotas: { volumes: 3, gigabytes: 4, backups: 1, backupGigabytes: 1 } });
    const over = async (path: string, body: unknown, message: string) => {
      const response = await post<Fault>(path, body);
      expect(response.status).to.equal(413);
      expect(response.body).to.deep.equal({ overLimit: { code: 413, message, retryAfter: "0" } });
      expect(response.headers.get("retry-after")).to.equal("0");
    };
    await over(
      "/volumes",
      { volume: { size: 3 } },
      "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 3G, quota is 4G and 2G has been consumed.",
    );
    expect((await post("/volumes", { volume: { size: 1 } })).status).to.equal(202);
    await over(
      "/volumes",
      { volume: { size: 1 } },
      "VolumeLimitExceeded: Maximum number of volumes allowed (3) exceeded for quota 'volumes'.",
    );
    const first = await backupOf(CINDER_SEED.dataVolumeId);
    await over(
      "/backups",
      { backup: { volume_id: CINDER_SEED.inUseVolumeId, force: true } },
      "VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota. Requested 1G, quota is 1G and 1G has been consumed.",
    );
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    await over(
      `/backups/${first}/restore`,
      { restore: {} },
      "Maximum number of volumes allowed (3) exceeded for quota 'volumes'.",
    );
    t.sim.cinder.setBehaviour({ quotas: { backups: 1 } });
    await over(
      "/backups",
      { backup: { volume_id: CINDER_SEED.inUseVolumeId, force: true } },
      "BackupLimitExceeded: Maximum number of backups allowed (1) exceeded",
    );
  });

  it("serves up to maxMicroversion and says so in its version documents", async () => {
    t.sim.cinder.setBehaviour({ maxMicroversion: "3.50" });
    const root = await call<{ versions: { version: string; links: { rel: string; href: string }[] }[] }>(
      `${t.sim.url}/cinder/`,
    );
    expect(root.status).to.equal(300);
    expect(root.body.versions[0]?.version).to.equal("3.50");
    expect(root.body.versions[0]?.links).to.deep.include({ rel: "self", href: `${t.sim.url}/cinder/v3/` });
    const tooHigh = await send<Fault>(t, "GET", "/backups", { microversion: "3.51" });
    expect(tooHigh.body.computeFault?.message).to.equal(
      "Version 3.51 is not supported by the API. Minimum is 3.0 and maximum is 3.50.",
    );
    const latest = await send(t, "GET", "/backups", { microversion: "latest" });
    expect(latest.headers.get("openstack-api-version")).to.equal("volume 3.50");
    expect(() => t.sim.cinder.setBehaviour({ maxMicroversion: "4" })).to.throw(RangeError, /maxMicroversion/);
  });

  it("needs a Keystone token for /v3 (Keystone's 401 body), not for the root document", async () => {
    const anonymous = await call<{ error: { code: number; title: string } }>(`${t.sim.url}/cinder/v3/`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.error).to.include({ code: 401, title: "Unauthorized" });
    expect((await call(`${t.sim.url}/cinder`)).status).to.equal(300);
  });

  it("shows Cinder in the admin state and takes behaviour and volumes there", async () => {
    const admin = `${t.sim.url}/__admin`;
    const set = await call<{ behaviour: { backupMs: number } }>(`${admin}/cinder/behaviour`, {
      method: "POST",
      body: { backupMs: 10, backupOutcomes: [{ status: "error" }] },
    });
    expect(set.body.behaviour.backupMs).to.equal(10);
    const bad = await call(`${admin}/cinder/behaviour`, {
      method: "POST",
      body: { restoreOutcomes: ["error"] },
    });
    expect(bad.status).to.equal(400);
    const added = await call<{ volume: { id: string; size: number } }>(`${admin}/cinder/volumes`, {
      method: "POST",
      body: { name: "extra", size: 2 },
    });
    expect(added.status).to.equal(201);
    const state = await call<{
      cinder: { volumes: { name: string }[]; projectId: string; counters: object; behaviour: object };
    }>(`${admin}/state`);
    expect(state.body.cinder.volumes.map((v) => v.name)).to.deep.equal(["data-1", "data-in-use", "extra"]);
    expect(state.body.cinder.projectId).to.equal(CINDER_SEED.projectId);
    expect(state.body.cinder.behaviour).to.deep.include({ backupMs: 10 });

    t.sim.reset();
    expect(t.sim.cinder.state.volumes.map((v) => v.name)).to.deep.equal(["data-1", "data-in-use"]);
    expect(t.sim.cinder.behaviour).to.deep.equal(DEFAULT_CINDER_BEHAVIOUR);
  });

  it("adds volumes in code, and refuses bad behaviour at construction", () => {
    const added = t.sim.cinder.addVolume({ size: 3, status: "in-use", name: "db" });
    expect(added).to.include({ size: 3, status: "in-use", name: "db" });
    expect(added.attachment).to.not.equal(null);
    expect(() => t.sim.cinder.addVolume({ size: 0 })).to.throw(RangeError);
    expect(() => new CinderSim(new ManualClock(), { deleteMs: -1 })).to.throw(RangeError, /deleteMs/);
    expect(() => new CinderSim(new ManualClock(), { quotas: { disks: 1 } as never })).to.throw(RangeError);
  });

  it("logs requests as service cinder, which fault rules target with Cinder's fault bodies", async () => {
    t.sim.faults.add({ service: "cinder", method: "POST", status: 413 });
    const faulted = await post<Fault>("/backups", { backup: { volume_id: CINDER_SEED.dataVolumeId } });
    expect(faulted.status).to.equal(413);
    expect(faulted.body.overLimit?.code).to.equal(413);
    expect(t.sim.requests.filter((r) => r.service === "cinder").map((r) => r.status)).to.deep.equal([413]);
  });

  it("names its endpoint and volumes in the CLI banner", () => {
    const line = banner(t.sim)
      .split("\n")
      .find((text) => text.startsWith("# Cinder"));
    expect(line).to.contain(`${t.sim.url}/cinder/v3/${CINDER_SEED.projectId}`);
    expect(line).to.contain(`data-in-use ${CINDER_SEED.inUseVolumeId} (in-use)`);
  });

  it("makes a snapshot in snapshotMs; a backup of it leaves its volume alone and waits for it", async () => {
    t.sim.cinder.setBehaviour({ snapshotMs: 2000, backupMs: 3000 });
    const id = await snapshotOf(CINDER_SEED.dataVolumeId);
    const refused = await post<Fault>("/backups", {
      backup: { volume_id: CINDER_SEED.dataVolumeId, snapshot_id: id },
    });
    expect(message(refused)).to.equal(
      'Invalid snapshot: Snapshot to be backed up must be available, but the current status is "creating".',
    );
    const start = t.clock.now();
    t.clock.advance(1999);
    expect((await snapshot(id)).status).to.equal("creating");
    t.clock.advance(1);
    expect(await snapshot(id)).to.include({
      status: "available",
      updated_at: naiveUtcTimestamp(start + 2000),
    });

    // the volume is busy with a backup of its own: a backup of its snapshot does not look at it
    const ofVolume = await backupOf(CINDER_SEED.dataVolumeId);
    const ofSnapshot = await backupOf(CINDER_SEED.dataVolumeId, { snapshot_id: id });
    expect((await snapshot(id)).status).to.equal("backing-up");
    t.clock.advance(3000);
    expect((await snapshot(id)).status).to.equal("available");
    expect((await volume(CINDER_SEED.dataVolumeId)).status).to.equal("available");
    expect((await backup(ofSnapshot)).status).to.equal("available");
    expect(t.sim.cinder.state.backups.map((b) => [b.id, b.snapshotId])).to.deep.equal([
      [ofVolume, null],
      [ofSnapshot, id],
    ]);
    expect(t.sim.cinder.counters).to.deep.include({ snapshotCreates: 1, backupCreates: 2 });
  });

  it("picks an incremental's parent from the backups older than its snapshot", async () => {
    const older = await backupOf(CINDER_SEED.dataVolumeId);
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    const snap = t.sim.cinder.addSnapshot({ volumeId: CINDER_SEED.dataVolumeId });
    t.clock.advance(1000);
    const newer = await backupOf(CINDER_SEED.dataVolumeId);
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    const incremental = await backupOf(CINDER_SEED.dataVolumeId, { snapshot_id: snap.id, incremental: true });
    const made = t.sim.cinder.state.backups.find((b) => b.id === incremental);
    expect(made).to.include({ parentId: older, isIncremental: true, dataTimestamp: snap.createdAt });
    expect(made?.parentId).to.not.equal(newer);
  });

  it("leaves a snapshot backing-up for ever when stuckInCreating, and frees it when a backup fails", async () => {
    const snap = t.sim.cinder.addSnapshot({ volumeId: CINDER_SEED.inUseVolumeId, name: "s" });
    t.sim.cinder.setBehaviour({ backupOutcomes: [{ status: "error", failReason: "disk full" }] });
    const failed = await backupOf(CINDER_SEED.inUseVolumeId, { snapshot_id: snap.id });
    await t.pause(DEFAULT_CINDER_BEHAVIOUR.backupMs);
    expect(await backup(failed)).to.include({ status: "error", fail_reason: "disk full" });
    expect((await snapshot(snap.id)).status).to.equal("available");
    t.sim.cinder.setBehaviour({ stuckInCreating: true });
    await backupOf(CINDER_SEED.inUseVolumeId, { snapshot_id: snap.id });
    await t.pause(60 * 60 * 1000);
    expect((await snapshot(snap.id)).status).to.equal("backing-up");
    expect((await volume(CINDER_SEED.inUseVolumeId)).status).to.equal("in-use");
  });

  it("refuses snapshots of volumes being created, in error or busy, and over the snapshot quotas", async () => {
    const created = await post<{ volume: VolumeJson }>("/volumes", { volume: { size: 1 } });
    const creating = await post<Fault>("/snapshots", { snapshot: { volume_id: created.body.volume.id } });
    expect(message(creating)).to.equal("Invalid volume: volume is not assigned to a host");
    const broken = t.sim.cinder.addVolume({ status: "error" });
    const error = await post<Fault>("/snapshots", { snapshot: { volume_id: broken.id, force: true } });
    expect(message(error)).to.equal("Invalid volume: volume is not assigned to a host");
    await backupOf(CINDER_SEED.dataVolumeId);
    const busy = await post<Fault>("/snapshots", {
      snapshot: { volume_id: CINDER_SEED.dataVolumeId, force: true },
    });
    expect(message(busy)).to.equal(
      `Invalid volume: Volume ${CINDER_SEED.dataVolumeId} status must be available, in-use, but current status is: backing-up.`,
    );

    t.sim.cinder.setBehaviour({ quotas: { snapshots: 1 } });
    const over = async (id: string, text: string) => {
      const response = await send<Fault>(t, "POST", "/snapshots", {
        body: { snapshot: { volume_id: id, force: true } },
        microversion: "3.0",
      });
      expect(response.status).to.equal(413);
      expect(response.body).to.deep.equal({ overLimit: { code: 413, message: text, retryAfter: "0" } });
    };
    await snapshotOf(CINDER_SEED.inUseVolumeId, { force: true });
    await over(
      CINDER_SEED.inUseVolumeId,
      "SnapshotLimitExceeded: Maximum number of snapshots allowed (1) exceeded",
    );
    // snapshots count against the volumes' gigabytes: 4 GiB of volumes and 1 of snapshot
    t.sim.cinder.setBehaviour({ quotas: { snapshots: 10, gigabytes: 5 } });
    await over(
      CINDER_SEED.inUseVolumeId,
      "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 1G, quota is 5G and 5G has been consumed.",
    );
    const volumeOver = await post<Fault>("/volumes", { volume: { size: 1 } });
    expect(message(volumeOver)).to.equal(
      "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 1G, quota is 5G and 5G has been consumed.",
    );
  });

  it("adds snapshots in code and through the admin API, and counts snapshot and volume requests", async () => {
    const added = t.sim.cinder.addSnapshot({
      volumeId: CINDER_SEED.dataVolumeId,
      name: "s",
      status: "error",
    });
    expect(added).to.include({ volumeId: CINDER_SEED.dataVolumeId, status: "error", size: 1, name: "s" });
    expect(() => t.sim.cinder.addSnapshot({ volumeId: "nope" })).to.throw(RangeError, /existing volume/);
    expect(() => t.sim.cinder.addSnapshot({ volumeId: CINDER_SEED.dataVolumeId, id: added.id })).to.throw(
      RangeError,
    );
    expect(() =>
      t.sim.cinder.addSnapshot({ volumeId: CINDER_SEED.dataVolumeId, status: "creating" as never }),
    ).to.throw(RangeError, /status/);
    const admin = `${t.sim.url}/__admin`;
    const viaAdmin = await call<{ snapshot: { id: string; status: string } }>(`${admin}/cinder/snapshots`, {
      method: "POST",
      body: { volumeId: CINDER_SEED.inUseVolumeId, metadata: { k: "v" } },
    });
    expect(viaAdmin.status).to.equal(201);
    expect(viaAdmin.body.snapshot.status).to.equal("available");
    const bad = await call(`${admin}/cinder/snapshots`, { method: "POST", body: { name: "x" } });
    expect(bad.status).to.equal(400);
    const state = await call<{ cinder: { snapshots: { id: string }[] } }>(`${admin}/state`);
    expect(state.body.cinder.snapshots.map((s) => s.id)).to.deep.equal([added.id, viaAdmin.body.snapshot.id]);
    // an error snapshot shows 0 % and can be deleted
    expect(await snapshot(added.id)).to.include({
      status: "error",
      "os-extended-snapshot-attributes:progress": "0%",
    });
    expect((await send(t, "DELETE", `/snapshots/${added.id}`)).status).to.equal(202);
    await send(t, "PUT", `/volumes/${CINDER_SEED.dataVolumeId}`, { body: { volume: { name: "x" } } });
    expect(t.sim.cinder.counters).to.deep.include({
      snapshotCreates: 0,
      snapshotDeletes: 1,
      volumeUpdates: 1,
    });
    t.sim.reset();
    expect(t.sim.cinder.state.snapshots).to.deep.equal([]);
  });

  it("moves a volume's updated_at for a name or description, not for metadata alone", async () => {
    const path = `/volumes/${CINDER_SEED.dataVolumeId}`;
    const start = (await volume(CINDER_SEED.dataVolumeId)).updated_at;
    t.clock.advance(1000);
    const renamedAt = t.clock.now() + 1000;
    await send(t, "PUT", path, { body: { volume: { metadata: { a: "1" } } } });
    expect((await volume(CINDER_SEED.dataVolumeId)).updated_at).to.equal(start);
    t.clock.advance(1000);
    const answer = await send<{ volume: VolumeJson }>(t, "PUT", path, {
      body: { volume: { description: "d" } },
    });
    expect(answer.body.volume.updated_at).to.equal(start);
    expect((await volume(CINDER_SEED.dataVolumeId)).updated_at).to.equal(naiveUtcTimestamp(renamedAt));
    // the seeded in-use volume shows the admin metadata of an attached volume
    expect((await volume(CINDER_SEED.inUseVolumeId)).metadata).to.deep.equal({
      readonly: "False",
      attached_mode: "rw",
    });
  });

  it("takes UUIDs in bodies in every form oslo's is_uuid_like does", async () => {
    const id = CINDER_SEED.dataVolumeId;
    for (const form of [
      `urn:uuid:${id}`,
      `{${id.toUpperCase()}}`,
      id.replaceAll("-", "").replace(/^(.{5})/, "$1-"),
    ]) {
      const response = await post<Fault>("/backups", { backup: { volume_id: form } });
      expect(message(response)).to.equal(`Volume ${form} could not be found.`);
    }
    for (const form of [`${id} `, `${id.slice(0, -1)}g`, `URN:UUID:${id}`, `{{${id}}`.slice(1, -1) + "_"]) {
      const response = await post<Fault>("/backups", { backup: { volume_id: form } });
      expect(message(response)).to.equal(
        `Invalid input for field/attribute volume_id. Value: ${form}. ${pythonRepr(form)} is not a 'uuid'`,
      );
    }
  });

  it("trims names as Python's strip does", () => {
    expect(pythonStrip("\u00a0\x1c name \u3000\x85")).to.equal("name");
    expect(pythonStrip("\ufeffname")).to.equal("\ufeffname");
  });

  it("prints request values as Python does in validation messages", () => {
    expect(pythonRepr({ a: [1, true, null], "it's": 'say "hi"' })).to.equal(
      `{'a': [1, True, None], "it's": 'say "hi"'}`,
    );
    expect(pythonRepr("tab\there\\")).to.equal("'tab\\there\\\\'");
  });
});
