import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { call } from "./helpers";
import { type DrfErrorJson, WaldurClient, useWaldurSimulator } from "./waldur-client";

describe("simulator: Waldur tokens and routing", () => {
  const hour = 3600 * 1000;
  const t = useWaldurSimulator();
  const login = (body: unknown) =>
    call<{ token?: string } & DrfErrorJson>(t.sim.waldur.passwordUrl, { method: "POST", body });

  it("serves the API root and the token endpoint under /waldur, recorded as service waldur", async () => {
    expect(t.sim.waldurEnv()).to.deep.equal({
      WALDUR_API_URL: `${t.sim.url}/waldur/api/`,
      WALDUR_TOKEN: WALDUR_SEED.token,
    });
    expect(t.sim.waldur.passwordUrl).to.equal(`${t.sim.url}/waldur/api-auth/password/`);
    expect(t.sim.waldur.credentials).to.deep.equal({ username: "alice", password: "alice-password" });
    const root = await t.waldur.get<Record<string, string>>("");
    expect(root.status).to.equal(200);
    expect(root.body["openstack-snapshots"]).to.equal(`${t.sim.url}/waldur/api/openstack-snapshots/`);
    expect(t.sim.requests.at(-1)).to.include({ service: "waldur", path: "/waldur/api/", status: 200 });
  });

  it("takes fault rules by service name, answering with DRF's error body", async () => {
    t.sim.faults.add({ service: "waldur", method: "GET", status: 503, retryAfter: 3 });
    const faulted = await t.waldur.get<DrfErrorJson>("openstack-snapshots/");
    expect(faulted.status).to.equal(503);
    expect(faulted.body).to.deep.equal({ detail: "Service Unavailable (simulated fault)" });
    expect(faulted.headers.get("retry-after")).to.equal("3");
    expect((await t.waldur.get("openstack-snapshots/")).status).to.equal(200);
  });

  it("answers 401 with DRF's messages for a missing, malformed or unknown token", async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "Authentication credentials were not provided."],
      [{ Authorization: `Bearer ${WALDUR_SEED.token}` }, "Authentication credentials were not provided."],
      [{ Authorization: "Token" }, "Invalid token header. No credentials provided."],
      [{ Authorization: "Token a b" }, "Invalid token header. Token string should not contain spaces."],
      [{ Authorization: `Token ${"0".repeat(40)}` }, "Invalid token."],
    ];
    const anonymous = new WaldurClient(t.sim.waldur.apiUrl, undefined);
    for (const [headers, detail] of cases) {
      const response = await anonymous.request<DrfErrorJson>(
        "GET",
        "openstack-snapshots/",
        undefined,
        headers,
      );
      expect(response.status, detail).to.equal(401);
      expect(response.body).to.deep.equal({ detail });
      expect(response.headers.get("www-authenticate")).to.equal("Token");
    }
  });

  it("accepts the Token keyword in any case", async () => {
    const anonymous = new WaldurClient(t.sim.waldur.apiUrl, undefined);
    for (const keyword of ["Token", "token", "TOKEN"]) {
      const response = await anonymous.request("GET", "openstack-snapshots/", undefined, {
        Authorization: `${keyword} ${WALDUR_SEED.token}`,
      });
      expect(response.status, keyword).to.equal(200);
    }
  });

  it("expires a token after an idle hour; each use renews it", async () => {
    t.clock.advance(hour - 1);
    expect((await t.waldur.get("openstack-volumes/")).status).to.equal(200);
    t.clock.advance(hour);
    expect((await t.waldur.get("openstack-volumes/")).status).to.equal(200);
    t.clock.advance(hour + 1);
    const expired = await t.waldur.get<DrfErrorJson>("openstack-volumes/");
    expect(expired.status).to.equal(401);
    expect(expired.body).to.deep.equal({ detail: "Token has expired." });
    t.sim.waldur.setBehaviour({ tokenIdleTimeoutMs: 10 * hour });
    expect((await t.waldur.get("openstack-volumes/")).status).to.equal(200);
  });

  it("expires every token on request; reset makes them fresh again", async () => {
    t.sim.waldur.expireTokens();
    expect((await t.waldur.get<DrfErrorJson>("openstack-volumes/")).body.detail).to.equal(
      "Token has expired.",
    );
    t.sim.reset();
    expect((await t.waldur.get("openstack-volumes/")).status).to.equal(200);
  });

  it("exchanges a username and password for a new 40-hex token each time", async () => {
    const first = await login({ username: "alice", password: "alice-password" });
    const second = await login({ username: "alice", password: "alice-password" });
    expect(first.status).to.equal(200);
    expect(Object.keys(first.body)).to.deep.equal(["token"]);
    expect(first.body.token).to.match(/^[0-9a-f]{40}$/);
    expect(second.body.token).to.not.equal(first.body.token);
    expect(t.sim.waldur.tokenRequests).to.equal(2);
    t.waldur.token = first.body.token;
    expect((await t.waldur.get("openstack-snapshots/")).status).to.equal(200);
    const wrong = await login({ username: "alice", password: "nope" });
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.deep.equal({ detail: "Invalid username/password." });
    const missing = await login({ username: "alice" });
    expect(missing.status).to.equal(400);
    expect(missing.body).to.deep.equal({ password: ["This field is required."] });
    expect(t.sim.waldur.tokenRequests).to.equal(2);
  });

  it("redirects a path without its trailing slash (301, every method) without processing it", async () => {
    const get = await t.waldur.get("openstack-volumes");
    expect(get.status).to.equal(301);
    expect(get.headers.get("location")).to.equal("/waldur/api/openstack-volumes/");
    const query = await t.waldur.get("openstack-snapshots?name=db&page_size=2");
    expect(query.headers.get("location")).to.equal("/waldur/api/openstack-snapshots/?name=db&page_size=2");
    const post = await t.waldur.request(
      "POST",
      `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/snapshot`,
      {
        name: "lost",
      },
    );
    expect(post.status).to.equal(301);
    expect(post.headers.get("location")).to.equal(
      `/waldur/api/openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/snapshot/`,
    );
    expect(t.sim.waldur.snapshotCreates).to.equal(0);
    expect(t.sim.waldur.state.snapshots.map((snapshot) => snapshot.name)).to.not.include("lost");
    const token = await call(`${t.sim.url}/waldur/api-auth/password`, {
      method: "POST",
      body: { username: "alice", password: "alice-password" },
      redirect: "manual",
    });
    expect(token.status).to.equal(301);
    expect(t.sim.waldur.tokenRequests).to.equal(0);
  });

  it("answers 404 Not found for unknown paths, with or without the slash", async () => {
    for (const path of ["nothing/", "nothing", "openstack-snapshots/a/b/c/"]) {
      const response = await t.waldur.get<DrfErrorJson>(path);
      expect(response.status, path).to.equal(404);
      expect(response.body).to.deep.equal({ detail: "Not found." });
    }
  });

  it("answers 405: empty for creating or deleting a volume, DRF's message otherwise, after the token check", async () => {
    const disabled = [
      ["POST", "openstack-volumes/"],
      ["DELETE", `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/`],
    ];
    for (const [method = "", path = ""] of disabled) {
      const response = await t.waldur.request(method, path, method === "POST" ? { name: "x" } : undefined);
      expect(response.status, `${method} ${path}`).to.equal(405);
      expect(response.text).to.equal("");
    }
    const create = await t.waldur.request<DrfErrorJson>("POST", "openstack-snapshots/", { name: "x" });
    expect(create.status).to.equal(405);
    expect(create.text).to.equal('{"detail":"Method \\"POST\\" not allowed."}');
    expect(create.body).to.deep.equal({ detail: 'Method "POST" not allowed.' });
    expect(create.headers.get("allow")).to.equal("GET, POST");
    expect(t.sim.waldur.state.snapshots.map((snapshot) => snapshot.name)).to.not.include("x");
    const put = await t.waldur.request<DrfErrorJson>("PUT", "openstack-snapshots/", { name: "x" });
    expect(put.status).to.equal(405);
    expect(put.body).to.deep.equal({ detail: 'Method "PUT" not allowed.' });
    expect(put.headers.get("allow")).to.equal("GET, POST");
    const anonymous = new WaldurClient(t.sim.waldur.apiUrl, undefined);
    expect((await anonymous.request("PUT", "openstack-snapshots/")).status).to.equal(401);
    expect((await anonymous.request("POST", "openstack-snapshots/")).status).to.equal(401);
    expect((await call(t.sim.waldur.passwordUrl)).status).to.equal(405);
  });
});
