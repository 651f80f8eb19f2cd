import { expect } from "chai";
import { POWERVC_SEED } from "../../simulator";
import { type FaultJson } from "./helpers";
import { type InstanceSnapshotJson, usePowerVCSimulator } from "./powervc-client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("simulator: PowerVC servers, volumes and instance snapshots", () => {
  const f = usePowerVCSimulator();
  const backendSnapshotsOf = (id: string) =>
    f.sim.powervc.state.volumeSnapshots.filter((snapshot) => snapshot.instanceSnapshotId === id);

  it("lists the seeded servers Nova style, with their attached volumes in the detail", async () => {
    const list = await f.pvc.request<{ servers: Record<string, unknown>[] }>(
      "GET",
      `${f.pvc.compute}/servers`,
    );
    expect(list.status).to.equal(200);
    expect(list.headers.get("x-compute-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    expect(list.body.servers).to.deep.equal([
      { id: POWERVC_SEED.appServerId, name: "aix-app" },
      { id: POWERVC_SEED.dbServerId, name: "aix-db" },
    ]);
    const detail = await f.pvc.request<{ servers: { id: string; status: string }[] }>(
      "GET",
      `${f.pvc.compute}/servers/detail`,
    );
    expect(detail.body.servers.map((server) => server.status)).to.deep.equal(["ACTIVE", "ACTIVE"]);
    const one = await f.pvc.request<{ server: Record<string, unknown> }>(
      "GET",
      `${f.pvc.compute}/servers/${POWERVC_SEED.appServerId}`,
    );
    expect(one.body.server).to.deep.include({ id: POWERVC_SEED.appServerId, status: "ACTIVE" });
    expect(one.body.server["os-extended-volumes:volumes_attached"]).to.deep.equal([
      { id: POWERVC_SEED.appBootVolumeId },
      { id: POWERVC_SEED.appDataVolumeId },
    ]);
    const missing = await f.pvc.request<FaultJson>("GET", `${f.pvc.compute}/servers/nope`);
    expect(missing.status).to.equal(404);
    expect(missing.body.itemNotFound?.code).to.equal(404);
  });

  it("shows each attached volume Cinder style: in-use, size in GiB, attached to its server", async () => {
    const response = await f.pvc.request<{ volume: Record<string, unknown> & { attachments: unknown[] } }>(
      "GET",
      `${f.pvc.volume}/volumes/${POWERVC_SEED.dbDataVolumeId}`,
    );
    expect(response.status).to.equal(200);
    expect(response.headers.get("x-openstack-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    expect(response.body.volume).to.deep.include({
      id: POWERVC_SEED.dbDataVolumeId,
      name: "aix-db-data",
      status: "in-use",
      size: 100,
    });
    expect(response.body.volume.attachments).to.have.length(1);
    expect(response.body.volume.attachments[0]).to.deep.include({
      server_id: POWERVC_SEED.dbServerId,
      device: "/dev/sdb",
    });
    expect((await f.pvc.request("GET", `${f.pvc.volume}/volumes/nope`)).status).to.equal(404);
  });

  it("lists and shows the seeded instance snapshot of the first server", async () => {
    const list = await f.pvc.request<{ instance_snapshots: InstanceSnapshotJson[] }>(
      "GET",
      `${f.pvc.volume}/instance-snapshots`,
    );
    expect(list.body.instance_snapshots.map((snapshot) => snapshot.id)).to.deep.equal([
      POWERVC_SEED.instanceSnapshotId,
    ]);
    const snapshot = await f.pvc.snapshot(POWERVC_SEED.instanceSnapshotId);
    expect(snapshot).to.deep.include({
      status: "available",
      instance_id: POWERVC_SEED.appServerId,
      temp_snapshots: null,
      failed_snapshots: null,
      created_at: "2026-11-21T02:00:00.000000",
      updated_at: "2026-11-21T02:00:27.000000",
    });
    expect(snapshot.snapshots).to.deep.equal({
      [POWERVC_SEED.appBootVolumeId]: POWERVC_SEED.appBootSnapshotId,
      [POWERVC_SEED.appDataVolumeId]: POWERVC_SEED.appDataSnapshotId,
    });
    expect((await f.pvc.progress(snapshot.task_uri)).body.details.progress).to.equal(100);
  });

  it("snapshots every attached volume when none are given: creating, then available with its snapshots", async () => {
    const created = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    expect(created.id).to.match(UUID);
    const creating = await f.pvc.snapshot(created.id);
    expect(creating).to.deep.include({ status: "creating", snapshots: {}, name: "test snapshot" });
    expect(creating.task_uri).to.equal(created.task_uri);
    const started = (await f.pvc.progress(created.task_uri)).body.details;
    expect(started.progress).to.equal(0);
    expect(started.flow_details).to.deep.equal({ InstSnapshotFlow: "RUNNING" });
    expect(started.completed_tasks).to.deep.equal({});
    expect(Object.values(started.pending_tasks)).to.deep.equal(["RUNNING", "PENDING", "PENDING", "PENDING"]);
    f.clock.advance(1_000);
    const halfway = (await f.pvc.progress(created.task_uri)).body.details;
    expect(halfway.progress).to.equal(50);
    expect(Object.keys(halfway.completed_tasks)).to.have.length(2);
    f.clock.advance(1_000);
    const done = (await f.pvc.progress(created.task_uri)).body.details;
    expect(done.progress).to.equal(100);
    expect(done.flow_details).to.deep.equal({ InstSnapshotFlow: "SUCCESS" });
    expect(done.pending_tasks).to.deep.equal({});
    expect(Object.values(done.completed_tasks).every((status) => status === "SUCCESS")).to.equal(true);
    const available = await f.pvc.snapshot(created.id);
    expect(available.status).to.equal("available");
    expect(Object.keys(available.snapshots)).to.deep.equal([
      POWERVC_SEED.dbBootVolumeId,
      POWERVC_SEED.dbDataVolumeId,
    ]);
    expect(Object.values(available.snapshots).every((id) => UUID.test(id))).to.equal(true);
    expect(backendSnapshotsOf(created.id).map((snapshot) => snapshot.id)).to.have.members(
      Object.values(available.snapshots),
    );
    expect(f.sim.powervc.counters.snapshotActions).to.equal(1);
  });

  it("snapshots only the volumes given, and refuses a volume that is not attached to the server", async () => {
    const created = await f.pvc.mustSnapshot(POWERVC_SEED.appServerId, [POWERVC_SEED.appDataVolumeId]);
    f.clock.advance(2_000);
    expect(Object.keys((await f.pvc.snapshot(created.id)).snapshots)).to.deep.equal([
      POWERVC_SEED.appDataVolumeId,
    ]);
    const foreign = await f.pvc.action<FaultJson>(POWERVC_SEED.appServerId, {
      "vm-snapshot": { name: "x", volumes: [POWERVC_SEED.appBootVolumeId, POWERVC_SEED.dbBootVolumeId] },
    });
    expect(foreign.status).to.equal(400);
    expect(foreign.body.badRequest?.message).to.contain(POWERVC_SEED.dbBootVolumeId);
    for (const body of [
      { "vm-snapshot": {} },
      { "vm-snapshot": { name: 5 } },
      { "os-stop": null },
      "{oops",
    ]) {
      const response = await f.pvc.action<FaultJson>(POWERVC_SEED.appServerId, body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.badRequest?.code).to.equal(400);
    }
    const unknown = await f.pvc.action("nope", { "vm-snapshot": { name: "x" } });
    expect(unknown.status).to.equal(404);
  });

  it("ends a snapshot in error for a failure outcome: its task fails, no backend snapshots, deletable", async () => {
    f.sim.powervc.setBehaviour({ snapshotOutcomes: [{ failure: "error" }] });
    const failed = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    f.clock.advance(2_000);
    const done = (await f.pvc.progress(failed.task_uri)).body.details;
    expect(done.progress).to.equal(100);
    expect(done.flow_details).to.deep.equal({ InstSnapshotFlow: "FAILURE" });
    expect(await f.pvc.snapshot(failed.id)).to.deep.include({ status: "error", snapshots: {} });
    expect(backendSnapshotsOf(failed.id)).to.deep.equal([]);
    const next = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    f.clock.advance(2_000);
    expect((await f.pvc.snapshot(next.id)).status).to.equal("available");
    expect(() => f.sim.powervc.setBehaviour({ snapshotOutcomes: ["restore-error"] as never })).to.throw(
      RangeError,
    );
  });

  it("refuses a snapshot of a server while another one of it is being created", async () => {
    await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    const second = await f.pvc.action<FaultJson>(POWERVC_SEED.dbServerId, {
      "vm-snapshot": { name: "again" },
    });
    expect(second.status).to.equal(400);
    expect(second.body.badRequest?.message).to.contain("creating");
    f.clock.advance(2_000);
    await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
  });

  it("renames and redescribes with PUT (hyphen in, underscore out), keeping a field not sent", async () => {
    const url = `${f.pvc.volume}/instance-snapshots/${POWERVC_SEED.instanceSnapshotId}`;
    f.clock.advance(5_000);
    const both = await f.pvc.request("PUT", url, {
      "instance-snapshot": { name: "renamed", description: "new" },
    });
    expect(both.status).to.equal(200);
    expect(both.body).to.deep.equal({ instance_snapshot: { id: POWERVC_SEED.instanceSnapshotId } });
    await f.pvc.request("PUT", url, { "instance-snapshot": { name: "renamed again" } });
    const shown = await f.pvc.snapshot(POWERVC_SEED.instanceSnapshotId);
    expect(shown).to.deep.include({
      name: "renamed again",
      description: "new",
      updated_at: "2026-11-22T10:00:05.000000",
    });
    for (const body of [
      { "instance-snapshot": {} },
      { instance_snapshot: { name: "x" } },
      { "instance-snapshot": { name: "" } },
    ]) {
      expect((await f.pvc.request("PUT", url, body)).status, JSON.stringify(body)).to.equal(400);
    }
    const unknown = await f.pvc.request("PUT", `${f.pvc.volume}/instance-snapshots/nope`, {
      "instance-snapshot": { name: "x" },
    });
    expect(unknown.status).to.equal(404);
  });

  it("deletes: deleting, then 404 with its backend snapshots gone, while get_progress still answers", async () => {
    const id = POWERVC_SEED.instanceSnapshotId;
    expect(backendSnapshotsOf(id)).to.have.length(2);
    const response = await f.pvc.request<{ task_uri: string }>(
      "DELETE",
      `${f.pvc.volume}/instance-snapshots/${id}`,
    );
    expect(response.status).to.equal(200);
    expect(Object.keys(response.body)).to.deep.equal(["task_uri"]);
    expect(new URL(response.body.task_uri).searchParams.get("action")).to.equal("delete");
    expect((await f.pvc.snapshot(id)).status).to.equal("deleting");
    expect((await f.pvc.request("DELETE", `${f.pvc.volume}/instance-snapshots/${id}`)).status).to.equal(400);
    f.clock.advance(1_000);
    const gone = await f.pvc.show(id);
    expect(gone.status).to.equal(404);
    expect((gone.body as unknown as FaultJson).itemNotFound?.message).to.contain(id);
    expect(backendSnapshotsOf(id)).to.deep.equal([]);
    const progress = await f.pvc.progress(response.body.task_uri);
    expect(progress.status).to.equal(200);
    expect(progress.body.details).to.deep.include({ progress: 100, pending_tasks: {} });
    expect(progress.body.details.flow_details).to.deep.equal({ InstSnapshotDeleteFlow: "SUCCESS" });
    expect((await f.pvc.request("DELETE", `${f.pvc.volume}/instance-snapshots/${id}`)).status).to.equal(404);
  });

  it("refuses to delete a snapshot that is being created", async () => {
    const created = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    const response = await f.pvc.request<FaultJson>(
      "DELETE",
      `${f.pvc.volume}/instance-snapshots/${created.id}`,
    );
    expect(response.status).to.equal(400);
    expect(response.body.badRequest?.message).to.contain("creating");
  });

  it("names another host in task_uri; rebuilt on the volume endpoint from its query, it answers", async () => {
    const created = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    const uri = new URL(created.task_uri);
    expect(uri.origin).to.equal("https://powervc.invalid:9000");
    expect(uri.pathname).to.equal(`/v3/${f.sim.powervc.projectId}/instance-snapshots/get_progress`);
    expect([...uri.searchParams.keys()]).to.deep.equal(["action", "task_id", "id"]);
    expect(uri.searchParams.get("id")).to.equal(created.id);
    expect(uri.searchParams.get("task_id")).to.match(UUID);
    expect((await f.pvc.progress(created.task_uri)).status).to.equal(200);
    const progress = `${f.pvc.volume}/instance-snapshots/get_progress`;
    const taskId = uri.searchParams.get("task_id") ?? "";
    const mismatched = `${progress}?action=delete&task_id=${taskId}&id=${created.id}`;
    expect((await f.pvc.request<FaultJson>("GET", mismatched)).status).to.equal(404);
    expect(
      (await f.pvc.request("GET", `${progress}?action=snapshot&task_id=nope&id=${created.id}`)).status,
    ).to.equal(404);
    expect((await f.pvc.request("GET", `${progress}?task_id=${taskId}`)).status).to.equal(400);
    f.sim.powervc.setBehaviour({ taskUriBase: "https://pvc.example.com:9000/v3/{project}/" });
    const next = await f.pvc.mustSnapshot(POWERVC_SEED.appServerId);
    expect(next.task_uri).to.match(
      /^https:\/\/pvc\.example\.com:9000\/v3\/[0-9a-f]{32}\/instance-snapshots\/get_progress\?/,
    );
    expect(f.sim.powervc.taskUriBase).to.equal(`https://pvc.example.com:9000/v3/${f.sim.powervc.projectId}`);
  });
});
