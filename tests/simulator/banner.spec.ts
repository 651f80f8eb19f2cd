// The `npm run simulator` banner: a user pastes its exports and opens its URLs, so every URL in it must answer,
// with the credentials the banner itself gives.
import { expect } from "chai";
import { startSimulator, type Simulator } from "../../simulator";
import { banner } from "../../simulator/main";
import { call } from "./helpers";

/** A Keystone token of the seeded user for `project` ("powervc" is PowerVC's own project). */
async function token(sim: Simulator, project: "default" | "powervc"): Promise<string> {
  const { userName, password, userDomainName, projectName, projectDomainName } = sim.connection(project);
  const answer = await call(`${sim.authUrl}/auth/tokens`, {
    method: "POST",
    body: {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: userName, domain: { name: userDomainName }, password } },
        },
        scope: { project: { name: projectName, domain: { name: projectDomainName } } },
      },
    },
  });
  const id = answer.headers.get("x-subject-token");
  if (id === null) throw new Error(`no token for ${project}: ${answer.status} ${answer.text}`);
  return id;
}

describe("simulator: the npm run simulator banner", () => {
  let sim: Simulator;
  before(async () => (sim = await startSimulator()));
  after(async () => await sim?.close());

  it("names only URLs that answer, with the credentials it prints", async () => {
    const text = banner(sim);
    const urls = [...new Set(text.match(/https?:\/\/[^\s,;()]+/g) ?? [])];
    expect(urls).to.include.members([sim.authUrl, `${sim.url}/__admin/`, sim.waldur.apiUrl]);
    expect(urls).to.have.length.greaterThanOrEqual(7);

    const headers = {
      openstack: { "X-Auth-Token": await token(sim, "default") },
      powervc: { "X-Auth-Token": await token(sim, "powervc") },
      waldur: { Authorization: `Token ${sim.waldurEnv().WALDUR_TOKEN}` },
    };
    for (const url of urls) {
      const service = url.includes("/powervc/")
        ? "powervc"
        : url.startsWith(sim.waldur.apiUrl)
          ? "waldur"
          : "openstack";
      const answer = await call(url, { headers: headers[service] });
      expect(answer.status, `${url}: ${answer.text}`).to.be.within(200, 299);
    }
  });

  it("lists the admin API's endpoints at /__admin/", async () => {
    const answer = await call<{ endpoints: { method: string; path: string; does: string }[] }>(
      `${sim.url}/__admin/`,
    );
    expect(answer.status).to.equal(200);
    const listed = answer.body.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(listed).to.include.members([
      "GET /__admin/",
      "GET /__admin/requests",
      "POST /__admin/faults",
      "POST /__admin/reset",
    ]);
    for (const endpoint of answer.body.endpoints) expect(endpoint.does, endpoint.path).to.match(/\w{3}/);
    const gets = answer.body.endpoints.filter(
      (endpoint) => endpoint.method === "GET" && !endpoint.path.includes(":"),
    );
    for (const { path } of gets) expect((await call(`${sim.url}${path}`)).status, path).to.equal(200);
  });
});
