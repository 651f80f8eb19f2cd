import { expect } from "chai";
import { KEYSTONE_SEED, ManualClock, type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { call, type FaultJson, login, ONE_CLICK, SELECTIVE_WEB_1, TrilioClient } from "./helpers";
import { loginPowerVC } from "./powervc-client";

/** A server as Nova shows it (the fields the tests read). */
interface ServerJson {
  id: string;
  name: string;
  status: string;
  tenant_id: string;
  user_id: string;
  metadata: Record<string, string>;
  flavor: { id: string };
  addresses: Record<string, { addr: string; "OS-EXT-IPS-MAC:mac_addr": string }[]>;
  "os-extended-volumes:volumes_attached": { id: string }[];
  links: { rel: string; href: string }[];
}

interface CatalogJson {
  type: string;
  name: string;
  endpoints: { interface: string; url: string }[];
}

describe("simulator: Nova of the default project, agreeing with Trilio's one-click restores", () => {
  const duration = 3_000;
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;
  let nova: string;
  const novaGet = <T>(path: string, token = trilio.token) =>
    call<T>(`${nova}${path}`, { headers: { "X-Auth-Token": token } });
  const serverIds = async (path = "/servers") =>
    (await novaGet<{ servers: { id: string }[] }>(path)).body.servers.map((server) => server.id);
  /** A one-click restore of the newest snapshot of a workload, run to its end; returns its final status. */
  const oneClick = async (snapshotId: string) => {
    const started = await trilio.mustStartRestore(snapshotId, ONE_CLICK);
    clock.advance(duration);
    return trilio.restore(started.id);
  };

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock });
    trilio = new TrilioClient(sim, await login(sim));
    nova = `${sim.url}/compute/v2.1/${sim.credentials.projectId}`;
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("is in the default project's catalog as compute / nova; PowerVC's catalog is unchanged", async () => {
    const catalog = async (body: unknown) =>
      (
        await call<{ token: { catalog: CatalogJson[] } }>(`${sim.authUrl}/auth/tokens`, {
          method: "POST",
          body,
        })
      ).body.token.catalog;
    const defaults = await catalog({
      auth: {
        identity: { methods: ["token"], token: { id: trilio.token } },
        scope: { project: { id: sim.credentials.projectId } },
      },
    });
    const compute = defaults.filter((entry) => entry.type === "compute");
    expect(compute.map((entry) => entry.name)).to.deep.equal(["nova"]);
    expect(compute[0]?.endpoints.map((endpoint) => endpoint.url)).to.deep.equal([nova, nova, nova]);
    const powervc = await catalog({
      auth: {
        identity: { methods: ["token"], token: { id: trilio.token } },
        scope: { project: { id: KEYSTONE_SEED.powervcProject.id } },
      },
    });
    expect(powervc.map((entry) => [entry.type, entry.name, entry.endpoints[0]?.url])).to.deep.equal([
      ["identity", "keystone", sim.authUrl],
      ["compute", "nova", `${sim.url}/powervc/compute/v2.1/${KEYSTONE_SEED.powervcProject.id}`],
      ["volumev3", "cinderv3", `${sim.url}/powervc/volume/v3/${KEYSTONE_SEED.powervcProject.id}`],
    ]);
  });

  it("answers 401 without a valid token and 403 for another project, as the other services do", async () => {
    const missing = await call<FaultJson>(`${nova}/servers`);
    expect(missing.status).to.equal(401);
    expect(missing.body).to.deep.equal({
      unauthorized: { code: 401, message: "The request you have made requires authentication." },
    });
    expect(missing.headers.get("www-authenticate")).to.equal(`Keystone uri="${sim.authUrl}"`);
    const powervcToken = await loginPowerVC(sim);
    const wrongToken = await novaGet<FaultJson>("/servers", powervcToken);
    expect(wrongToken.status).to.equal(403);
    expect(wrongToken.body.forbidden?.code).to.equal(403);
    const powervcProject = await call<FaultJson>(
      `${sim.url}/compute/v2.1/${KEYSTONE_SEED.powervcProject.id}/servers`,
      {
        headers: { "X-Auth-Token": powervcToken },
      },
    );
    expect(powervcProject.status).to.equal(403);
    const ok = await novaGet("/servers");
    expect(ok.status).to.equal(200);
    expect(ok.headers.get("x-compute-request-id")).to.match(/^req-/);
    expect(ok.headers.get("x-openstack-request-id")).to.equal(ok.headers.get("x-compute-request-id"));
    expect(sim.requests.at(-1)?.service).to.equal("nova");
  });

  it("shows the seeded original VM that still exists (db-1) and answers 404 for the ones gone (web-1, web-2)", async () => {
    const shown = await novaGet<{ server: ServerJson }>(`/servers/${TRILIO_SEED.db1InstanceId}`);
    expect(shown.status).to.equal(200);
    const server = shown.body.server;
    expect(server).to.deep.include({
      id: TRILIO_SEED.db1InstanceId,
      name: "db-1",
      status: "ACTIVE",
      tenant_id: sim.credentials.projectId,
      user_id: sim.credentials.userId,
    });
    expect(server.metadata).to.deep.include({ role: "db", workload_id: TRILIO_SEED.dbWorkloadId });
    expect(server.flavor.id).to.equal("3");
    const snapshot = await trilio.snapshot(TRILIO_SEED.dbSnapshotId);
    const [instance] = snapshot.instances;
    expect(server["os-extended-volumes:volumes_attached"].map((volume) => volume.id)).to.deep.equal(
      instance?.vdisks.map((vdisk) => vdisk.id),
    );
    expect(server.addresses.internal?.[0]).to.deep.include({
      addr: instance?.nics[0]?.ip_address,
      "OS-EXT-IPS-MAC:mac_addr": instance?.nics[0]?.mac_address,
    });
    expect(server.links[0]?.href).to.equal(`${nova}/servers/${TRILIO_SEED.db1InstanceId}`);
    for (const id of [TRILIO_SEED.web1InstanceId, TRILIO_SEED.web2InstanceId, "nope"]) {
      const gone = await novaGet<FaultJson>(`/servers/${id}`);
      expect(gone.status).to.equal(404);
      expect(gone.body).to.deep.equal({
        itemNotFound: { code: 404, message: `Instance ${id} could not be found.` },
      });
      expect(gone.headers.get("x-openstack-request-id")).to.match(/^req-/);
    }
    expect(await serverIds()).to.deep.equal([TRILIO_SEED.db1InstanceId]);
    const detail = await novaGet<{ servers: ServerJson[] }>("/servers/detail");
    expect(detail.body.servers).to.deep.equal([server]);
    const summary = await novaGet<{ servers: Record<string, unknown>[] }>("/servers");
    expect(Object.keys(summary.body.servers[0] ?? {})).to.deep.equal(["id", "name", "links"]);
  });

  it("agrees with one-click restores when a test deletes an original VM or makes it exist", async () => {
    expect((await oneClick(TRILIO_SEED.dbSnapshotId)).status).to.equal("error");
    sim.trilio.setOriginalVmsExist(TRILIO_SEED.dbWorkloadId, false);
    expect((await novaGet(`/servers/${TRILIO_SEED.db1InstanceId}`)).status).to.equal(404);
    const restored = await oneClick(TRILIO_SEED.dbSnapshotId);
    expect(restored.status).to.equal("available");
    sim.trilio.setOriginalVmsExist(TRILIO_SEED.webWorkloadId, true);
    expect(await serverIds()).to.deep.equal([
      TRILIO_SEED.web1InstanceId,
      TRILIO_SEED.web2InstanceId,
      restored.instances?.[0]?.id,
    ]);
    const failed = await oneClick(TRILIO_SEED.webSnapshotId);
    expect(failed.status).to.equal("error");
    expect(failed.error_msg).to.contain(TRILIO_SEED.web1InstanceId);
    expect(() => sim.trilio.setOriginalVmsExist("nope", true)).to.throw(RangeError, "no workload nope");
  });

  it("shows the VMs selective and one-click restores create, not in-place ones; they outlive the restore record", async () => {
    const selective = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId, SELECTIVE_WEB_1);
    expect(await serverIds()).to.deep.equal([TRILIO_SEED.db1InstanceId]);
    clock.advance(duration);
    const created = (await trilio.restore(selective.id)).instances?.[0];
    expect(created?.name).to.equal("web-1-copy");
    const shown = await novaGet<{ server: ServerJson }>(`/servers/${created?.id}`);
    expect(shown.status).to.equal(200);
    expect(shown.body.server).to.deep.include({ name: "web-1-copy", status: "ACTIVE" });
    expect(shown.body.server.metadata.instance_id).to.equal(TRILIO_SEED.web1InstanceId);
    const oneClickWeb = await oneClick(TRILIO_SEED.webSnapshotId);
    const inplace = await trilio.mustStartRestore(TRILIO_SEED.dbSnapshotId, {
      type: "openstack",
      restore_type: "inplace",
      openstack: { instances: [{ id: TRILIO_SEED.db1InstanceId, include: true }] },
    });
    clock.advance(duration);
    expect((await trilio.restore(inplace.id)).status).to.equal("available");
    const ids = [TRILIO_SEED.db1InstanceId, created?.id, ...(oneClickWeb.instances ?? []).map((vm) => vm.id)];
    expect(await serverIds()).to.deep.equal(ids);
    expect(await serverIds("/servers/detail")).to.deep.equal(ids);
    sim.trilio.forgetRestore(selective.id);
    await trilio.request("DELETE", `/restores/${oneClickWeb.id}`);
    expect(await serverIds()).to.deep.equal(ids);
    expect(sim.trilio.listServers().map((server) => server.restoreId)).to.deep.equal([
      null,
      selective.id,
      oneClickWeb.id,
      oneClickWeb.id,
    ]);
  });

  it("is set out of process through the admin API and shown in its state; reset brings the seed back", async () => {
    const admin = `${sim.url}/__admin`;
    const url = `${admin}/trilio/workloads/${TRILIO_SEED.dbWorkloadId}/original-vms`;
    expect((await call(url, { method: "POST", body: { exist: false } })).status).to.equal(200);
    expect(await serverIds()).to.deep.equal([]);
    const state = await call<{ trilio: { servers: { id: string }[] } }>(`${admin}/state`);
    expect(state.body.trilio.servers).to.deep.equal([]);
    expect((await call(url, { method: "POST", body: { exist: "no" } })).status).to.equal(400);
    const unknown = `${admin}/trilio/workloads/nope/original-vms`;
    expect((await call(unknown, { method: "POST", body: { exist: true } })).status).to.equal(400);
    sim.reset();
    expect(await serverIds()).to.deep.equal([TRILIO_SEED.db1InstanceId]);
  });

  it("answers 404 for what it does not serve: unknown paths and other methods", async () => {
    expect((await novaGet<FaultJson>("/flavors")).body.itemNotFound?.code).to.equal(404);
    const remove = await call(`${nova}/servers/${TRILIO_SEED.db1InstanceId}`, {
      method: "DELETE",
      headers: { "X-Auth-Token": trilio.token },
    });
    expect(remove.status).to.equal(404);
    expect(await serverIds()).to.deep.equal([TRILIO_SEED.db1InstanceId]);
  });
});
