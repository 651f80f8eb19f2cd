// A preview that cannot reach a service, or whose credentials are refused, says so of the `connection` input —
// not of the snapshot or volume it was about to look at, which are not the problem — and names the service and
// the URL it tried.
import { expect } from "chai";
import { providerFor, resourceTypes } from "../../provider";
import { useClock } from "../../provider/core/clock";
import { startSimulator, type Simulator } from "../../simulator";
import { baselines } from "../helpers/baselines";
import { closedPort } from "../helpers/closed-port";

/** The name each type's errors give the service it checks with first. */
const SERVICE_OF: Record<string, string> = {
  trilio: "TrilioVault",
  waldur: "Waldur",
  powervc: "PowerVC",
  cinder: "Cinder",
};

describe("a remote check that cannot reach its service, or is refused", function () {
  this.timeout(120_000);
  let sim: Simulator;
  before(async () => (sim = await startSimulator()));
  after(() => sim.close());

  /** The failures check reports for the type's valid program with `connection` patched. */
  async function failuresWith(type: string, patch: Record<string, unknown>) {
    const { inputs } = baselines(sim)[type];
    const connection = { ...(inputs.connection as Record<string, unknown>), ...patch };
    const result = await providerFor(type).check!({}, { ...inputs, connection });
    return result.failures ?? [];
  }

  for (const type of resourceTypes) {
    const waldur = type.startsWith("waldur.");
    it(`${type}: credentials refused are a failure of connection, naming who refused them`, async () => {
      const failures = await failuresWith(type, waldur ? { token: "not-a-token" } : { password: "wrong" });
      expect(failures.map((f) => f.property)).to.deep.equal(["connection"]);
      expect(failures[0].reason).to.match(
        waldur
          ? /Waldur refused the token/
          : /Keystone refused user \S+ in domain \S+ \("The request you have made requires authentication\."\).*HTTP 401/,
      );
    });
  }

  describe("with retries that do not wait", () => {
    let restoreClock: () => void;
    before(() => (restoreClock = useClock({ now: () => Date.now(), sleep: async () => undefined })));
    after(() => restoreClock());

    for (const type of resourceTypes) {
      const service = SERVICE_OF[type.split(".")[0]];
      it(`${type}: ${service} unreachable is a failure of connection, naming ${service} and its URL`, async () => {
        const closed = `http://127.0.0.1:${await closedPort()}`;
        const patch = type.startsWith("waldur.")
          ? { apiUrl: `${closed}/api/` }
          : {
              endpointOverrides: {
                workloads: `${closed}/trilio`,
                compute: `${closed}/compute`,
                volumev3: `${closed}/volume`,
              },
            };
        const failures = await failuresWith(type, patch);
        expect(failures.map((f) => f.property)).to.deep.equal(["connection"]);
        const url = closed.replace(/[.]/g, "\\.");
        expect(failures[0].reason).to.match(
          new RegExp(`${service} GET ${url}/\\S+: connection refused \\(ECONNREFUSED\\) \\(6 attempts in `),
        );
      });
    }

    it("Keystone unreachable is a failure of connection, naming Keystone, its URL and what to check", async () => {
      const port = await closedPort();
      const failures = await failuresWith("cinder.Backup", { authUrl: `http://127.0.0.1:${port}/v3` });
      expect(failures.map((f) => f.property)).to.deep.equal(["connection"]);
      expect(failures[0].reason).to.match(
        new RegExp(
          `Keystone POST http://127\\.0\\.0\\.1:${port}/v3/auth/tokens: connection refused \\(ECONNREFUSED\\) ` +
            "\\(6 attempts in [0-9.]+ s\\)\\. Check that Keystone is reachable from here at the connection's " +
            "authUrl \\(or OS_AUTH_URL\\)",
        ),
      );
    });
  });
});
