import { expect } from "chai";
import { KEYSTONE_SEED, KeystoneSim, ManualClock, type Simulator, startSimulator } from "../../simulator";
import { call, login, passwordAuth } from "./helpers";
import { powervcAuth } from "./powervc-client";

interface CatalogJson {
  type: string;
  name: string;
  id: string;
  endpoints: { id: string; interface: string; region: string; region_id: string; url: string }[];
}

interface TokenJson {
  token: { project: { id: string; name: string }; catalog: CatalogJson[] };
}

describe("simulator: Keystone per-project catalogs", () => {
  let sim: Simulator;
  const issue = async (body: unknown) => {
    const response = await call<TokenJson>(`${sim.authUrl}/auth/tokens`, { method: "POST", body });
    expect(response.status, response.text).to.equal(201);
    return response.body.token;
  };
  const types = (catalog: CatalogJson[]) => catalog.map((entry) => entry.type);
  const urls = (entry: CatalogJson | undefined) => entry?.endpoints.map((endpoint) => endpoint.url);

  before(async () => {
    sim = await startSimulator({ clock: new ManualClock() });
  });
  after(() => sim.close());

  it("keeps identity, workloads, Cinder (volumev3, block-storage) and Nova (compute), and only those, in the default project's catalog", async () => {
    const token = await issue(passwordAuth(sim));
    const projectId = sim.credentials.projectId;
    expect(token.project.id).to.equal(projectId);
    expect(types(token.catalog)).to.deep.equal([
      "identity",
      "workloads",
      "volumev3",
      "block-storage",
      "compute",
    ]);
    const cinder = `${sim.url}/cinder/v3/${projectId}`;
    for (const entry of token.catalog.slice(2, 4))
      expect(urls(entry)).to.deep.equal([cinder, cinder, cinder]);
    const nova = token.catalog[4];
    expect(nova?.name).to.equal("nova");
    expect(urls(nova)).to.deep.equal(Array(3).fill(`${sim.url}/compute/v2.1/${projectId}`));
  });

  it("gives project powervc identity, compute and volumev3 on PowerVC's paths, every interface in RegionOne", async () => {
    const token = await issue(powervcAuth(sim));
    const projectId = KEYSTONE_SEED.powervcProject.id;
    expect(token.project).to.deep.include({ id: projectId, name: "powervc" });
    expect(projectId).to.match(/^[0-9a-f]{32}$/);
    expect(types(token.catalog)).to.deep.equal(["identity", "compute", "volumev3"]);
    const [identity, compute, volume] = token.catalog;
    expect(urls(identity)).to.deep.equal([sim.authUrl, sim.authUrl, sim.authUrl]);
    expect(urls(compute)).to.deep.equal(Array(3).fill(`${sim.url}/powervc/compute/v2.1/${projectId}`));
    expect(urls(volume)).to.deep.equal(Array(3).fill(`${sim.url}/powervc/volume/v3/${projectId}`));
    for (const entry of token.catalog) {
      expect(entry.endpoints.map((endpoint) => endpoint.interface)).to.deep.equal([
        "public",
        "internal",
        "admin",
      ]);
      expect(entry.endpoints.every((e) => e.region === "RegionOne" && e.region_id === "RegionOne")).to.equal(
        true,
      );
    }
    // the identity service is the same in both catalogs; the others are PowerVC's own
    const other = await issue(passwordAuth(sim));
    expect(other.catalog[0]).to.deep.equal(identity);
    const ids = [...other.catalog, ...token.catalog].flatMap((entry) => entry.endpoints.map((e) => e.id));
    expect(new Set(ids).size).to.equal(ids.length - 3);
  });

  it("scopes to powervc by id, and rescopes a default token to powervc with powervc's catalog", async () => {
    const byId = await issue({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { id: sim.credentials.userId, password: sim.credentials.password } },
        },
        scope: { project: { id: KEYSTONE_SEED.powervcProject.id } },
      },
    });
    expect(types(byId.catalog)).to.deep.equal(["identity", "compute", "volumev3"]);
    const rescoped = await issue({
      auth: {
        identity: { methods: ["token"], token: { id: await login(sim) } },
        scope: { project: { name: "powervc", domain: { id: "default" } } },
      },
    });
    expect(rescoped.project.name).to.equal("powervc");
    expect(types(rescoped.catalog)).to.deep.equal(["identity", "compute", "volumev3"]);
  });

  it("builds the connection input per project (default unless told), and keeps openrc on the default project", () => {
    const standard = sim.connection();
    expect(standard).to.deep.equal(sim.connection("default"));
    expect(standard.projectName).to.equal("demo");
    const powervc = sim.connection("powervc");
    expect(powervc).to.deep.equal({ ...standard, projectName: "powervc" });
    expect(sim.openrc().OS_PROJECT_NAME).to.equal("demo");
  });

  it("gives a project without a catalog entry an empty catalog", () => {
    const keystone = new KeystoneSim(new ManualClock(), "http://simulator.invalid", {});
    const issued = keystone.issueToken(passwordAuth(sim)).body as TokenJson;
    expect(issued.token.catalog).to.deep.equal([]);
  });
});
