// Secrets end to end: every resource type through its whole lifecycle (create, update, refresh, a failing run,
// destroy) with known credentials (the OpenStack password, the application-credential secret, the Waldur token
// and password), passed every way users pass them; then wrong credentials and services that echo credentials in
// their errors. Everything a user or an attacker could read is scanned for every credential, including the
// tokens the services issued: what the engine printed, the host's and the program's output, every diagnostic,
// error and event, the state file outside its encrypted secrets, every __provider, and the URLs the simulator
// received. The `connection` must be encrypted in the state file however the credential was passed. Figures go to
// reports/reliability/secrets.json.
import { expect } from "chai";
import { shown } from "../e2e/stack";
import {
  CREDENTIAL_MODES,
  everyType,
  KNOWN,
  KNOWN_SECRETS,
  MODES,
  runLifecycle,
  ScannedStack,
  type CredentialMode,
  type LifecycleFigures,
} from "./secrets-lifecycle";
import { writeReport } from "../helpers/reliability-report";
import { Evidence, scan, type ScanSummary } from "./secrets-scan";

/** Wrong credentials, with the characters that URL-encoding changes, so that every encoded form is searched. */
const WRONG = {
  password: "wr0ng p@ss/wörd?x=1&y=%2F#",
  applicationCredentialSecret: "n0t+the/secret?a=b&c=%41 ok",
  waldurToken: "bad+waldur/token=?&%20",
  waldurPassword: "bad pass/wörd+?&=",
};

/** Labels of the wrong credentials in findings. */
const WRONG_SECRETS: ReadonlyMap<string, string> = new Map([
  ["wrong OpenStack password", WRONG.password],
  ["wrong application credential secret", WRONG.applicationCredentialSecret],
  ["wrong Waldur token", WRONG.waldurToken],
  ["wrong Waldur password", WRONG.waldurPassword],
]);

/** `mode`'s connections with `credentials` in place of the right ones. */
function withCredentials(mode: CredentialMode, credentials: typeof WRONG): CredentialMode {
  const replacements: Record<string, string> = {
    password: credentials.password,
    applicationCredentialSecret: credentials.applicationCredentialSecret,
    token: credentials.waldurToken,
  };
  const swap = (connection: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(connection).map(([key, value]) => [key, replacements[key] ?? value]));
  return {
    ...mode,
    connection: {
      openstack: swap(mode.connection.openstack),
      powervc: swap(mode.connection.powervc),
      waldur: swap(mode.connection.waldur),
    },
  };
}

/** Stack config of the provider (`dataprotection:*`) carrying `credentials`, as secrets. */
function providerConfig(credentials: typeof WRONG) {
  return {
    "dataprotection:password": { secret: credentials.password },
    "dataprotection:applicationCredentialSecret": { secret: credentials.applicationCredentialSecret },
    "dataprotection:waldurToken": { secret: credentials.waldurToken },
  };
}

/** The right credentials in the shape of {@link WRONG}. */
const RIGHT = {
  password: KNOWN.password,
  applicationCredentialSecret: KNOWN.applicationCredentialSecret,
  waldurToken: KNOWN.waldurToken,
  waldurPassword: KNOWN.waldurPassword,
};

/** What a failed run shows when Keystone and Waldur refused the credentials. */
function expectRefused(text: string, waldur = "Invalid token."): void {
  expect(text).to.contain("The request you have made requires authentication");
  expect(text).to.contain(waldur);
}

describe("reliability: secrets", function () {
  this.timeout(600_000);
  const evidence = new Evidence();
  const lifecycles: LifecycleFigures[] = [];
  const scenarios: { name: string; runs: number; durationMs: number }[] = [];
  let started = 0;
  before(() => (started = Date.now()));
  let summary: ScanSummary | undefined;

  /** Every credential to search for: the known ones, the wrong ones, and each token a service saw. */
  const credentials = () => {
    const all = new Map([...KNOWN_SECRETS, ...WRONG_SECRETS]);
    const known = new Set(all.values());
    let index = 0;
    for (const token of evidence.tokens) if (!known.has(token)) all.set(`issued token #${++index}`, token);
    return all;
  };

  /** Runs a scenario on its own stack, recording its figures. */
  async function scenario(
    name: string,
    mode: Pick<CredentialMode, "env" | "config">,
    body: (stack: ScannedStack) => Promise<void>,
  ): Promise<void> {
    const begin = Date.now();
    const stack = await ScannedStack.start(evidence, name, mode);
    try {
      await body(stack);
    } finally {
      scenarios.push({ name, runs: stack.runs, durationMs: Date.now() - begin });
      await stack.finish();
    }
  }

  for (const mode of CREDENTIAL_MODES) {
    it(`every resource type's lifecycle, credentials in ${mode.name}`, () =>
      runLifecycle(evidence, mode, lifecycles));
  }

  it("wrong credentials (secret config, plain input, provider config, environment, a Waldur login) fail unseen", async () => {
    await scenario(
      "wrong credentials in config and inputs",
      { env: MODES.secretConfig.env, config: {} },
      async (stack) => {
        const secretConfig = await stack.run("preview", everyType(MODES.secretConfig), {
          password: { secret: WRONG.password },
          applicationCredentialSecret: { secret: WRONG.applicationCredentialSecret },
          waldurToken: { secret: WRONG.waldurToken },
        });
        expect(secretConfig.ok).to.equal(false);
        expectRefused(shown(secretConfig));
        const plainInput = await stack.run("preview", everyType(withCredentials(MODES.plainInput, WRONG)));
        expect(plainInput.ok).to.equal(false);
        expectRefused(shown(plainInput));
        // Created with the right provider config, then read, updated and deleted with wrong ones.
        const declared = everyType(MODES.secretConfig);
        const created = await stack.run("up", declared, providerConfig(RIGHT));
        expect(created.ok, shown(created)).to.equal(true);
        for (const operation of ["refresh", "destroy"] as const) {
          const refused = await stack.run(
            operation,
            operation === "destroy" ? [] : declared,
            providerConfig(WRONG),
          );
          expect(refused.ok, operation).to.equal(false);
          expectRefused(shown(refused));
        }
        const updated = await stack.run("up", everyType(MODES.secretConfig, true), providerConfig(WRONG));
        expect(updated.ok).to.equal(false);
        const destroyed = await stack.run("destroy", [], providerConfig(RIGHT));
        expect(destroyed.ok, shown(destroyed)).to.equal(true);
      },
    );
    const wrongEnv = {
      env: {
        OS_PASSWORD: WRONG.password,
        OS_APPLICATION_CREDENTIAL_SECRET: WRONG.applicationCredentialSecret,
        WALDUR_TOKEN: "",
        WALDUR_USERNAME: KNOWN.waldurUsername,
        WALDUR_PASSWORD: WRONG.waldurPassword,
      },
      config: {},
    };
    await scenario("wrong credentials in the environment", wrongEnv, async (stack) => {
      for (const operation of ["preview", "up"] as const) {
        const refused = await stack.run(operation, everyType(MODES.environment));
        expect(refused.ok).to.equal(false);
        expectRefused(shown(refused), "Invalid username/password.");
      }
    });
  });

  it("services that echo credentials in their error answers: the messages shown redact them", async () => {
    const environment = MODES.environment;
    await scenario("services echoing credentials", environment, async (stack) => {
      const echo = `password '${KNOWN.password}', secret '${KNOWN.applicationCredentialSecret}'`;
      const { faults } = stack.stack.sim;
      faults.add({
        service: "keystone",
        status: 400,
        body: { error: { code: 400, title: "Bad Request", message: `Invalid input: ${echo}` } },
        times: Infinity,
      });
      faults.add({
        service: "waldur",
        status: 400,
        body: { detail: `Invalid token ${KNOWN.waldurToken}.` },
        times: Infinity,
      });
      const identity = await stack.run("preview", everyType(environment));
      expect(identity.ok).to.equal(false);
      expect(shown(identity)).to.contain("Invalid input: password '[REDACTED]', secret '[REDACTED]'");
      expect(shown(identity)).to.contain("Invalid token [REDACTED].");
      faults.clear();
      for (const service of ["trilio", "cinder", "powervc-compute", "powervc-volume"]) {
        faults.add({
          service,
          status: 400,
          body: { badRequest: { code: 400, message: `Bad request with ${echo}` } },
          times: Infinity,
        });
      }
      const services = await stack.run("preview", everyType(environment));
      expect(services.ok).to.equal(false);
      expect(shown(services)).to.contain("Bad request with password '[REDACTED]', secret '[REDACTED]'");
    });
  });

  it("nothing a user or an attacker can read holds a credential, in any form", () => {
    summary = scan(evidence, credentials());
    printSummary(summary, evidence);
    const findings = summary.findings.map(
      (f) => `${f.credential} (${f.form}) in ${f.kind}: ${f.place}: ${f.excerpt}`,
    );
    expect(findings).to.deep.equal([]);
    expect(evidence.stateSecrets.plaintext, "unencrypted secrets in the state file").to.equal(0);
  });

  after(async () => {
    summary ??= scan(evidence, credentials());
    writeReport("secrets", {
      durationMs: Date.now() - started,
      credentials: {
        known: [...KNOWN_SECRETS.keys()],
        wrong: [...WRONG_SECRETS.keys()],
        issuedTokens: summary.credentials - KNOWN_SECRETS.size - WRONG_SECRETS.size,
        searchedStrings: summary.needles,
      },
      lifecycles,
      scenarios,
      engineRuns: [...lifecycles, ...scenarios].reduce((sum, l) => sum + l.runs, 0),
      connectionsCheckedEncrypted: lifecycles.reduce((sum, l) => sum + l.connectionsChecked, 0),
      stateSecrets: evidence.stateSecrets,
      placesScanned: summary.places,
      bytesScanned: summary.bytes,
      byPlace: summary.byKind,
      findings: summary.findings,
    });
  });
});

/** Prints places scanned, bytes scanned and findings. */
function printSummary(summary: ScanSummary, evidence: Evidence): void {
  const lines = [
    `  secrets scan: ${summary.credentials} credentials in ${summary.needles} forms, ` +
      `${summary.places} places, ${summary.bytes} bytes, ${summary.findings.length} findings`,
    ...Object.entries(summary.byKind).map(
      ([kind, figures]) => `    ${kind}: ${figures.places} places, ${figures.bytes} bytes`,
    ),
    `    state file secrets: ${evidence.stateSecrets.encrypted} encrypted, ${evidence.stateSecrets.plaintext} not`,
    ...summary.findings.map((f) => `    FOUND ${f.credential} (${f.form}) in ${f.kind}: ${f.place}`),
  ];
  console.log(lines.join("\n"));
}
