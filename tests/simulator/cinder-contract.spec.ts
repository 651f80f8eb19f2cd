/**
 * One contract for Cinder v3 volumes, snapshots and backups, run at the HTTP level against the simulator
 * (default) or a real Cinder (`CINDER_TARGET=real`, see `scripts/real-cinder/README.md`). The
 * scenarios build on each other in order (one source volume, its full and incremental backups, ...).
 * They assert behaviour (statuses, bodies, messages), never timings; every wait has a deadline.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "chai";
import { CinderFixtures, FIXTURE_MICROVERSION, type Kind } from "./cinder-fixtures";
import { cinder } from "../../sdk";
import {
  type CinderResponse,
  type CinderTarget,
  connectCinderTarget,
  send,
  type SimulatorTarget,
} from "./cinder-target";

/** The microversion most requests send: backups show their metadata from 3.43. */
const MV = FIXTURE_MICROVERSION;

interface VolumeJson {
  id: string;
  status: string;
  size: number;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
  attachments: { attachment_id: string; server_id: string | null }[];
}

interface BackupJson {
  id: string;
  status: string;
  size: number;
  object_count: number;
  name: string | null;
  description: string | null;
  volume_id: string;
  is_incremental: boolean;
  has_dependent_backups: boolean;
  fail_reason: string | null;
  container: string | null;
  data_timestamp: string;
  created_at: string;
  metadata?: Record<string, string>;
  links: { rel: string; href: string }[];
}

interface SnapshotJson {
  id: string;
  status: string;
  size: number;
  name: string | null;
  description: string | null;
  volume_id: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string | null;
  "os-extended-snapshot-attributes:progress"?: string;
  "os-extended-snapshot-attributes:project_id"?: string;
}

interface SnapshotListJson {
  snapshots: SnapshotJson[];
  snapshots_links?: { rel: string; href: string }[];
}

interface FaultJson {
  [fault: string]: { code: number; message: string };
}

interface ListJson {
  backups: BackupJson[];
  backups_links?: { rel: string; href: string }[];
}

describe(`Cinder v3 contract (${process.env.CINDER_TARGET === "real" ? "real Cinder" : "simulator"})`, function () {
  this.timeout(120_000);
  const prefix = `contract-${randomBytes(3).toString("hex")}`;
  let target: CinderTarget;
  let fixtures: CinderFixtures;
  /** Filled in as the scenarios run. */
  const ids = {
    source: "",
    full: "",
    incremental: "",
    target: "",
    attached: "",
    snapshot: "",
    snapshotBackup: "",
  };

  const get = <T>(path: string, microversion = MV) => send<T>(target, "GET", path, { microversion });
  const post = <T>(path: string, body: unknown, microversion = MV) =>
    send<T>(target, "POST", path, { body, microversion });

  function fault(response: CinderResponse<unknown>, status: number, name: string, message: string): void {
    expect(response.status, response.text).to.equal(status);
    expect((response.body as FaultJson)[name], response.text).to.deep.equal({ code: status, message });
  }

  const waitFor = <T extends { status: string }>(kind: Kind, id: string, wanted: readonly string[]) =>
    fixtures.waitFor<T & { id: string }>(kind, id, wanted);
  const createVolume = (name: string, extra: Record<string, unknown> = {}, size = 1) =>
    fixtures.createVolume<VolumeJson>(name, extra, size);
  const backUp = (body: Record<string, unknown>) => fixtures.backUp<BackupJson>(body);
  const snapshot = (body: Record<string, unknown>) => fixtures.snapshot<SnapshotJson>(body);
  const put = <T>(path: string, body: unknown, microversion = MV) =>
    send<T>(target, "PUT", path, { body, microversion });
  /** Members may filter lists only on what Cinder allows (from 3.31); noauth callers are admins. */
  const member = () => target.auth === "keystone";
  const attach = (volumeId: string) => fixtures.attach(volumeId);

  before(async () => {
    target = await connectCinderTarget();
    fixtures = new CinderFixtures(target);
  });

  after(async () => {
    await fixtures.cleanUp();
    await target.close();
  });

  it("serves the version document and negotiates OpenStack-API-Version", async () => {
    const root = await send<{ versions: { id: string; version: string; min_version: string }[] }>(
      target,
      "GET",
      target.root,
      { token: null },
    );
    expect(root.status).to.equal(300);
    const [v3] = root.body.versions;
    expect(v3).to.include({ id: "v3.0", min_version: "3.0" });
    expect(v3?.version).to.match(/^3\.\d+$/);
    const max = v3?.version ?? "";
    const versioned = await send<{ versions: unknown[] }>(target, "GET", `${target.root}v3/`);
    expect(versioned.status).to.equal(200);
    expect(versioned.body).to.deep.equal(root.body);

    const latest = await get("/backups", "latest");
    expect(latest.status).to.equal(200);
    expect(latest.headers.get("openstack-api-version")).to.equal(`volume ${max}`);
    expect(latest.headers.get("vary")).to.equal("OpenStack-API-Version");
    expect(latest.headers.get("x-openstack-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    expect(latest.headers.get("x-compute-request-id")).to.equal(latest.headers.get("x-openstack-request-id"));
    const plain = await send(target, "GET", "/backups");
    expect(plain.headers.get("openstack-api-version")).to.equal("volume 3.0");

    const above = `3.${Number(max.split(".")[1]) + 1}`;
    const tooHigh = await get("/backups", above);
    fault(
      tooHigh,
      406,
      "computeFault",
      `Version ${above} is not supported by the API. Minimum is 3.0 and maximum is ${max}.`,
    );
    expect(tooHigh.headers.get("openstack-api-version")).to.equal(`volume ${above}`);
    const malformed = await get("/backups", "3.x");
    fault(
      malformed,
      400,
      "badRequest",
      "API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum.",
    );
    expect(malformed.headers.get("openstack-api-version")).to.equal(null);
  });

  it("creates a 1 GiB volume: 202 `creating`, then `available`; an unknown one is a 404", async () => {
    const response = await post<{ volume: VolumeJson }>("/volumes", {
      volume: {
        size: 1,
        name: `${prefix}-source`,
        description: "contract source",
        metadata: { app: "contract" },
      },
    });
    expect(response.status, response.text).to.equal(202);
    const volume = response.body.volume;
    fixtures.created.volumes.push(volume.id);
    expect(volume).to.include({ status: "creating", size: 1, name: `${prefix}-source` });
    expect(volume.metadata).to.deep.equal({ app: "contract" });
    const { record, seen } = await waitFor<VolumeJson>("volumes", volume.id, ["available", "error"]);
    expect(seen[seen.length - 1]).to.equal("available");
    expect(record?.attachments).to.deep.equal([]);
    ids.source = volume.id;

    const listed = await get<{ volumes: { id: string; name: string }[] }>(`/volumes?name=${prefix}-source`);
    expect(listed.body.volumes.map((entry) => entry.id)).to.deep.equal([volume.id]);
    const unknown = randomUUID();
    fault(await get(`/volumes/${unknown}`), 404, "itemNotFound", `Volume ${unknown} could not be found.`);
    const zero = await post("/volumes", { volume: { size: 0 } });
    fault(
      zero,
      400,
      "badRequest",
      "Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1",
    );
  });

  it("backs the volume up: a 202 summary, `creating` with the volume `backing-up`, then `available`", async () => {
    const response = await post<{ backup: Record<string, unknown> }>("/backups", {
      backup: {
        volume_id: ids.source,
        name: `${prefix}-full`,
        description: "full",
        metadata: { kind: "full" },
      },
    });
    expect(response.status, response.text).to.equal(202);
    expect(Object.keys(response.body.backup).sort()).to.deep.equal(["id", "links", "name"]);
    const id = String(response.body.backup.id);
    fixtures.created.backups.push(id);
    ids.full = id;
    expect((await get<{ backup: BackupJson }>(`/backups/${id}`)).body.backup.status).to.equal("creating");
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.source}`)).body.volume.status).to.equal(
      "backing-up",
    );

    // refused while the backup runs, before anything changes
    fault(
      await post("/backups", { backup: { volume_id: ids.source } }),
      400,
      "badRequest",
      'Invalid volume: Volume to be backed up must be available or in-use, but the current status is "backing-up".',
    );
    fault(
      await post(`/backups/${id}/restore`, { restore: {} }),
      400,
      "badRequest",
      "Invalid backup: Backup status must be available",
    );
    fault(
      await send(target, "DELETE", `/backups/${id}`),
      400,
      "badRequest",
      "Invalid backup: Backup status must be available or error",
    );

    const { record } = await waitFor<BackupJson>("backups", id, ["available", "error"]);
    expect(record?.status, record?.fail_reason ?? "").to.equal("available");
    expect(record).to.include({
      size: 1,
      is_incremental: false,
      has_dependent_backups: false,
      fail_reason: null,
    });
    expect(record).to.include({ volume_id: ids.source, name: `${prefix}-full`, description: "full" });
    expect(record?.metadata).to.deep.equal({ kind: "full" });
    expect(record?.object_count).to.be.a("number");
    expect(record?.container).to.be.a("string");
    expect(record?.data_timestamp).to.equal(record?.created_at);
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.source}`)).body.volume.status).to.equal(
      "available",
    );
    const old = await get<{ backup: BackupJson }>(`/backups/${id}`, "3.42");
    expect(old.body.backup).to.not.have.property("metadata");
  });

  it("takes an incremental backup on the full one, which then has dependants", async () => {
    const incremental = await backUp({
      volume_id: ids.source,
      name: `${prefix}-incremental`,
      incremental: true,
    });
    ids.incremental = incremental.id;
    expect(incremental).to.include({ is_incremental: true, has_dependent_backups: false, size: 1 });
    const full = await get<{ backup: BackupJson }>(`/backups/${ids.full}`);
    expect(full.body.backup.has_dependent_backups).to.equal(true);

    const fresh = await createVolume(`${prefix}-target`, {
      description: "target desc",
      metadata: { keep: "me" },
    });
    ids.target = fresh.id;
    fault(
      await post("/backups", { backup: { volume_id: fresh.id, incremental: true } }),
      400,
      "badRequest",
      "Invalid backup: No backups available to do an incremental backup.",
    );
  });

  it("renames a backup from 3.9 and replaces its metadata from 3.43 with PUT", async () => {
    const path = `/backups/${ids.incremental}`;
    const put = (body: unknown, microversion: string) => send(target, "PUT", path, { body, microversion });
    fault(
      await put({ backup: { name: "x" } }, "3.8"),
      404,
      "itemNotFound",
      "The resource could not be found.",
    );
    const renamed = await put({ backup: { name: `${prefix}-renamed`, description: "renamed" } }, "3.9");
    expect(renamed.status, renamed.text).to.equal(200);
    const summary = (renamed.body as { backup: Record<string, unknown> }).backup;
    expect(Object.keys(summary).sort()).to.deep.equal(["id", "links", "name"]);
    expect(summary).to.include({ id: ids.incremental, name: `${prefix}-renamed` });
    fault(
      await put({ backup: { metadata: { a: "1" } } }, "3.42"),
      400,
      "badRequest",
      "Invalid input for field/attribute backup. Value: {'metadata': {'a': '1'}}. Additional properties are not allowed ('metadata' was unexpected)",
    );
    expect((await put({ backup: { metadata: { a: "1" } } }, MV)).status).to.equal(200);
    expect((await put({ backup: { metadata: { b: "2" } } }, MV)).status).to.equal(200);
    const shown = (await get<{ backup: BackupJson }>(path)).body.backup;
    expect(shown).to.include({ name: `${prefix}-renamed`, description: "renamed" });
    expect(shown.metadata).to.deep.equal({ b: "2" });
    fault(
      await put({ backup: { name: 5 } }, MV),
      400,
      "badRequest",
      "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string', 'null'",
    );
    const unknown = randomUUID();
    const missing = await send(target, "PUT", `/backups/${unknown}`, {
      body: { backup: { name: "x" } },
      microversion: MV,
    });
    fault(missing, 404, "itemNotFound", `Backup ${unknown} could not be found.`);
  });

  it("restores into a new volume, which takes the source's name, description and metadata", async () => {
    const response = await post<{ restore: Record<string, string> }>(`/backups/${ids.full}/restore`, {
      restore: {},
    });
    expect(response.status, response.text).to.equal(202);
    const volumeId = response.body.restore.volume_id ?? "";
    fixtures.created.volumes.push(volumeId);
    expect(response.body.restore).to.deep.equal({
      backup_id: ids.full,
      volume_id: volumeId,
      volume_name: `restore_backup_${ids.full}`,
    });
    expect((await get<{ backup: BackupJson }>(`/backups/${ids.full}`)).body.backup.status).to.equal(
      "restoring",
    );
    expect((await get<{ volume: VolumeJson }>(`/volumes/${volumeId}`)).body.volume.status).to.equal(
      "restoring-backup",
    );
    const { record } = await waitFor<VolumeJson>("volumes", volumeId, [
      "available",
      "error",
      "error_restoring",
    ]);
    expect(record).to.include({
      status: "available",
      name: `${prefix}-source`,
      description: "contract source",
      size: 1,
    });
    expect(record?.metadata).to.deep.equal({ app: "contract", src_backup_id: ids.full });
    expect((await waitFor("backups", ids.full, ["available"])).record?.status).to.equal("available");

    const named = await post<{ restore: Record<string, string> }>(`/backups/${ids.full}/restore`, {
      restore: { name: `${prefix}-named` },
    });
    expect(named.status, named.text).to.equal(202);
    fixtures.created.volumes.push(named.body.restore.volume_id ?? "");
    expect(named.body.restore.volume_name).to.equal(`${prefix}-named`);
    const done = await waitFor<VolumeJson>("volumes", named.body.restore.volume_id ?? "", [
      "available",
      "error_restoring",
    ]);
    expect(done.record).to.include({
      status: "available",
      name: `${prefix}-named`,
      description: "auto-created_from_restore_from_backup",
    });
    expect(done.record?.metadata).to.deep.equal({ app: "contract", src_backup_id: ids.full });
    await waitFor("backups", ids.full, ["available"]);
  });

  it("restores into an existing volume, which keeps its name; refuses in-use and unknown volumes", async () => {
    const response = await post<{ restore: Record<string, string> }>(`/backups/${ids.full}/restore`, {
      restore: { volume_id: ids.target, name: "ignored" },
    });
    expect(response.status, response.text).to.equal(202);
    expect(response.body.restore).to.deep.equal({
      backup_id: ids.full,
      volume_id: ids.target,
      volume_name: `${prefix}-target`,
    });
    const { record } = await waitFor<VolumeJson>("volumes", ids.target, ["available", "error_restoring"]);
    expect(record).to.include({ status: "available", name: `${prefix}-target`, description: "target desc" });
    expect(record?.metadata).to.deep.equal({ app: "contract", src_backup_id: ids.full });
    await waitFor("backups", ids.full, ["available"]);

    const attached = await createVolume(`${prefix}-attached`);
    ids.attached = attached.id;
    await attach(attached.id);
    fault(
      await post(`/backups/${ids.full}/restore`, { restore: { volume_id: attached.id } }),
      400,
      "badRequest",
      "Invalid volume: Volume to be restored to must be available",
    );
    const unknown = randomUUID();
    fault(
      await post(`/backups/${ids.full}/restore`, { restore: { volume_id: unknown } }),
      404,
      "itemNotFound",
      `Volume ${unknown} could not be found.`,
    );
    fault(
      await post(`/backups/${ids.full}/restore`, {}),
      400,
      "badRequest",
      "'restore' is a required property",
    );
  });

  it("refuses a restore into a volume smaller than the backup", async () => {
    const big = await createVolume(`${prefix}-big`, {}, 2);
    const backup = await backUp({ volume_id: big.id, name: `${prefix}-big` });
    expect(backup.size).to.equal(2);
    fault(
      await post(`/backups/${backup.id}/restore`, { restore: { volume_id: ids.target } }),
      400,
      "badRequest",
      "Invalid volume: volume size 1 is too small to restore backup of size 2.",
    );
    expect((await get<{ backup: BackupJson }>(`/backups/${backup.id}`)).body.backup.status).to.equal(
      "available",
    );
  });

  it("backs up an in-use volume only with force; the volume is in-use again afterwards", async () => {
    fault(
      await post("/backups", { backup: { volume_id: ids.attached } }),
      400,
      "badRequest",
      "Invalid volume: Backing up an in-use volume must use the force flag.",
    );
    const response = await post<{ backup: { id: string } }>("/backups", {
      backup: { volume_id: ids.attached, force: true },
    });
    expect(response.status, response.text).to.equal(202);
    fixtures.created.backups.push(response.body.backup.id);
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.attached}`)).body.volume.status).to.equal(
      "backing-up",
    );
    const { record } = await waitFor<BackupJson>("backups", response.body.backup.id, ["available", "error"]);
    expect(record?.status).to.equal("available");
    expect((await waitFor("volumes", ids.attached, ["in-use"])).record?.status).to.equal("in-use");
  });

  it("pages backup lists with limit, marker and backups_links, newest first, with filters", async () => {
    const filter = `volume_id=${ids.source}`;
    const all = await get<ListJson>(`/backups/detail?${filter}`);
    expect(all.body.backups.map((backup) => backup.id)).to.deep.equal([ids.incremental, ids.full]);
    expect(all.body.backups_links).to.equal(undefined);

    const first = await get<ListJson>(`/backups?${filter}&limit=1`);
    expect(first.body.backups.map((backup) => backup.id)).to.deep.equal([ids.incremental]);
    expect(Object.keys(first.body.backups[0] ?? {}).sort()).to.deep.equal(["id", "links", "name"]);
    const next = first.body.backups_links?.[0];
    expect(next?.rel).to.equal("next");
    const nextUrl = new URL(next?.href ?? "");
    expect(nextUrl.pathname).to.equal(new URL(`${target.endpoint}/backups`).pathname);
    expect(Object.fromEntries(nextUrl.searchParams)).to.deep.equal({
      volume_id: ids.source,
      limit: "1",
      marker: ids.incremental,
    });
    // a full page always links to the next one, even when nothing follows
    const second = await get<ListJson>(`/backups${nextUrl.search}`);
    expect(second.body.backups.map((backup) => backup.id)).to.deep.equal([ids.full]);
    const third = await get<ListJson>(
      `/backups${new URL(second.body.backups_links?.[0]?.href ?? "").search}`,
    );
    expect(third.body).to.deep.equal({ backups: [] });

    const detailPage = await get<ListJson>(`/backups/detail?${filter}&limit=1&marker=${ids.incremental}`);
    expect(detailPage.body.backups[0]).to.include({ id: ids.full, status: "available" });
    expect(new URL(detailPage.body.backups_links?.[0]?.href ?? "").pathname).to.match(/\/backups\/detail$/);
    const named = await get<ListJson>(`/backups?name=${prefix}-full`);
    expect(named.body.backups.map((backup) => backup.id)).to.deep.equal([ids.full]);
    const creating = await get<ListJson>(`/backups?${filter}&status=creating`);
    expect(creating.body.backups).to.deep.equal([]);

    fault(await get("/backups?limit=-1"), 400, "badRequest", "limit param must be positive");
    fault(await get("/backups?limit=abc"), 400, "badRequest", "limit param must be an integer");
    const unknown = randomUUID();
    fault(
      await get(`/backups?marker=${unknown}`),
      404,
      "itemNotFound",
      `Backup ${unknown} could not be found.`,
    );
  });

  it("cinder.getBackups reads the same list: by volume, name and status, newest first, [] for no match", async function () {
    // The lookup logs in to Keystone: the simulator's, or OS_* for a real Cinder behind Keystone (not noauth).
    if (!member()) this.skip();
    const connection = "sim" in target ? (target as SimulatorTarget).sim.connection() : undefined;
    const found = await cinder.getBackups({ volumeId: ids.source, connection });
    expect(found.map((backup) => backup.id)).to.deep.equal([ids.incremental, ids.full]);
    const latest = await cinder.getBackups({
      volumeId: ids.source,
      status: "available",
      mostRecent: true,
      connection,
    });
    expect(latest).to.include({ id: ids.incremental, isIncremental: true });
    const named = await cinder.getBackups({ name: `${prefix}-full`, connection });
    expect(named.map((backup) => backup.id)).to.deep.equal([ids.full]);
    expect(await cinder.getBackups({ volumeId: ids.source, status: "creating", connection })).to.deep.equal(
      [],
    );
  });

  it("answers Cinder's validation, auth and routing errors", async () => {
    fault(await post("/backups", {}), 400, "badRequest", "'backup' is a required property");
    fault(
      await post("/backups", { backup: { volume_id: "nope" } }),
      400,
      "badRequest",
      "Invalid input for field/attribute volume_id. Value: nope. 'nope' is not a 'uuid'",
    );
    fault(
      await post("/backups", { backup: { name: "x" } }),
      400,
      "badRequest",
      "Invalid input for field/attribute backup. Value: {'name': 'x'}. 'volume_id' is a required property",
    );
    fault(
      await post("/backups", { backup: { volume_id: ids.source, metadata: { k: "v" } } }, "3.42"),
      400,
      "badRequest",
      `Invalid input for field/attribute backup. Value: {'volume_id': '${ids.source}', 'metadata': {'k': 'v'}}. Additional properties are not allowed ('metadata' was unexpected)`,
    );
    const unknown = randomUUID();
    fault(
      await post("/backups", { backup: { volume_id: unknown } }),
      404,
      "itemNotFound",
      `Volume ${unknown} could not be found.`,
    );
    fault(await get(`/backups/${unknown}`), 404, "itemNotFound", `Backup ${unknown} could not be found.`);

    const otherProject = "fedcba9876543210fedcba9876543210";
    const elsewhere = await send(target, "GET", `${target.endpoint.replace(/[^/]+$/, otherProject)}/backups`);
    fault(elsewhere, 400, "badRequest", "Malformed request url");
    if (target.auth === "keystone") {
      const anonymous = await send<{ error: { code: number } }>(target, "GET", "/backups", { token: null });
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body.error.code).to.equal(401);
      expect(anonymous.headers.get("www-authenticate")).to.match(/^Keystone uri=/);
    }
    // the URL router's 404 is webob's page, not a fault body: JSON for a JSON client, HTML for a browser
    const nowhere = await get("/nowhere");
    expect(nowhere.status).to.equal(404);
    expect(nowhere.body).to.deep.equal({
      message: "The resource could not be found.<br /><br />\n\n\n",
      code: "404 Not Found",
      title: "Not Found",
    });
    const page = await fetch(`${target.endpoint}/nowhere`, {
      headers: { "X-Auth-Token": target.token, Accept: "text/html" },
    });
    expect(page.status).to.equal(404);
    expect(page.headers.get("content-type")).to.equal("text/html; charset=UTF-8");
    expect(await page.text()).to.contain("<h1>404 Not Found</h1>");
  });

  it("deletes backups: refused while incremental ones build on them, `deleting` then 404", async () => {
    fault(
      await send(target, "DELETE", `/backups/${ids.full}`),
      400,
      "badRequest",
      "Invalid backup: Incremental backups exist for this backup.",
    );
    const response = await send(target, "DELETE", `/backups/${ids.incremental}`);
    expect(response.status, response.text).to.equal(202);
    expect(response.text).to.equal("");
    const { seen } = await waitFor("backups", ids.incremental, ["gone"]);
    expect(seen.filter((status) => status !== "deleting")).to.deep.equal(["gone"]);
    fault(
      await get(`/backups/${ids.incremental}`),
      404,
      "itemNotFound",
      `Backup ${ids.incremental} could not be found.`,
    );
    expect(
      (await get<{ backup: BackupJson }>(`/backups/${ids.full}`)).body.backup.has_dependent_backups,
    ).to.equal(false);

    expect((await send(target, "DELETE", `/backups/${ids.full}`)).status).to.equal(202);
    await waitFor("backups", ids.full, ["gone"]);
    fault(
      await send(target, "DELETE", `/backups/${ids.full}`),
      404,
      "itemNotFound",
      `Backup ${ids.full} could not be found.`,
    );
  });
  it("takes a snapshot: 202 `creating`, then `available`, its volume unchanged; shows, lists and pages it", async () => {
    const response = await post<{ snapshot: SnapshotJson }>("/snapshots", {
      snapshot: {
        volume_id: ids.source,
        name: `  ${prefix}-snap `,
        description: "snap",
        metadata: { k: "v" },
      },
    });
    expect(response.status, response.text).to.equal(202);
    const created = response.body.snapshot;
    fixtures.created.snapshots.push(created.id);
    ids.snapshot = created.id;
    // the answer has no extension fields: group_snapshot_id from 3.14, user_id from 3.41
    expect(Object.keys(created).sort()).to.deep.equal([
      "created_at",
      "description",
      "group_snapshot_id",
      "id",
      "metadata",
      "name",
      "size",
      "status",
      "updated_at",
      "user_id",
      "volume_id",
    ]);
    expect(created).to.include({ status: "creating", name: `${prefix}-snap`, size: 1, updated_at: null });
    expect(created).to.include({ volume_id: ids.source, description: "snap", group_snapshot_id: null });
    expect(created.metadata).to.deep.equal({ k: "v" });
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.source}`)).body.volume.status).to.equal(
      "available",
    );
    const { record } = await waitFor<SnapshotJson>("snapshots", created.id, ["available", "error"]);
    expect(record).to.include({
      status: "available",
      "os-extended-snapshot-attributes:progress": "100%",
      "os-extended-snapshot-attributes:project_id": target.projectId,
    });
    const old = (await get<{ snapshot: Record<string, unknown> }>(`/snapshots/${created.id}`, "3.0")).body;
    expect(old.snapshot).to.not.have.property("user_id");
    expect(old.snapshot).to.not.have.property("group_snapshot_id");

    const summary = await get<SnapshotListJson>(`/snapshots?volume_id=${ids.source}`);
    expect(summary.body.snapshots.map((entry) => entry.id)).to.deep.equal([created.id]);
    expect(Object.keys(summary.body.snapshots[0] ?? {}).sort()).to.deep.equal([
      "created_at",
      "description",
      "id",
      "metadata",
      "name",
      "size",
      "status",
      "updated_at",
      "volume_id",
    ]);
    const second = await snapshot({ volume_id: ids.source, name: `${prefix}-snap-2` });
    const page = await get<SnapshotListJson>(`/snapshots/detail?volume_id=${ids.source}&limit=1`);
    expect(page.body.snapshots.map((entry) => entry.id)).to.deep.equal([second.id]);
    expect(page.body.snapshots[0]?.["os-extended-snapshot-attributes:progress"]).to.equal("100%");
    const next = new URL(page.body.snapshots_links?.[0]?.href ?? "");
    expect(next.pathname).to.match(/\/snapshots\/detail$/);
    expect(Object.fromEntries(next.searchParams)).to.deep.equal({
      volume_id: ids.source,
      limit: "1",
      marker: second.id,
    });
    const rest = await get<SnapshotListJson>(`/snapshots/detail${next.search}`);
    expect(rest.body.snapshots.map((entry) => entry.id)).to.deep.equal([created.id]);

    const of = `volume_id=${ids.source}`;
    const listed = async (query: string, microversion = MV) =>
      (await get<SnapshotListJson>(`/snapshots?${of}&${query}`, microversion)).body.snapshots.map(
        (entry) => entry.id,
      );
    expect(await listed(`name=${prefix}-snap`)).to.deep.equal([created.id]);
    const metadata = `metadata=${encodeURIComponent(JSON.stringify({ k: "v" }))}`;
    expect(await listed(metadata, "3.22")).to.deep.equal([created.id]);
    expect(await listed(metadata, "3.21")).to.deep.equal([second.id, created.id]);
    expect(await listed("sort=name:asc", "3.30")).to.deep.equal([created.id, second.id]);
    expect(await listed("sort=display_name:desc", "3.29")).to.deep.equal([second.id, created.id]);
    fault(
      await get(`/snapshots?${of}&sort=name:asc`, "3.29"),
      400,
      "badRequest",
      "Invalid input received: Invalid sort key",
    );
    if (member()) {
      expect((await get(`/snapshots?${of}&foo=bar`, "3.30")).status).to.equal(200);
      const refused = "Invalid filters foo are found in query options.";
      fault(await get(`/snapshots?${of}&foo=bar`, "3.31"), 400, "badRequest", refused);
      fault(await get("/backups?foo=bar", "3.31"), 400, "badRequest", refused);
      expect((await get("/backups?foo=bar", "3.30")).status).to.equal(200);
    }
    fault(
      await get("/backups?sort=name:asc", "3.36"),
      400,
      "badRequest",
      "Invalid input received: Invalid sort key",
    );
    expect((await get("/backups?sort=display_name:asc", "3.36")).status).to.equal(200);

    const unknown = randomUUID();
    fault(await get(`/snapshots/${unknown}`), 404, "itemNotFound", `Snapshot ${unknown} could not be found.`);
    fault(
      await send(target, "DELETE", `/volumes/${ids.source}`),
      400,
      "badRequest",
      "Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.",
    );
    const deleted = await send(target, "DELETE", `/snapshots/${second.id}`);
    expect(deleted.status, deleted.text).to.equal(202);
    expect(deleted.text).to.equal("");
    expect(deleted.headers.get("content-type")).to.equal("text/html; charset=UTF-8");
    const { seen } = await waitFor("snapshots", second.id, ["gone"]);
    expect(seen.filter((status) => status !== "deleting")).to.deep.equal(["gone"]);
    fault(
      await send(target, "DELETE", `/snapshots/${second.id}`),
      404,
      "itemNotFound",
      `Snapshot ${second.id} could not be found.`,
    );
  });

  it("refuses snapshots of in-use volumes without force below 3.66, force: false from 3.66, unknown volumes", async () => {
    fault(
      await post("/snapshots", { snapshot: { volume_id: ids.attached } }, "3.65"),
      400,
      "badRequest",
      `Invalid volume: Volume ${ids.attached} status must be available, but current status is: in-use.`,
    );
    const forceFalse =
      "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.";
    fault(
      await post("/snapshots", { snapshot: { volume_id: ids.source, force: false } }, "3.66"),
      400,
      "badRequest",
      forceFalse,
    );
    const unknown = randomUUID();
    const missing = `Volume ${unknown} could not be found.`;
    fault(await post("/snapshots", { snapshot: { volume_id: unknown } }), 404, "itemNotFound", missing);
    // the volume is looked up before the flag is read
    fault(
      await post("/snapshots", { snapshot: { volume_id: unknown, force: false } }, "3.66"),
      404,
      "itemNotFound",
      missing,
    );
    fault(
      await post("/snapshots", { snapshot: { name: "x" } }),
      400,
      "badRequest",
      "Invalid input for field/attribute snapshot. Value: {'name': 'x'}. 'volume_id' is a required property",
    );
  });

  it("backs up an in-use volume from its snapshot without force: the snapshot is `backing-up`, the volume stays in-use", async () => {
    // from 3.66 an in-use volume is snapshotted without force
    const response = await post<{ snapshot: SnapshotJson }>(
      "/snapshots",
      { snapshot: { volume_id: ids.attached, name: `${prefix}-attached-snap` } },
      "3.66",
    );
    expect(response.status, response.text).to.equal(202);
    fixtures.created.snapshots.push(response.body.snapshot.id);
    const snap = (await waitFor<SnapshotJson>("snapshots", response.body.snapshot.id, ["available"])).record;
    const snapId = snap?.id ?? "";

    const started = await post<{ backup: { id: string } }>("/backups", {
      backup: { volume_id: ids.attached, snapshot_id: snapId, name: `${prefix}-from-snap` },
    });
    expect(started.status, started.text).to.equal(202);
    const id = started.body.backup.id;
    fixtures.created.backups.push(id);
    ids.snapshotBackup = id;
    const running = (await get<{ backup: BackupJson & { snapshot_id: string } }>(`/backups/${id}`)).body
      .backup;
    expect(running).to.include({ status: "creating", snapshot_id: snapId, data_timestamp: snap?.created_at });
    expect((await get<{ snapshot: SnapshotJson }>(`/snapshots/${snapId}`)).body.snapshot.status).to.equal(
      "backing-up",
    );
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.attached}`)).body.volume.status).to.equal(
      "in-use",
    );
    fault(
      await post("/backups", { backup: { volume_id: ids.attached, snapshot_id: snapId } }),
      400,
      "badRequest",
      'Invalid snapshot: Snapshot to be backed up must be available, but the current status is "backing-up".',
    );
    fault(
      await send(target, "DELETE", `/snapshots/${snapId}`),
      400,
      "badRequest",
      "Invalid snapshot: Snapshot status must be available or error and must not be part of a group.",
    );

    const { record } = await waitFor<BackupJson & { snapshot_id: string }>("backups", id, [
      "available",
      "error",
    ]);
    expect(record?.status, record?.fail_reason ?? "").to.equal("available");
    expect(record).to.include({
      snapshot_id: snapId,
      volume_id: ids.attached,
      data_timestamp: snap?.created_at,
    });
    expect((await waitFor("snapshots", snapId, ["available"])).record?.status).to.equal("available");
    expect((await get<{ volume: VolumeJson }>(`/volumes/${ids.attached}`)).body.volume.status).to.equal(
      "in-use",
    );
    // snapshot_id shows at every microversion
    const old = (await get<{ backup: { snapshot_id: string } }>(`/backups/${id}`, "3.0")).body.backup;
    expect(old.snapshot_id).to.equal(snapId);

    const unknown = randomUUID();
    fault(
      await post("/backups", { backup: { volume_id: ids.attached, snapshot_id: unknown } }),
      404,
      "itemNotFound",
      `Snapshot ${unknown} could not be found.`,
    );
    fault(
      await post("/backups", { backup: { volume_id: unknown, snapshot_id: snapId } }),
      404,
      "itemNotFound",
      `Volume ${unknown} could not be found.`,
    );
    fault(
      await post("/backups", { backup: { volume_id: ids.source, snapshot_id: snapId } }),
      400,
      "badRequest",
      `Invalid volume: Volume ${ids.source} does not match with snapshot.volume_id ${ids.attached}.`,
    );
  });

  it("finds volumes, snapshots and backups only by their ids as Cinder wrote them: lower case, dashed", async () => {
    const forms = (id: string) => [id.toUpperCase(), id.replaceAll("-", ""), `{${id}}`];
    const kinds = [
      ["volumes", ids.source, "Volume"],
      ["snapshots", ids.snapshot, "Snapshot"],
      ["backups", ids.snapshotBackup, "Backup"],
    ] as const;
    for (const [kind, id, noun] of kinds) {
      expect((await get(`/${kind}/${id}`)).status).to.equal(200);
      for (const other of forms(id)) {
        fault(await get(`/${kind}/${other}`), 404, "itemNotFound", `${noun} ${other} could not be found.`);
      }
    }
    // in bodies too, where the schema takes any form oslo's is_uuid_like does
    for (const other of forms(ids.source)) {
      const missing = `Volume ${other} could not be found.`;
      fault(await post("/backups", { backup: { volume_id: other } }), 404, "itemNotFound", missing);
      fault(await post("/snapshots", { snapshot: { volume_id: other } }), 404, "itemNotFound", missing);
      fault(
        await post(`/backups/${ids.snapshotBackup}/restore`, { restore: { volume_id: other } }),
        404,
        "itemNotFound",
        missing,
      );
    }
    const upperSnapshot = ids.snapshot.toUpperCase();
    fault(
      await post("/backups", { backup: { volume_id: ids.source, snapshot_id: upperSnapshot } }),
      404,
      "itemNotFound",
      `Snapshot ${upperSnapshot} could not be found.`,
    );
    // a list filter compares the text
    const filtered = await get<ListJson>(`/backups?volume_id=${ids.attached.toUpperCase()}`);
    expect(filtered.body.backups).to.deep.equal([]);
  });

  it("renames a volume in place with PUT at any microversion; metadata replaces the user's, names are trimmed", async () => {
    const volume = await createVolume(`${prefix}-put`, { description: "before", metadata: { a: "1" } });
    const path = `/volumes/${volume.id}`;
    const before = (await get<{ volume: VolumeJson & { updated_at: string } }>(path)).body.volume;
    await target.pause(50); // so that a new updated_at differs
    const renamed = await put<{ volume: VolumeJson & { updated_at: string } }>(
      path,
      { volume: { name: `  ${prefix}-renamed  `, description: "after" } },
      "3.0",
    );
    expect(renamed.status, renamed.text).to.equal(200);
    expect(renamed.body.volume).to.include({
      id: volume.id,
      name: `${prefix}-renamed`,
      description: "after",
    });
    expect(renamed.body.volume.metadata).to.deep.equal({ a: "1" });
    // the answer is not a show: no tenant attribute, and updated_at as it was before the change
    expect(renamed.body.volume).to.not.have.property("os-vol-tenant-attr:tenant_id");
    expect(renamed.body.volume.updated_at).to.equal(before.updated_at);
    const shown = (await get<{ volume: VolumeJson & { updated_at: string } }>(path)).body.volume;
    expect(shown).to.include({ name: `${prefix}-renamed`, description: "after" });
    expect(shown.updated_at).to.not.equal(before.updated_at);

    const replaced = await put<{ volume: VolumeJson }>(path, { volume: { metadata: { b: "2" } } });
    expect(replaced.status, replaced.text).to.equal(200);
    expect(replaced.body.volume.metadata).to.deep.equal({ b: "2" });
    expect(replaced.body.volume).to.include({ name: `${prefix}-renamed`, description: "after" });
    const cleared = await put<{ volume: VolumeJson }>(path, { volume: { name: null, metadata: {} } });
    expect(cleared.body.volume).to.include({ name: null, description: "after" });
    expect(cleared.body.volume.metadata).to.deep.equal({});

    const long = "x".repeat(256);
    fault(
      await put(path, { volume: { name: long } }),
      400,
      "badRequest",
      "Invalid input received: name has 256 characters, more than 255.",
    );
    fault(
      await put(path, { volume: { description: long } }),
      400,
      "badRequest",
      "Invalid input received: description has 256 characters, more than 255.",
    );
    // the limit counts the trimmed text
    const padded = await put<{ volume: VolumeJson }>(path, { volume: { name: `${"x".repeat(255)} ` } });
    expect(padded.body.volume.name).to.equal("x".repeat(255));
    fault(
      await put(path, { volume: { name: 5 } }),
      400,
      "badRequest",
      "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string', 'null'",
    );
    fault(
      await put(path, { volume: { metadata: null } }),
      400,
      "badRequest",
      "Invalid input for field/attribute metadata. Value: None. None is not of type 'object'",
    );
    expect((await put(path, { volume: {} }, "3.52")).status).to.equal(200);
    fault(
      await put(path, { volume: {} }, "3.53"),
      400,
      "badRequest",
      "Invalid input for field/attribute volume. Value: {}. {} is not valid under any of the given schemas",
    );
    fault(
      await put(path, { volume: { foo: "bar" } }, "3.53"),
      400,
      "badRequest",
      "Invalid input for field/attribute volume. Value: {'foo': 'bar'}. Additional properties are not allowed ('foo' was unexpected)",
    );
    const unknown = randomUUID();
    fault(
      await put(`/volumes/${unknown}`, { volume: { name: "x" } }),
      404,
      "itemNotFound",
      `Volume ${unknown} could not be found.`,
    );

    // in any status; an attached volume shows Cinder's admin metadata beside the user's
    await attach(volume.id);
    const inUse = await put<{ volume: VolumeJson }>(path, { volume: { metadata: { z: "1" } } });
    expect(inUse.status, inUse.text).to.equal(200);
    expect(inUse.body.volume.status).to.equal("in-use");
    expect(inUse.body.volume.metadata).to.deep.equal({ z: "1", readonly: "False", attached_mode: "rw" });
    expect((await post(`${path}/action`, { "os-detach": {} })).status).to.equal(202);
    const detached = (await waitFor<VolumeJson>("volumes", volume.id, ["available"])).record;
    expect(detached?.metadata).to.deep.equal({ z: "1", readonly: "False" });
  });

  it("deletes a volume with its snapshots only with cascade", async () => {
    const volume = await createVolume(`${prefix}-cascade`);
    const snap = await snapshot({ volume_id: volume.id });
    fault(
      await send(target, "DELETE", `/volumes/${volume.id}?cascade=maybe`),
      400,
      "badRequest",
      "Value 'maybe' for 'cascade' is not a boolean.",
    );
    expect((await send(target, "DELETE", `/volumes/${volume.id}?cascade=false`)).status).to.equal(400);
    const response = await send(target, "DELETE", `/volumes/${volume.id}?cascade=True`);
    expect(response.status, response.text).to.equal(202);
    expect((await get<{ snapshot: SnapshotJson }>(`/snapshots/${snap.id}`)).body.snapshot.status).to.equal(
      "deleting",
    );
    await waitFor("snapshots", snap.id, ["gone"]);
    await waitFor("volumes", volume.id, ["gone"]);
  });
});
