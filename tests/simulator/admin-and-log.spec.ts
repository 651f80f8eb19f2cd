import { expect } from "chai";
import {
  ManualClock,
  type RecordedRequest,
  type Simulator,
  startSimulator,
  TRILIO_SEED,
} from "../../simulator";
import { call, type FaultJson, login, ONE_CLICK, TrilioClient } from "./helpers";

describe("simulator: admin API, request log and request ids", () => {
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;
  const admin = <T>(path: string, method = "GET", body?: unknown) =>
    call<T>(`${sim.url}/__admin${path}`, { method, body });

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock });
    trilio = new TrilioClient(sim, await login(sim));
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("records every request in arrival order with what a client sent and got", async () => {
    const seen: RecordedRequest[] = [];
    const unsubscribe = sim.onRequest((request) => seen.push(request));
    const answer = await trilio.startRestore(TRILIO_SEED.webSnapshotId, ONE_CLICK);
    await trilio.get(`/restores/detail?snapshot_id=${TRILIO_SEED.webSnapshotId}`);
    unsubscribe();
    await trilio.get("/workloads");
    expect(seen).to.have.length(2);
    const [post, list] = sim.requests;
    expect(post?.seq).to.be.lessThan(list?.seq ?? 0);
    expect(post).to.include({ service: "trilio", method: "POST", status: 202, time: clock.now() });
    expect(post?.path).to.equal(
      `/trilio/v1/${sim.credentials.projectId}/snapshots/${TRILIO_SEED.webSnapshotId}`,
    );
    expect(post?.headers["x-auth-token"]).to.equal(trilio.token);
    expect(post?.headers["content-type"]).to.equal("application/json");
    expect(post?.body).to.deep.equal({
      restore: { name: "test restore", description: "from a test", options: ONE_CLICK },
    });
    expect(post?.requestId).to.equal(answer.headers.get("x-compute-request-id"));
    expect(post?.durationMs).to.be.a("number");
    expect(list?.query).to.deep.equal({ snapshot_id: TRILIO_SEED.webSnapshotId });
    expect(list?.url).to.equal(`${list?.path}?snapshot_id=${TRILIO_SEED.webSnapshotId}`);
    expect(list?.body).to.equal(undefined);
    expect(sim.requests).to.have.length(3);
  });

  it("gives each response a distinct request id under the service's header", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const response = await trilio.get("/workloads");
      ids.add(response.headers.get("x-compute-request-id") ?? "");
    }
    expect(ids.size).to.equal(3);
    const keystone = await call(sim.authUrl);
    expect(keystone.headers.get("x-openstack-request-id")).to.match(
      /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("serves and clears the request log, recording admin calls as service admin", async () => {
    await trilio.get("/workloads");
    const log = await admin<{ requests: RecordedRequest[] }>("/requests");
    expect(log.body.requests.map((request) => request.service)).to.deep.equal(["trilio"]);
    const filtered = await admin<{ requests: RecordedRequest[] }>("/requests?service=admin");
    expect(filtered.body.requests.map((request) => request.path)).to.deep.equal(["/__admin/requests"]);
    expect((await admin("/requests", "DELETE")).status).to.equal(200);
    // the clearing call itself is the first request of the new log
    expect(sim.requests.map((request) => `${request.method} ${request.path}`)).to.deep.equal([
      "DELETE /__admin/requests",
    ]);
  });

  it("adds, lists and clears fault rules, with regex paths and Infinity", async () => {
    const added = await admin<{ id: string }>("/faults", "POST", {
      service: "trilio",
      path: { regex: "/workloads$" },
      status: 429,
      retryAfter: 2,
      times: "Infinity",
    });
    expect(added.status).to.equal(201);
    const faulted = await trilio.get<FaultJson>("/workloads");
    expect(faulted.status).to.equal(429);
    expect(faulted.body.overLimit?.code).to.equal(429);
    expect(faulted.headers.get("retry-after")).to.equal("2");
    const listed = await admin<{ faults: { id: string; path: unknown; times: unknown }[] }>("/faults");
    expect(listed.body.faults).to.have.length(1);
    expect(listed.body.faults[0]).to.deep.include({
      id: added.body.id,
      path: { regex: new RegExp("/workloads$").source, flags: "" },
    });
    expect(listed.body.faults[0]?.times).to.equal("Infinity");
    expect((await admin("/faults", "DELETE")).status).to.equal(200);
    expect((await trilio.get("/workloads")).status).to.equal(200);
    const bad = await admin<{ error: { message: string } }>("/faults", "POST", { status: "503" });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.contain("status");
    expect((await admin("/faults", "POST", { stauts: 503 })).status).to.equal(400);
    expect((await admin("/faults", "POST", { query: { limit: 5 } })).status).to.equal(400);
    expect((await admin("/faults", "POST", { query: { limit: "5" }, status: 503 })).status).to.equal(201);
    expect((await trilio.get("/workloads?limit=5")).status).to.equal(503);
  });

  it("shows the Trilio state, sets the behaviour and seeds workloads", async () => {
    const behaviour = await admin<{ behaviour: { restoreDurationMs: number } }>("/trilio/behaviour", "POST", {
      restoreDurationMs: 500,
      outcomes: [{ status: "error", message: "nope" }],
    });
    expect(behaviour.body.behaviour.restoreDurationMs).to.equal(500);
    expect((await admin("/trilio/behaviour", "POST", { restoreDurationMs: -1 })).status).to.equal(400);
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    clock.advance(500);
    expect((await trilio.restore(started.id)).error_msg).to.equal("nope");
    const seeded = await admin<{ workloads: { workloadId: string; snapshotIds: string[] }[] }>(
      "/trilio/seed",
      "POST",
      {
        count: 3,
      },
    );
    expect(seeded.status).to.equal(201);
    expect(seeded.body.workloads).to.have.length(3);
    const one = await admin<{ workloadId: string }>("/trilio/workloads", "POST", {
      name: "extra",
      instances: ["x-1"],
    });
    expect(one.status).to.equal(201);
    const state = await admin<{
      trilio: { workloads: { name: string }[]; restores: unknown[]; restoreStarts: number };
    }>("/state");
    expect(state.body.trilio.workloads.map((workload) => workload.name)).to.deep.equal([
      "web",
      "db",
      "bench-001",
      "bench-002",
      "bench-003",
      "extra",
    ]);
    expect(state.body.trilio.restores).to.have.length(1);
    expect(state.body.trilio.restoreStarts).to.equal(1);
  });

  it("resets everything back to the seed, and expires tokens on request", async () => {
    sim.faults.add({ status: 500, path: "/nowhere" });
    await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    sim.trilio.addWorkload({ name: "gone-after-reset" });
    expect((await admin("/reset", "POST")).status).to.equal(200);
    expect(sim.faults.list()).to.deep.equal([]);
    expect(sim.trilio.state.restores).to.deep.equal([]);
    expect(sim.trilio.state.workloads.map((workload) => workload.name)).to.deep.equal(["web", "db"]);
    expect(sim.trilio.restoreStarts).to.equal(0);
    expect(sim.requests.map((request) => request.path)).to.deep.equal(["/__admin/reset"]);
    expect((await trilio.get("/workloads")).status).to.equal(200);
    expect((await admin("/keystone/expire-tokens", "POST")).status).to.equal(200);
    expect((await trilio.get("/workloads")).status).to.equal(401);
    trilio = new TrilioClient(sim, await login(sim));
  });

  it("answers 404 outside every service and 405 for a wrong admin method", async () => {
    const outside = await call<{ error: { code: number } }>(`${sim.url}/nothing-here`);
    expect(outside.status).to.equal(404);
    expect(sim.requests.at(-1)?.service).to.equal("unknown");
    expect((await admin("/reset")).status).to.equal(405);
  });
});
