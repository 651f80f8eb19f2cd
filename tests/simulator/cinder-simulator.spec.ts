/**
 * What only the simulated Cinder does, or does on demand: outcome queues, a backup stuck `creating`,
 * quotas, a lower maximum microversion, its seed, clock model, admin API, faults and CLI line. The
 * HTTP behaviour it shares with a real Cinder is in `cinder-contract.spec.ts`.
 */
import { expect } from "chai";
import { CINDER_SEED, CinderSim, DEFAULT_CINDER_BEHAVIOUR, ManualClock } from "../../simulator";
import { pythonRepr } from "../../simulator/cinder/python-repr";
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
  attachments: { server_id: string }[];
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

  it("prints request values as Python does in validation messages", () => {
    expect(pythonRepr({ a: [1, true, null], "it's": 'say "hi"' })).to.equal(
      `{'a': [1, True, None], "it's": 'say "hi"'}`,
    );
    expect(pythonRepr("tab\there\\")).to.equal("'tab\\there\\\\'");
  });
});
