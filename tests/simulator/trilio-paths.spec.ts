import { expect } from "chai";
import { type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { call, type FaultJson, login } from "./helpers";

describe("simulator: Trilio paths without the project id", () => {
  let sim: Simulator;
  let token: string;
  const get = (path: string, headers: Record<string, string> = { "X-Auth-Token": token }) =>
    call<FaultJson>(`${sim.url}${path}`, { headers });
  const notFound = { itemNotFound: { code: 404, message: "The resource could not be found." } };

  before(async () => {
    sim = await startSimulator();
    token = await login(sim);
  });
  after(() => sim.close());

  it("answers 404 itemNotFound when /v1 is followed by a resource instead of a project id", async () => {
    const snapshot = TRILIO_SEED.webSnapshotId;
    for (const path of [
      `/trilio/v1/snapshots/${snapshot}`,
      "/trilio/v1/snapshots/detail",
      "/trilio/v1/workloads",
      `/trilio/v1/workloads/${TRILIO_SEED.webWorkloadId}`,
      "/trilio/v1/restores/detail",
    ]) {
      const response = await get(path);
      expect(response.status, path).to.equal(404);
      expect(response.body, path).to.deep.equal(notFound);
      expect(response.headers.get("x-compute-request-id"), path).to.match(/^req-/);
    }
    const post = await call<FaultJson>(`${sim.url}/trilio/v1/snapshots/${snapshot}`, {
      method: "POST",
      headers: { "X-Auth-Token": token },
      body: { restore: { options: { type: "openstack", openstack: {}, restore_type: "oneclick" } } },
    });
    expect(post.status).to.equal(404);
    expect(sim.trilio.restoreStarts).to.equal(0);
  });

  it("answers 404 without /v1 and the project id too", async () => {
    for (const path of [`/trilio/snapshots/${TRILIO_SEED.webSnapshotId}`, "/trilio/workloads"]) {
      const response = await get(path);
      expect(response.status, path).to.equal(404);
      expect(response.body, path).to.deep.equal(notFound);
    }
  });

  it("checks the token first (401), as keystonemiddleware does, and the URL's project only on a known path (403)", async () => {
    const unauthenticated = await get(`/trilio/v1/snapshots/${TRILIO_SEED.webSnapshotId}`, {});
    expect(unauthenticated.status).to.equal(401);
    expect(unauthenticated.body.unauthorized?.code).to.equal(401);
    const otherProject = await get("/trilio/v1/0123456789abcdef0123456789abcdef/workloads");
    expect(otherProject.status).to.equal(403);
    const ok = await get(`/trilio/v1/${sim.credentials.projectId}/snapshots/${TRILIO_SEED.webSnapshotId}`);
    expect(ok.status).to.equal(200);
  });
});
