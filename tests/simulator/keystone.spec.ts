import { expect } from "chai";
import { ManualClock, type Simulator, startSimulator } from "../../simulator";
import { call, login, passwordAuth, TrilioClient } from "./helpers";

interface TokenJson {
  token: {
    methods: string[];
    user: { id: string; name: string; domain: { id: string; name: string } };
    project: { id: string; name: string; domain: { id: string; name: string } };
    roles: { id: string; name: string }[];
    catalog: {
      type: string;
      name: string;
      id: string;
      endpoints: { id: string; interface: string; region: string; region_id: string; url: string }[];
    }[];
    expires_at: string;
    issued_at: string;
    audit_ids: string[];
  };
}

interface ErrorJson {
  error: { code: number; message: string; title: string };
}

describe("simulator: Keystone v3", () => {
  let clock: ManualClock;
  let sim: Simulator;
  const tokens = () => `${sim.authUrl}/auth/tokens`;
  const post = (body: unknown) => call<TokenJson & ErrorJson>(tokens(), { method: "POST", body });

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 22, 10, 0, 0));
    sim = await startSimulator({ clock, keystone: { tokenTtlSeconds: 600 } });
  });
  afterEach(() => sim.close());

  it("serves the version document and the versions list", async () => {
    const version = await call<{ version: { id: string; status: string; links: { href: string }[] } }>(
      sim.authUrl,
    );
    expect(version.status).to.equal(200);
    expect(version.body.version.id).to.equal("v3.14");
    expect(version.body.version.status).to.equal("stable");
    expect(version.body.version.links[0]?.href).to.equal(`${sim.authUrl}/`);
    const versions = await call<{ versions: { values: { id: string }[] } }>(`${sim.url}/identity`);
    expect(versions.status).to.equal(300);
    expect(versions.body.versions.values.map((value) => value.id)).to.deep.equal(["v3.14"]);
  });

  it("issues a project-scoped token for the password method (user and project by name)", async () => {
    const response = await post(passwordAuth(sim));
    expect(response.status).to.equal(201);
    expect(response.headers.get("x-subject-token")).to.match(/^gAAAAA[\w-]{100,}$/);
    expect(response.headers.get("x-openstack-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    const { token } = response.body;
    expect(token.methods).to.deep.equal(["password"]);
    expect(token.user).to.deep.include({ id: sim.credentials.userId, name: sim.credentials.username });
    expect(token.user.domain).to.deep.equal({ id: "default", name: "Default" });
    expect(token.project).to.deep.include({
      id: sim.credentials.projectId,
      name: sim.credentials.projectName,
    });
    expect(token.project.id).to.match(/^[0-9a-f]{32}$/);
    expect(token.roles.map((role) => role.name)).to.include("member");
    expect(token.issued_at).to.equal("2026-11-22T10:00:00.000000Z");
    expect(token.expires_at).to.equal("2026-11-22T10:10:00.000000Z");
    expect(token.audit_ids).to.have.length(1);
    expect(sim.keystone.tokenRequests).to.equal(1);
  });

  it("accepts the user by id, the project by id, and no scope (the default project)", async () => {
    const byId = await post({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { id: sim.credentials.userId, password: sim.credentials.password } },
        },
        scope: { project: { id: sim.credentials.projectId } },
      },
    });
    expect(byId.status).to.equal(201);
    const unscoped = await post({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { id: sim.credentials.userId, password: sim.credentials.password } },
        },
      },
    });
    expect(unscoped.status).to.equal(201);
    expect(unscoped.body.token.project.id).to.equal(sim.credentials.projectId);
  });

  it("lists identity and workloads in the catalog, each with public, internal and admin endpoints", async () => {
    const { token } = (await post(passwordAuth(sim))).body;
    const byType = new Map(token.catalog.map((entry) => [entry.type, entry]));
    const workloads = byType.get("workloads");
    expect(workloads?.name).to.equal("TrilioVaultWLM");
    expect(byType.get("identity")?.endpoints.every((e) => e.url === sim.authUrl)).to.equal(true);
    for (const entry of token.catalog) {
      expect(entry.endpoints.map((e) => e.interface).sort()).to.deep.equal(["admin", "internal", "public"]);
      for (const endpoint of entry.endpoints) {
        expect(endpoint.id).to.match(/^[0-9a-f]{32}$/);
        expect(endpoint.region).to.equal("RegionOne");
        expect(endpoint.region_id).to.equal("RegionOne");
      }
    }
    const url = workloads?.endpoints.find((e) => e.interface === "public")?.url;
    expect(url).to.equal(`${sim.url}/trilio/v1/${sim.credentials.projectId}`);
    // the project id is the URL's last segment, as clients parse it
    expect(url?.split("/").pop()).to.match(/^[0-9a-f]{32}$/);
  });

  it("authenticates an application credential by id, or by name and user, implicitly scoped", async () => {
    const { credentials } = sim;
    const byId = await post({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: {
            id: credentials.applicationCredentialId,
            secret: credentials.applicationCredentialSecret,
          },
        },
      },
    });
    expect(byId.status).to.equal(201);
    expect(byId.body.token.methods).to.deep.equal(["application_credential"]);
    expect(byId.body.token.project.id).to.equal(credentials.projectId);
    const byName = await post({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: {
            name: credentials.applicationCredentialName,
            user: { name: credentials.username, domain: { name: credentials.userDomainName } },
            secret: credentials.applicationCredentialSecret,
          },
        },
      },
    });
    expect(byName.status).to.equal(201);
  });

  it("refuses an application credential with an explicit scope, or a wrong secret", async () => {
    const { credentials } = sim;
    const identity = {
      methods: ["application_credential"],
      application_credential: {
        id: credentials.applicationCredentialId,
        secret: credentials.applicationCredentialSecret,
      },
    };
    const scoped = await post({ auth: { identity, scope: { project: { id: credentials.projectId } } } });
    expect(scoped.status).to.equal(401);
    expect(scoped.body.error.message).to.contain("Application credentials cannot request a scope");
    const wrong = await post({
      auth: {
        identity: {
          ...identity,
          application_credential: { id: credentials.applicationCredentialId, secret: "x" },
        },
      },
    });
    expect(wrong.status).to.equal(401);
    expect(sim.keystone.tokenRequests).to.equal(0);
  });

  it("rescopes with the token method, keeping the original expiry", async () => {
    const first = await login(sim);
    clock.advance(60_000);
    const response = await post({
      auth: {
        identity: { methods: ["token"], token: { id: first } },
        scope: { project: { id: sim.credentials.projectId } },
      },
    });
    expect(response.status).to.equal(201);
    expect(response.body.token.methods).to.deep.equal(["token"]);
    expect(response.body.token.expires_at).to.equal("2026-11-22T10:10:00.000000Z");
    expect(response.headers.get("x-subject-token")).to.not.equal(first);
    const unknown = await post({ auth: { identity: { methods: ["token"], token: { id: "nope" } } } });
    expect(unknown.status).to.equal(401);
  });

  it("answers 401 with Keystone's error body for a wrong password", async () => {
    const response = await post(passwordAuth(sim, "wrong"));
    expect(response.status).to.equal(401);
    expect(response.body).to.deep.equal({
      error: {
        code: 401,
        message: "The request you have made requires authentication.",
        title: "Unauthorized",
      },
    });
    expect(response.headers.get("x-subject-token")).to.equal(null);
  });

  it("answers 400 for a malformed body", async () => {
    for (const body of ["{not json", { auth: {} }, { auth: { identity: { methods: "password" } } }, []]) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error.code).to.equal(400);
    }
  });

  it("expires tokens after their lifetime on the clock; services then answer 401", async () => {
    const token = await login(sim);
    const trilio = new TrilioClient(sim, token);
    expect((await trilio.get("/workloads")).status).to.equal(200);
    clock.advance(599_000);
    expect(sim.keystone.isValid(token)).to.equal(true);
    clock.advance(1_000);
    expect(sim.keystone.isValid(token)).to.equal(false);
    const expired = await trilio.get("/workloads");
    expect(expired.status).to.equal(401);
    const reused = await post({ auth: { identity: { methods: ["token"], token: { id: token } } } });
    expect(reused.status).to.equal(401);
  });

  it("expires every token on demand and revokes single tokens", async () => {
    const first = await login(sim);
    const second = await login(sim);
    expect(sim.keystone.tokenRequests).to.equal(2);
    expect(sim.keystone.revoke(first)).to.equal(true);
    expect(sim.keystone.isValid(first)).to.equal(false);
    expect(sim.keystone.isValid(second)).to.equal(true);
    sim.keystone.expireAllTokens();
    expect(sim.keystone.isValid(second)).to.equal(false);
    const fresh = await login(sim);
    expect(sim.keystone.isValid(fresh)).to.equal(true);
  });

  it("answers 405 for a wrong method and 404 for an unknown path", async () => {
    const wrongMethod = await call<ErrorJson>(tokens(), { method: "PUT" });
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.get("allow")).to.equal("POST");
    expect(wrongMethod.body.error.code).to.equal(405);
    const unknown = await call<ErrorJson>(`${sim.authUrl}/users`);
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.title).to.equal("Not Found");
  });
});
