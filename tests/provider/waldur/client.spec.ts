// The Waldur client and session over HTTP against the simulator: pagination, logins and their renewal.
import { expect } from "chai";
import { WaldurClient } from "../../../provider/waldur/client";
import { requireWaldurConnection, resolveWaldurConnection } from "../../../provider/waldur/connection";
import { ProviderError } from "../../../provider/core/errors";
import { withEnvironment } from "../../helpers/environment";
import { startSimulator, WALDUR_SEED, type Simulator } from "../../../simulator";

describe("WaldurClient", () => {
  let sim: Simulator;
  beforeEach(async () => (sim = await startSimulator()));
  afterEach(async () => sim.close());

  it("follows the Link header across pages of a list", async () => {
    for (let i = 0; i < 650; i++) {
      sim.waldur.addSnapshot({ sourceVolume: WALDUR_SEED.scratchVolumeUuid, name: `bulk-${i}` });
    }
    const client = new WaldurClient(
      requireWaldurConnection({ apiUrl: sim.waldur.apiUrl, token: sim.waldur.token }),
    );
    const snapshots = await client.listSnapshots({ source_volume_uuid: WALDUR_SEED.scratchVolumeUuid });
    expect(snapshots).to.have.length(650);
    expect(new Set(snapshots.map((s) => s.uuid)).size).to.equal(650);
    const pages = sim.requests.filter(
      (r) => r.service === "waldur" && r.path.endsWith("/openstack-snapshots/"),
    );
    expect(pages.map((r) => r.query.page ?? "1")).to.deep.equal(["1", "2", "3"]);
  });

  it("fails at once on a refused fixed token, naming where it was given: the same token would be refused again", async () => {
    const client = new WaldurClient(
      requireWaldurConnection({ apiUrl: sim.waldur.apiUrl, token: "not-a-token" }),
    );
    const failed = await client
      .getSnapshot(WALDUR_SEED.scheduleSnapshotUuids[0])
      .catch((error: Error) => error);
    expect(failed).to.be.instanceOf(Error);
    expect((failed as Error).message).to.match(/401/);
    expect((failed as Error).message).to.contain(
      "Waldur refused the token from the resource's `connection.token`: it is not valid (or no longer is)",
    );
    expect(sim.requests.filter((r) => r.service === "waldur")).to.have.length(1);
  });

  it("exchanges a username and password for a token, once, and again when Waldur says it expired", async () => {
    const connection = requireWaldurConnection({
      apiUrl: `${sim.waldur.apiUrl}`,
      username: sim.waldur.credentials.username,
      password: sim.waldur.credentials.password,
    });
    const client = new WaldurClient(connection);
    await Promise.all([
      client.getSnapshot(WALDUR_SEED.scheduleSnapshotUuids[0]),
      client.getVolume(WALDUR_SEED.scratchVolumeUuid),
    ]);
    expect(sim.waldur.tokenRequests).to.equal(1);
    sim.waldur.expireTokens();
    expect(await client.getSnapshot(WALDUR_SEED.scheduleSnapshotUuids[0])).to.not.equal(undefined);
    expect(sim.waldur.tokenRequests).to.equal(2);
  });

  it("gives up on a login Waldur never answers within authTimeout, naming Waldur, the URL and the setting", async function () {
    this.timeout(20_000);
    await withEnvironment({ DATAPROTECTION_AUTH_TIMEOUT: "3s" }, async () => {
      sim.faults.add({
        service: "waldur",
        path: /\/api-auth\/password\/$/,
        delayMs: 60_000,
        times: Infinity,
      });
      const client = new WaldurClient(
        requireWaldurConnection({
          apiUrl: sim.waldur.apiUrl,
          username: sim.waldur.credentials.username,
          password: sim.waldur.credentials.password,
        }),
      );
      const started = Date.now();
      const error = await client.getSnapshot(WALDUR_SEED.scheduleSnapshotUuids[0]).catch((e: unknown) => e);
      expect(Date.now() - started).to.be.below(3_000 + 1_500);
      expect(ProviderError.isInstance(error) && error.connectionFault).to.equal(true);
      expect((error as Error).message).to.match(
        /^Waldur login failed: Waldur POST http:\/\/127\.0\.0\.1:\d+\/\S*api-auth\/password\/: no answer within 1 s \([23] attempts in [0-9.]+ s.*Logins are given 3 s in all: if Waldur is only slow, raise dataprotection:authTimeout/,
      );
      expect((error as Error).message).to.not.contain(sim.waldur.credentials.password);
    });
  });

  it("sends every path with its trailing slash, so Waldur never redirects", async () => {
    const client = new WaldurClient(
      requireWaldurConnection({ apiUrl: `${sim.waldur.apiUrl}/`, token: sim.waldur.token }),
    );
    await client.getSnapshot(WALDUR_SEED.scheduleSnapshotUuids[0]);
    await client.listRestorations(WALDUR_SEED.scheduleSnapshotUuids[0]);
    const waldur = sim.requests.filter((r) => r.service === "waldur");
    expect(waldur.every((r) => r.path.endsWith("/") && r.status !== 301)).to.equal(true);
  });

  it("treats another project's snapshot, which Waldur answers 404, as not there", async () => {
    const client = new WaldurClient(
      requireWaldurConnection({ apiUrl: sim.waldur.apiUrl, token: sim.waldur.token }),
    );
    expect(await client.getSnapshot(WALDUR_SEED.otherSnapshotUuid)).to.equal(undefined);
  });
});

describe("resolveWaldurConnection", () => {
  it("reads WALDUR_* variables and says what to set when they are missing", () => {
    const resolved = resolveWaldurConnection(undefined, {
      WALDUR_API_URL: "https://w.example/api/",
      WALDUR_TOKEN: "t0k3n",
    });
    expect(resolved.ok && resolved.connection).to.deep.include({
      apiUrl: "https://w.example/api",
      passwordUrl: "https://w.example/api-auth/password/",
      auth: { token: "t0k3n", source: "WALDUR_TOKEN" },
    });
    const missing = resolveWaldurConnection(undefined, {});
    expect(missing.ok).to.equal(false);
    expect((missing as { problems: string[] }).problems.join("\n")).to.match(
      /WALDUR_API_URL[\s\S]*WALDUR_TOKEN/,
    );
  });
});
