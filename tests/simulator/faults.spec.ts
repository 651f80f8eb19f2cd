import { expect } from "chai";
import {
  ManualClock,
  type RecordedRequest,
  type Simulator,
  startSimulator,
  TRILIO_SEED,
} from "../../simulator";
import { call, type FaultJson, login, ONE_CLICK, passwordAuth, TrilioClient } from "./helpers";

describe("simulator: fault injection", () => {
  let sim: Simulator;
  let trilio: TrilioClient;
  let token: string;
  const workloadsPath = () => `/trilio/v1/${sim.credentials.projectId}/workloads`;
  const restorePath = () => `/trilio/v1/${sim.credentials.projectId}/snapshots/${TRILIO_SEED.webSnapshotId}`;
  /** Resolves with the next recorded request matching `predicate`. */
  const nextRecorded = (predicate: (request: RecordedRequest) => boolean) =>
    new Promise<RecordedRequest>((resolve) => {
      const stop = sim.onRequest((request) => {
        if (!predicate(request)) return;
        stop();
        resolve(request);
      });
    });

  before(async () => {
    sim = await startSimulator({ clock: new ManualClock() });
    token = await login(sim);
    trilio = new TrilioClient(sim, token);
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("answers a status with the service's fault body and a Retry-After header, once by default", async () => {
    const id = sim.faults.add({ service: "trilio", path: workloadsPath(), status: 503, retryAfter: 7 });
    const faulted = await trilio.get<FaultJson>("/workloads");
    expect(faulted.status).to.equal(503);
    expect(faulted.headers.get("retry-after")).to.equal("7");
    expect(faulted.headers.get("x-compute-request-id")).to.match(/^req-/);
    expect(faulted.body.serviceUnavailable?.code).to.equal(503);
    expect((await trilio.get("/workloads")).status).to.equal(200);
    expect(sim.requests.map((request) => [request.status, request.fault])).to.deep.equal([
      [503, id],
      [200, undefined],
    ]);
    expect(sim.faults.list()).to.deep.equal([]);
  });

  it("uses Keystone's error shape for Keystone and sends a given body and headers as they are", async () => {
    sim.faults.add({ service: "keystone", status: 500 });
    const keystone = await call<{ error: { code: number; title: string } }>(`${sim.authUrl}/auth/tokens`, {
      method: "POST",
      body: passwordAuth(sim),
    });
    expect(keystone.status).to.equal(500);
    expect(keystone.body.error).to.include({ code: 500, title: "Internal Server Error" });
    sim.faults.add({
      service: "trilio",
      status: 502,
      body: "<html>Bad Gateway</html>",
      headers: { "X-Proxy": "lb1" },
    });
    const proxy = await fetch(`${trilio.base}/workloads`, { headers: { "X-Auth-Token": token } });
    expect(proxy.status).to.equal(502);
    expect(await proxy.text()).to.equal("<html>Bad Gateway</html>");
    expect(proxy.headers.get("x-proxy")).to.equal("lb1");
  });

  it("resets the connection before processing: the restore does not happen", async () => {
    const id = sim.faults.add({ method: "POST", path: restorePath(), reset: true });
    const recorded = nextRecorded((request) => request.fault === id);
    let failure: unknown;
    await trilio
      .startRestore(TRILIO_SEED.webSnapshotId, ONE_CLICK)
      .catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect((await recorded).status).to.equal(0);
    expect(sim.trilio.restoreStarts).to.equal(0);
    expect(sim.trilio.state.restores).to.have.length(0);
  });

  it("resets the connection after processing: the restore happened but the client saw a reset", async () => {
    sim.faults.add({ method: "POST", path: restorePath(), reset: true, when: "after" });
    let failure: unknown;
    await trilio
      .startRestore(TRILIO_SEED.webSnapshotId, ONE_CLICK)
      .catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect(sim.trilio.restoreStarts).to.equal(1);
    expect((await trilio.snapshot(TRILIO_SEED.webSnapshotId)).status).to.equal("restoring");
  });

  it("replaces the response after processing with a status", async () => {
    sim.faults.add({ method: "POST", path: restorePath(), status: 504, when: "after" });
    const response = await trilio.startRestore(TRILIO_SEED.webSnapshotId, ONE_CLICK);
    expect(response.status).to.equal(504);
    expect(sim.trilio.restoreStarts).to.equal(1);
  });

  it("delays a request and then answers it normally", async () => {
    sim.faults.add({ path: workloadsPath(), delayMs: 150 });
    const started = Date.now();
    expect((await trilio.get("/workloads")).status).to.equal(200);
    expect(Date.now() - started).to.be.at.least(140);
    expect(sim.requests[0]?.durationMs).to.be.at.least(140);
  });

  it("keeps processing a delayed request whose client gave up: the operation still happens", async () => {
    const id = sim.faults.add({ method: "POST", path: restorePath(), delayMs: 200 });
    const recorded = nextRecorded((request) => request.fault === id);
    let failure: unknown;
    await call(`${trilio.base}/snapshots/${TRILIO_SEED.webSnapshotId}`, {
      method: "POST",
      headers: { "X-Auth-Token": token },
      body: { restore: { options: ONE_CLICK } },
      signal: AbortSignal.timeout(50),
    }).catch((error: unknown) => (failure = error));
    expect((failure as Error).name).to.equal("TimeoutError");
    expect(sim.trilio.restoreStarts).to.equal(0);
    await recorded;
    expect(sim.trilio.restoreStarts).to.equal(1);
  });

  it("skips the first matches, then hits `times` of them; Infinity keeps the rule", async () => {
    sim.faults.add({ service: "trilio", path: "/trilio/*", skip: 1, times: 2, status: 502 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await trilio.get("/workloads")).status);
    expect(statuses).to.deep.equal([200, 502, 502, 200]);
    const forever = sim.faults.add({
      method: "get",
      path: /\/snapshots\/[^/]+$/,
      times: Infinity,
      status: 500,
    });
    for (let i = 0; i < 3; i += 1) {
      expect((await trilio.get(`/snapshots/${TRILIO_SEED.webSnapshotId}`)).status).to.equal(500);
    }
    expect((await trilio.get("/snapshots")).status).to.equal(200);
    expect(sim.faults.list().map((rule) => [rule.id, rule.times])).to.deep.equal([[forever, Infinity]]);
    expect(sim.faults.remove(forever)).to.equal(true);
    expect((await trilio.get(`/snapshots/${TRILIO_SEED.webSnapshotId}`)).status).to.equal(200);
  });

  it("matches service, method and path together, and never the admin API", async () => {
    sim.faults.add({ service: "trilio", method: "DELETE", status: 500, times: Infinity });
    sim.faults.add({ status: 503, path: "/__admin/*", times: Infinity });
    expect((await trilio.get("/workloads")).status).to.equal(200);
    expect((await trilio.request("DELETE", "/restores/x")).status).to.equal(500);
    expect((await call(`${sim.url}/__admin/requests`)).status).to.equal(200);
    sim.faults.clear();
    expect(sim.faults.list()).to.deep.equal([]);
  });

  it("matches query parameters when a rule names them, whatever else the query holds", async () => {
    const id = sim.faults.add({ path: workloadsPath(), query: { all_workloads: "true" }, status: 503 });
    expect((await trilio.get("/workloads?all_workloads=false")).status).to.equal(200);
    expect((await trilio.get("/workloads")).status).to.equal(200);
    expect((await trilio.get("/workloads?limit=5&all_workloads=true")).status).to.equal(503);
    expect(sim.requests.map((request) => request.fault)).to.deep.equal([undefined, undefined, id]);
  });

  it("refuses invalid rules", () => {
    expect(() => sim.faults.add({ times: 0 })).to.throw(RangeError);
    expect(() => sim.faults.add({ status: 42 })).to.throw(RangeError);
    expect(() => sim.faults.add({ skip: -1 })).to.throw(RangeError);
  });
});
