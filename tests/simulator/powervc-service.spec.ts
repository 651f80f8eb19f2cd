import { expect } from "chai";
import { KEYSTONE_SEED, POWERVC_SEED, startSimulator } from "../../simulator";
import { call, type FaultJson, login } from "./helpers";
import { PowerVCClient, usePowerVCSimulator } from "./powervc-client";

describe("simulator: PowerVC auth, faults and admin API", () => {
  const f = usePowerVCSimulator({ powervc: { snapshotMs: 100 } });

  it("needs a token: 401 with a WWW-Authenticate header without one", async () => {
    for (const url of [
      `${f.sim.url}/powervc/compute/v2.1/${POWERVC_SEED.projectId}/servers`,
      `${f.sim.url}/powervc/volume/v3/${POWERVC_SEED.projectId}/instance-snapshots`,
    ]) {
      const response = await call<FaultJson>(url);
      expect(response.status, url).to.equal(401);
      expect(response.body.unauthorized?.code).to.equal(401);
      expect(response.headers.get("www-authenticate")).to.equal(`Keystone uri="${f.sim.authUrl}"`);
    }
  });

  it("answers 403 unless the token is scoped to the powervc project and the URL names it", async () => {
    const defaultToken = await login(f.sim);
    const other = KEYSTONE_SEED.project.id;
    const cases: [string, string][] = [
      [defaultToken, POWERVC_SEED.projectId], // the URL's project is not the token's
      [defaultToken, other], // the token's project, but not PowerVC's
      [f.token, other],
    ];
    for (const [credential, projectId] of cases) {
      const client = new PowerVCClient(f.sim, credential, projectId);
      for (const url of [`${client.compute}/servers`, `${client.volume}/instance-snapshots`]) {
        const response = await client.request<FaultJson>("GET", url);
        expect(response.status, url).to.equal(403);
        expect(response.body.forbidden?.code).to.equal(403);
      }
    }
    const allowed = new PowerVCClient(f.sim, f.token);
    expect((await allowed.request("GET", `${allowed.compute}/servers`)).status).to.equal(200);
  });

  it("answers Nova/Cinder fault bodies with each service's request id header; a wrong method is a 404", async () => {
    const compute = await f.pvc.request<FaultJson>(
      "DELETE",
      `${f.pvc.compute}/servers/${POWERVC_SEED.appServerId}`,
    );
    expect(compute.status).to.equal(404);
    expect(compute.body.itemNotFound?.code).to.equal(404);
    expect(compute.headers.get("x-compute-request-id")).to.match(/^req-/);
    const volume = await f.pvc.request<FaultJson>("PATCH", `${f.pvc.volume}/instance-snapshots/x`);
    expect(volume.status).to.equal(404);
    expect(volume.headers.get("x-openstack-request-id")).to.match(/^req-/);
    expect(volume.headers.get("x-compute-request-id")).to.equal(null);
  });

  it("logs requests as powervc-compute and powervc-volume, which fault rules can target", async () => {
    f.sim.faults.add({ service: "powervc-volume", method: "GET", status: 503, retryAfter: 2 });
    const faulted = await f.pvc.request<FaultJson>("GET", `${f.pvc.volume}/instance-snapshots`);
    expect(faulted.status).to.equal(503);
    expect(faulted.body.serviceUnavailable?.code).to.equal(503);
    expect(faulted.headers.get("retry-after")).to.equal("2");
    await f.pvc.request("GET", `${f.pvc.compute}/servers`);
    const services = f.sim.requests.map((request) => request.service);
    expect(services).to.deep.equal(["powervc-volume", "powervc-compute"]);
  });

  it("shows PowerVC in the admin state, sets its behaviour there, and reset restores the seed", async () => {
    const admin = `${f.sim.url}/__admin`;
    const set = await call<{ behaviour: { restoreMs: number; snapshotMs: number } }>(
      `${admin}/powervc/behaviour`,
      {
        method: "POST",
        body: { restoreMs: 10, restoreOutcomes: [{ failure: "restore-error" }] },
      },
    );
    expect(set.status).to.equal(200);
    expect(set.body.behaviour).to.deep.include({ restoreMs: 10, snapshotMs: 100 });
    for (const body of [
      { restoreMs: -1 },
      { restoreOutcomes: ["error"] },
      { taskUriBase: "nowhere" },
      { speed: 1 },
    ]) {
      expect(
        (await call(`${admin}/powervc/behaviour`, { method: "POST", body })).status,
        JSON.stringify(body),
      ).to.equal(400);
    }
    await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    const state = await call<{
      powervc: {
        servers: unknown[];
        instanceSnapshots: { status: string }[];
        tasks: unknown[];
        projectId: string;
        taskUriBase: string;
        counters: Record<string, number>;
        behaviour: { restoreMs: number };
      };
    }>(`${admin}/state`);
    const { powervc } = state.body;
    expect(powervc.servers).to.have.length(2);
    expect(powervc.instanceSnapshots.map((snapshot) => snapshot.status)).to.deep.equal([
      "available",
      "creating",
    ]);
    expect(powervc.tasks).to.have.length(2);
    expect(powervc.projectId).to.equal(POWERVC_SEED.projectId);
    expect(powervc.taskUriBase).to.equal(`https://powervc.invalid:9000/v3/${POWERVC_SEED.projectId}`);
    expect(powervc.counters).to.deep.equal({
      snapshotActions: 1,
      restoreActions: 0,
      retries: 0,
      rollbacks: 0,
    });
    expect(powervc.behaviour.restoreMs).to.equal(10);
    f.clock.advance(100);
    expect(f.sim.powervc.state.instanceSnapshots.map((snapshot) => snapshot.status)).to.deep.equal([
      "available",
      "available",
    ]);
    expect((await call(`${admin}/reset`, { method: "POST" })).status).to.equal(200);
    expect(f.sim.powervc.state.instanceSnapshots).to.have.length(1);
    expect(f.sim.powervc.behaviour).to.deep.include({
      restoreMs: 3000,
      snapshotMs: 100,
      restoreOutcomes: [],
    });
    expect(f.sim.powervc.counters.snapshotActions).to.equal(0);
  });

  it("adds servers with attached volumes, which the API lists and snapshots; reset removes them", async () => {
    const server = f.sim.powervc.addServer("aix-web", 3);
    expect(server).to.include({ name: "aix-web", status: "ACTIVE" });
    const shown = await f.pvc.request<{
      server: { "os-extended-volumes:volumes_attached": { id: string }[] };
    }>("GET", `${f.pvc.compute}/servers/${server.id}`);
    expect(shown.body.server["os-extended-volumes:volumes_attached"].map((v) => v.id)).to.deep.equal(
      server.volumeIds,
    );
    const names = server.volumeIds.map((id) => f.sim.powervc.getVolume(id).name);
    expect(names).to.deep.equal(["aix-web-boot", "aix-web-data-1", "aix-web-data-2"]);
    const snapshot = await f.pvc.mustSnapshot(server.id);
    expect(f.sim.powervc.getInstanceSnapshot(snapshot.id).volumeIds).to.deep.equal(server.volumeIds);
    expect(() => f.sim.powervc.addServer("none", 0)).to.throw(RangeError);
    f.sim.reset();
    expect(f.sim.powervc.listServers().map((s) => s.id)).to.not.include(server.id);
  });

  it("refuses an invalid initial behaviour before listening", async () => {
    let error: unknown;
    await startSimulator({ powervc: { deleteMs: Number.NaN } }).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(RangeError);
    expect(() =>
      f.sim.powervc.setBehaviour({
        rollbackOutcomes: [{ failure: "restore-error", failedVolumes: "x" }],
      } as never),
    ).to.throw(RangeError);
  });
});
