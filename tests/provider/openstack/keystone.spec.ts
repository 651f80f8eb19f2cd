// Keystone sessions and authenticated service requests, over HTTP against the simulator's Keystone.
import { expect } from "chai";
import { useClock } from "../../../provider/core/clock";
import { ProviderError } from "../../../provider/core/errors";
import { endpointFor, KeystoneSession } from "../../../provider/openstack/keystone";
import {
  requireOpenStackConnection,
  type OpenStackConnectionInput,
} from "../../../provider/openstack/connection";
import { openStackServiceClient } from "../../../provider/openstack/service-client";
import { ManualClock, startSimulator, type Simulator } from "../../../simulator";
import { closedPort } from "../../helpers/closed-port";

describe("KeystoneSession", () => {
  let sim: Simulator;
  let clock: ManualClock;
  let restoreClock: () => void;

  beforeEach(async () => {
    clock = new ManualClock();
    // A fresh simulator per test: a new port means new credentials, so a new process-wide session.
    sim = await startSimulator({ clock, keystone: { tokenTtlSeconds: 3600 } });
    restoreClock = useClock({ now: () => clock.now(), sleep: async (ms) => clock.advance(ms) });
  });
  afterEach(async () => {
    restoreClock();
    await sim.close();
  });

  const connect = (extra: OpenStackConnectionInput = {}) =>
    requireOpenStackConnection({ ...(sim.connection() as OpenStackConnectionInput), ...extra });
  const trilio = (connection = connect()) =>
    openStackServiceClient(connection, { serviceType: "workloads", serviceName: "TrilioVault" });

  it("shares one token request among concurrent callers and reuses the token", async () => {
    const session = KeystoneSession.for(connect());
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.token()));
    expect(new Set(tokens.map((t) => t.id)).size).to.equal(1);
    await session.token();
    expect(sim.keystone.tokenRequests).to.equal(1);
    expect(KeystoneSession.for(connect())).to.equal(session);
  });

  it("renews a token shortly before it expires, not before", async () => {
    const session = KeystoneSession.for(connect());
    const first = await session.token();
    clock.advance(50 * 60_000);
    expect((await session.token()).id).to.equal(first.id);
    clock.advance(6 * 60_000); // four minutes left: within the five-minute margin
    expect((await session.token()).id).to.not.equal(first.id);
    expect(sim.keystone.tokenRequests).to.equal(2);
  });

  it("renews once when a service answers 401, then succeeds", async () => {
    const client = trilio();
    await client.send({ method: "GET", path: "/workloads" });
    sim.keystone.expireAllTokens();
    const response = await client.send({ method: "GET", path: "/workloads" });
    expect(response.status).to.equal(200);
    expect(sim.keystone.tokenRequests).to.equal(2);
  });

  it("gives up after one renewal when the service keeps answering 401", async () => {
    sim.faults.add({ service: "trilio", status: 401, times: 2 });
    const error = await trilio()
      .send({ method: "GET", path: "/workloads" })
      .catch((e: unknown) => e);
    expect(ProviderError.isInstance(error) && error.status).to.equal(401);
    expect(sim.requests.filter((r) => r.service === "trilio")).to.have.length(2);
  });

  it("logs in with an application credential, which carries its own project", async () => {
    const { applicationCredentialId, applicationCredentialSecret } = sim.credentials;
    const connection = requireOpenStackConnection({
      authUrl: sim.authUrl,
      applicationCredentialId,
      applicationCredentialSecret,
    });
    expect(connection.scope).to.equal(undefined);
    const response = await trilio(connection).send({ method: "GET", path: "/workloads" });
    expect(response.status).to.equal(200);
  });

  it("rescopes a given token, and uses an explicit endpoint without the catalog", async () => {
    const token = (await KeystoneSession.for(connect()).token()).id;
    const byToken = requireOpenStackConnection({
      authUrl: sim.authUrl,
      token,
      projectName: sim.credentials.projectName,
      projectDomainName: sim.credentials.projectDomainName,
    });
    expect((await trilio(byToken).send({ method: "GET", path: "/workloads" })).status).to.equal(200);
    const catalogued = `${sim.url}/trilio/v1/${sim.credentials.projectId}`;
    expect(await endpointFor(connect(), "workloads")).to.equal(catalogued);
    const elsewhere = `${sim.url}/elsewhere/v1/${sim.credentials.projectId}`;
    expect(
      await endpointFor(connect({ endpointOverrides: { workloads: `${elsewhere}/` } }), "workloads"),
    ).to.equal(elsewhere);
  });

  it("says which services and endpoints the catalog has when one is missing", async () => {
    const missing = await endpointFor(connect(), "object-store").catch((e: Error) => e.message);
    expect(missing).to.match(/the Keystone catalog has no "object-store" service \(it has: .*workloads.*\)/);
    const elsewhere = await endpointFor(connect({ region: "Mars" }), "workloads").catch(
      (e: Error) => e.message,
    );
    expect(elsewhere).to.match(/no public endpoint in region Mars \(it has: public\/RegionOne/);
  });

  it("reports a wrong password naming the user Keystone refused, its message and request id, never the password", async () => {
    const error = (await KeystoneSession.for(connect({ password: "wrong-password-1" }))
      .token()
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.status).to.equal(401);
    expect(error.message).to.match(
      /^Keystone refused user \S+ in domain \S+ \("The request you have made requires/,
    );
    expect(error.message).to.match(/\(HTTP 401, request req-[0-9a-f-]+\)$/);
    expect(error.message).to.not.contain("wrong-password-1");
  });

  /** The error of a first token request on `connection`, with its message. */
  const tokenError = async (connection = connect()) =>
    (await KeystoneSession.for(connection)
      .token()
      .catch((e: unknown) => e)) as ProviderError;

  it("says an auth URL that answers 404 is not Keystone v3, and what to set, never that something is missing", async () => {
    const wrong = `${sim.url}/keystone/v3`;
    const error = await tokenError(connect({ authUrl: wrong }));
    expect(error.connectionFault).to.equal(true);
    expect(error.message).to.equal(
      `${wrong} is not a Keystone v3 endpoint: ${wrong}/auth/tokens answered 404 ("No simulated service is ` +
        `mounted at this path."). Set the connection's authUrl (or OS_AUTH_URL) to Keystone's v3 endpoint, ending ` +
        `in /v3 (HTTP 404, request ${error.requestId})`,
    );
  });

  it("reports Keystone's own failure with its message and request id, naming its URL", async () => {
    sim.faults.add({ service: "keystone", path: "/identity/v3/auth/tokens", status: 500 });
    const error = await tokenError();
    expect(error.connectionFault).to.equal(true);
    expect(error.requestId).to.match(/^req-[0-9a-f-]+$/);
    expect(error.message).to.equal(
      `Keystone at ${sim.authUrl}/auth/tokens failed to issue a token ("Internal Server Error (simulated ` +
        `fault)"): the fault is Keystone's own (its logs have more under the request id) (HTTP 500, request ` +
        `${error.requestId})`,
    );
  });

  it("points at the connection's settings when Keystone refuses the request itself (400)", async () => {
    const message = "Expecting to find domain in user. The server could not comply with the request.";
    const body = { error: { code: 400, title: "Bad Request", message } };
    sim.faults.add({ service: "keystone", path: "/identity/v3/auth/tokens", status: 400, body });
    const error = await tokenError();
    expect(error.connectionFault).to.equal(true);
    expect(error.message).to.equal(
      `Keystone at ${sim.authUrl}/auth/tokens failed to issue a token ("${message}"): check the connection's ` +
        `settings (or the OS_* variables) (HTTP 400, request ${error.requestId})`,
    );
  });

  it("says how many times over how long an unreachable Keystone was tried, what to check, and the setting", async () => {
    const closed = `http://127.0.0.1:${await closedPort()}/v3`;
    const error = await tokenError(connect({ authUrl: closed }));
    expect(error.unreachable).to.equal(true);
    expect(error.message.replace(/in [0-9.]+ s\)/, "in … s)")).to.equal(
      `Keystone POST ${closed}/auth/tokens: connection refused (ECONNREFUSED) (6 attempts in … s). Check that ` +
        `Keystone is reachable from here at the connection's authUrl (or OS_AUTH_URL), ${closed}, and that it is ` +
        "Keystone's v3 endpoint, ending in /v3. Token requests are given 90 s in all: if Keystone is only slow, " +
        "raise dataprotection:authTimeout (or DATAPROTECTION_AUTH_TIMEOUT)",
    );
  });
});
