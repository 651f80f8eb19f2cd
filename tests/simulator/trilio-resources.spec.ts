import { expect } from "chai";
import { type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { call, type FaultJson, login, type SnapshotJson, TrilioClient, type WorkloadJson } from "./helpers";

describe("simulator: Trilio workloads, snapshots and access checks", () => {
  let sim: Simulator;
  let trilio: TrilioClient;

  before(async () => {
    sim = await startSimulator();
    trilio = new TrilioClient(sim, await login(sim));
  });
  after(() => sim.close());

  it("answers 401 in Trilio's fault shape without a valid token", async () => {
    const headerSets: Record<string, string>[] = [{}, { "X-Auth-Token": "not-a-token" }];
    for (const headers of headerSets) {
      const response = await call<FaultJson>(`${trilio.base}/workloads`, { headers });
      expect(response.status).to.equal(401);
      expect(response.body).to.deep.equal({
        unauthorized: { code: 401, message: "The request you have made requires authentication." },
      });
      expect(response.headers.get("www-authenticate")).to.equal(`Keystone uri="${sim.authUrl}"`);
      expect(response.headers.get("x-compute-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    }
  });

  it("answers 403 forbidden when the URL names another project than the token's", async () => {
    const response = await call<FaultJson>(
      `${sim.url}/trilio/v1/0123456789abcdef0123456789abcdef/workloads`,
      {
        headers: { "X-Auth-Token": trilio.token },
      },
    );
    expect(response.status).to.equal(403);
    expect(response.body.forbidden?.code).to.equal(403);
  });

  it("answers 404 itemNotFound for an unknown path and for a wrong method on a known one", async () => {
    const unknown = await trilio.get<FaultJson>("/backups");
    expect(unknown.status).to.equal(404);
    expect(unknown.body.itemNotFound?.code).to.equal(404);
    const put = await trilio.request<FaultJson>("PUT", `/restores/anything`, { restore: {} });
    expect(put.status).to.equal(404);
    expect(put.body).to.have.property("itemNotFound");
  });

  it("lists the seeded workloads, in the list (status, no instances) and the detail form", async () => {
    const forms = [];
    for (const path of ["/workloads", "/workloads/detail"]) {
      const response = await trilio.get<{ workloads: WorkloadJson[] }>(path);
      expect(response.status).to.equal(200);
      expect(response.body.workloads.map((w) => w.name)).to.deep.equal(["web", "db"]);
      expect(response.body.workloads.map((w) => w.status)).to.deep.equal(["available", "available"]);
      forms.push(response.body.workloads[0]);
    }
    expect(forms[0]).not.to.have.property("instances");
    expect(forms[1]?.instances).to.have.length(2);
  });

  it("shows a workload with its instances", async () => {
    const workload = await trilio.workload(TRILIO_SEED.webWorkloadId);
    expect(workload.status).to.equal("available");
    expect(workload.project_id).to.equal(sim.credentials.projectId);
    expect(workload.instances.map((instance) => instance.name)).to.deep.equal(["web-1", "web-2"]);
    expect(workload.instances[0]?.metadata).to.be.an("object");
    const missing = await trilio.get<FaultJson>("/workloads/00000000-0000-4000-8000-000000000000");
    expect(missing.status).to.equal(404);
    expect(missing.body.itemNotFound?.message).to.equal(
      "Workload 00000000-0000-4000-8000-000000000000 could not be found.",
    );
  });

  it("lists snapshots newest first, filtered by workload_id", async () => {
    const all = await trilio.get<{ snapshots: SnapshotJson[] }>("/snapshots");
    expect(all.body.snapshots).to.have.length(4);
    expect(all.body.snapshots[0]).to.include.keys("id", "status", "workload_id", "name");
    expect(all.body.snapshots[0], "the summary list has no instances").not.to.have.property("instances");
    const web = await trilio.get<{ snapshots: SnapshotJson[] }>(
      `/snapshots/detail?workload_id=${TRILIO_SEED.webWorkloadId}`,
    );
    expect(web.body.snapshots.map((s) => s.id)).to.deep.equal([
      TRILIO_SEED.webSnapshotId,
      TRILIO_SEED.webFullSnapshotId,
    ]);
    expect(web.body.snapshots.map((s) => s.snapshot_type)).to.deep.equal(["incremental", "full"]);
    expect(web.body.snapshots[0]?.instances).to.have.length(2);
  });

  it("pages snapshots (limit, marker, a next link on the internal host) and filters by date_from and date_to", async () => {
    const { workloadId, snapshotIds } = sim.trilio.addWorkload({
      name: "paged",
      snapshots: [{}, {}, {}, {}, {}],
    });
    const newestFirst = [...snapshotIds].reverse();
    type Page = { snapshots: SnapshotJson[]; snapshots_links?: { rel: string; href: string }[] };
    const first = await trilio.get<Page>(`/snapshots?workload_id=${workloadId}&limit=2`);
    expect(first.body.snapshots.map((s) => s.id)).to.deep.equal(newestFirst.slice(0, 2));
    const next = new URL(first.body.snapshots_links?.[0]?.href ?? "");
    expect(next.host).to.equal("wlm_backend");
    const second = await trilio.get<Page>(`/snapshots${next.search}`);
    expect(second.body.snapshots.map((s) => s.id)).to.deep.equal(newestFirst.slice(2, 4));

    const created = (id: string) => sim.trilio.getSnapshot(id).createdAt;
    // whole seconds: date_from rounded down and date_to up take in the snapshots at both ends
    const at = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    const window = await trilio.get<Page>(
      `/snapshots?workload_id=${workloadId}&date_from=${at(created(newestFirst[3]))}&date_to=${at(created(newestFirst[1]) + 1000)}`,
    );
    expect(window.body.snapshots.map((s) => s.id)).to.deep.equal(newestFirst.slice(1, 4));
    expect(window.body).not.to.have.property("snapshots_links");
    const bad = await trilio.get<FaultJson>("/snapshots?date_from=yesterday");
    expect(bad.status).to.equal(400);
  });

  it("shows a snapshot with flavors (swap and id as strings), volumes and nics", async () => {
    const snapshot = await trilio.snapshot(TRILIO_SEED.dbSnapshotId);
    expect(snapshot.status).to.equal("available");
    expect(snapshot.workload_id).to.equal(TRILIO_SEED.dbWorkloadId);
    const [instance] = snapshot.instances;
    expect(instance?.id).to.equal(TRILIO_SEED.db1InstanceId);
    expect(instance?.flavor).to.include.keys("vcpus", "ram", "disk", "swap", "ephemeral", "id");
    expect(instance?.flavor.swap).to.be.a("string");
    expect(instance?.flavor.id).to.be.a("string");
    expect(instance?.flavor.vcpus).to.be.a("number");
    expect(instance?.vdisks).to.have.length(2);
    expect(instance?.vdisks[0]).to.include.keys(
      "id",
      "name",
      "volume_size",
      "volume_type",
      "availability_zone",
    );
    expect(instance?.nics[0]?.mac_address).to.match(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(instance?.nics[0]?.network.subnet.id).to.equal(TRILIO_SEED.subnetId);
  });

  it("names an unknown snapshot in its 404", async () => {
    const response = await trilio.get<FaultJson>("/snapshots/nope");
    expect(response.status).to.equal(404);
    expect(response.body).to.deep.equal({
      itemNotFound: { code: 404, message: "Snapshot nope could not be found." },
    });
  });

  it("accepts X-Auth-Project-Id and Content-Type on bodiless requests", async () => {
    const response = await trilio.request("GET", "/workloads", undefined, {
      "X-Auth-Project-Id": sim.credentials.projectId,
      "Content-Type": "application/json",
    });
    expect(response.status).to.equal(200);
  });
});
