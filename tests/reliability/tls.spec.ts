// TLS end to end: the simulator serves HTTPS with a certificate for 127.0.0.1 signed by a CA made at test time,
// and real programs run through the test engine and the real dynamic-provider host, for an OpenStack resource
// (trilio.Restore: Keystone, then TrilioVault) and a Waldur one (waldur.Snapshot). Verification is on by
// default; each way users make a private CA work (caCert, OS_CACERT / WALDUR_CACERT) works; insecure works and
// warns. Figures go to reports/reliability/tls.json.
import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { shown, TestStack, webDrillRestore, type DeclaredResource } from "../e2e/stack";
import { type RunResult } from "../../engine";
import { makeTestCertificates, type TestCertificates } from "../helpers/tls-certificates";
import { writeReport } from "../helpers/reliability-report";

/** A resource type under test and what its messages name. */
interface TlsSystem {
  type: string;
  /** The simulator service its API calls reach. */
  simService: string;
  /** The APIs it talks to, as messages name them, the first one contacted first. */
  apis: string[];
  /** The environment variables of its TLS settings. */
  variables: { caCert: string; insecure: string };
  /** The resource, with these `connection` settings (credentials come from the environment). */
  declare(connection: Record<string, unknown>): DeclaredResource;
}

const SYSTEMS: TlsSystem[] = [
  {
    type: "trilio.Restore",
    simService: "trilio",
    apis: ["Keystone", "TrilioVault"],
    variables: { caCert: "OS_CACERT", insecure: "OS_INSECURE" },
    declare: (connection) => webDrillRestore("web-restore", { connection }),
  },
  {
    type: "waldur.Snapshot",
    simService: "waldur",
    apis: ["Waldur"],
    variables: { caCert: "WALDUR_CACERT", insecure: "WALDUR_INSECURE" },
    declare: (connection) => ({
      type: "waldur.Snapshot",
      name: "nightly",
      args: { volumeUuid: WALDUR_SEED.dbDataVolumeUuid, name: "nightly", connection },
    }),
  },
];

/** The certificates of a run: the simulator's CA (and its server certificate), and an unrelated CA. */
interface Certificates {
  ca: TestCertificates;
  other: TestCertificates;
}

/** One way of configuring TLS, and what it must do. */
interface TlsScenario {
  name: (system: TlsSystem) => string;
  connection?: (certs: Certificates) => Record<string, unknown>;
  env?: (certs: Certificates, system: TlsSystem) => Record<string, string>;
  /** Whether the resource is created and destroyed (else preview fails with the TLS message). */
  works: boolean;
  /** Whether a warning that certificates are not verified is expected. */
  warns?: boolean;
}

const SCENARIOS: TlsScenario[] = [
  { name: () => "no CA given: the unknown CA fails preview (verification is on)", works: false },
  {
    name: () => "caCert naming another CA fails preview",
    connection: (certs) => ({ caCert: certs.other.caCert }),
    works: false,
  },
  {
    name: () => "caCert (PEM text) in the connection input works",
    connection: (certs) => ({ caCert: certs.ca.caCert }),
    works: true,
  },
  {
    name: () => "caCert (a file) in the connection input works",
    connection: (certs) => ({ caCert: certs.ca.caCertFile }),
    works: true,
  },
  {
    name: (system) => `${system.variables.caCert} (a file) works`,
    env: (certs, system) => ({ [system.variables.caCert]: certs.ca.caCertFile }),
    works: true,
  },
  {
    name: () => "insecure: true in the connection input works and warns",
    connection: () => ({ insecure: true }),
    works: true,
    warns: true,
  },
  {
    name: (system) => `${system.variables.insecure}=true works and warns`,
    env: (_certs, system) => ({ [system.variables.insecure]: "true" }),
    works: true,
    warns: true,
  },
  {
    name: () => "the CA in Node's trust store (NODE_EXTRA_CA_CERTS) works without caCert",
    env: (certs) => ({ NODE_EXTRA_CA_CERTS: certs.ca.caCertFile }),
    works: true,
  },
  {
    // Node's `ca` option replaces the default trust store, as OS_CACERT does for the OpenStack clients.
    name: () =>
      "caCert replaces the trust store: a CA trusted by NODE_EXTRA_CA_CERTS is not, once caCert is set",
    connection: (certs) => ({ caCert: certs.other.caCert }),
    env: (certs) => ({ NODE_EXTRA_CA_CERTS: certs.ca.caCertFile }),
    works: false,
  },
];

/** What one scenario did, for the report. */
interface ScenarioFigures {
  system: string;
  scenario: string;
  expected: "fails in preview" | "works";
  passed: boolean;
  runs: number;
  durationMs: number;
  /** Requests the simulator answered (none when the TLS handshake fails). */
  requestsAnswered: number;
  /** The TLS error or warning lines the user saw. */
  shown: string[];
}

const WALDUR_FAST = { snapshotCreateMs: 300, updateMs: 300, deleteMs: 300 };

describe("reliability: TLS", function () {
  this.timeout(600_000);
  const certs = {} as Certificates;
  const figures: ScenarioFigures[] = [];
  let started = 0;

  before(() => {
    started = Date.now();
    certs.ca = makeTestCertificates("dataprotection test CA");
    certs.other = makeTestCertificates("an unrelated CA");
  });
  after(async () => {
    certs.ca?.dispose();
    certs.other?.dispose();
    const passed = figures.filter((f) => f.passed).length;
    const file = writeReport("tls", {
      openssl: certs.ca?.opensslVersion,
      node: process.version,
      scenarios: figures.length,
      passed,
      failed: figures.length - passed,
      engineRuns: figures.reduce((sum, f) => sum + f.runs, 0),
      durationMs: Date.now() - started,
      results: figures,
    });
    console.log(
      `  TLS: ${passed} of ${figures.length} scenarios as expected, ` +
        `${figures.reduce((sum, f) => sum + f.runs, 0)} engine runs, ${Date.now() - started} ms; ${file}`,
    );
  });

  for (const system of SYSTEMS) {
    describe(system.type, () => {
      for (const scenario of SCENARIOS) {
        it(scenario.name(system), async () => {
          const record: ScenarioFigures = {
            system: system.type,
            scenario: scenario.name(system),
            expected: scenario.works ? "works" : "fails in preview",
            passed: false,
            runs: 0,
            durationMs: 0,
            requestsAnswered: 0,
            shown: [],
          };
          figures.push(record);
          const begin = Date.now();
          const stack = await TestStack.start({
            tls: { cert: certs.ca.cert, key: certs.ca.key },
            env: scenario.env?.(certs, system),
            waldur: WALDUR_FAST,
          });
          const declared = [system.declare(scenario.connection?.(certs) ?? {})];
          const run = async (operation: "preview" | "up" | "destroy", resources: DeclaredResource[]) => {
            record.runs++;
            const result = await stack.run(operation, resources);
            record.shown.push(...tlsLines(result));
            return result;
          };
          try {
            if (scenario.works) await expectWorks(stack, system, scenario, declared, run);
            else await expectFailsInPreview(stack, system, declared, run);
            record.passed = true;
          } finally {
            record.durationMs = Date.now() - begin;
            record.requestsAnswered = stack.sim.requests.length;
            record.shown = [...new Set(record.shown)];
            await stack.dispose();
          }
        });
      }
    });
  }
});

type Run = (operation: "preview" | "up" | "destroy", resources: DeclaredResource[]) => Promise<RunResult>;

/** Preview fails with the message that says how to fix it, and no request got through the handshake. */
async function expectFailsInPreview(
  stack: TestStack,
  system: TlsSystem,
  declared: DeclaredResource[],
  run: Run,
): Promise<void> {
  const preview = await run("preview", declared);
  expect(preview.ok, "preview must fail").to.equal(false);
  const text = shown(preview);
  expect(text).to.contain(`TLS verification of ${system.apis[0]} failed`);
  expect(text).to.contain(`the server's certificate is not trusted`);
  expect(text).to.contain(`Set caCert in the connection (or ${system.variables.caCert})`);
  expect(text).to.contain(`insecure: true (${system.variables.insecure}=true)`);
  expect(stack.sim.requests, "no request gets past a failed handshake").to.have.length(0);
}

/** Up creates the resource over HTTPS and destroy deletes it; a warning is shown exactly when insecure. */
async function expectWorks(
  stack: TestStack,
  system: TlsSystem,
  scenario: TlsScenario,
  declared: DeclaredResource[],
  run: Run,
): Promise<void> {
  const up = await run("up", declared);
  expect(up.ok, shown(up)).to.equal(true);
  expect(stack.resourcesOf(system.type)).to.have.length(1);
  expect(stack.requestsTo(system.simService).length).to.be.greaterThan(0);
  const destroy = await run("destroy", []);
  expect(destroy.ok, shown(destroy)).to.equal(true);
  expect(stack.resourcesOf(system.type)).to.have.length(0);
  for (const result of [up, destroy]) {
    const text = shown(result);
    for (const api of system.apis) {
      const warning =
        `warning: TLS certificates of ${api} are not verified (insecure: true): anyone on the network path ` +
        `could impersonate it. Set caCert (or ${system.variables.caCert}) to its CA bundle instead.`;
      if (scenario.warns) expect(text).to.contain(warning);
      else expect(text).to.not.contain("are not verified");
    }
  }
}

/** The lines of a run that are about TLS (errors and warnings), for the report. */
function tlsLines(result: RunResult): string[] {
  return shown(result)
    .split("\n")
    .filter((line) => /TLS (verification|certificates)/.test(line))
    .map((line) => line.replace(/^.*?(warning: TLS|TLS verification)/, "$1"));
}
