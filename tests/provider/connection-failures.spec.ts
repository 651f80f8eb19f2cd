// A preview that cannot reach a service, or whose credentials are refused, says so of the `connection` input —
// not of the snapshot or volume it was about to look at, which are not the problem.
import { createServer } from "node:net";
import { expect } from "chai";
import { providerFor, resourceTypes } from "../../provider";
import { startSimulator, type Simulator } from "../../simulator";
import { baselines } from "../helpers/baselines";

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

  it("a service nobody answers at is a failure of connection, naming the service and the URL", async () => {
    const port = await closedPort();
    const failures = await failuresWith("cinder.Backup", { authUrl: `http://127.0.0.1:${port}/v3` });
    expect(failures.map((f) => f.property)).to.deep.equal(["connection"]);
    expect(failures[0].reason).to.match(
      /Keystone POST \/v3\/auth\/tokens: connection failed \(ECONNREFUSED\)/,
    );
  });
});
