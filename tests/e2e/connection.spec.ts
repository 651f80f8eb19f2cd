// Keystone stopped, hanging, or answering 404, 401 or 500, through the engine and the real dynamic-provider host:
// a preview of a Cinder backup fails within the time allowed for a token (`authTimeout`, 3 s here), its failure
// is charged to `connection` (not to the volume it was about to check) and says what is wrong; with remote checks
// off, an `up` fails the same way, naming Keystone and its URL.
import { expect } from "chai";
import type { EngineEvent, RunResult } from "../../engine";
import { CINDER_SEED } from "../../simulator";
import { closedPort } from "../helpers/closed-port";
import { shown, TestStack, type DeclaredResource } from "./stack";

/** The time a token request may take here, in all. */
const AUTH_TIMEOUT_MS = 3_000;
/** What the failure may take to reach the engine once the provider gives up. */
const SLACK_MS = 1_000;

describe("Keystone failures, through the engine", function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async () => {
    stack = await TestStack.start({ env: { DATAPROTECTION_AUTH_TIMEOUT: `${AUTH_TIMEOUT_MS / 1000}s` } });
  });
  after(async () => stack.dispose());
  afterEach(() => stack.sim.faults.clear());

  /** A backup of the seeded volume, with `connection` over the environment's OS_*. */
  const backup = (connection: Record<string, unknown> = {}): DeclaredResource => ({
    type: "cinder.Backup",
    name: "nightly",
    args: { volumeId: CINDER_SEED.dataVolumeId, connection },
  });

  /** A run, with each diagnostic and when it arrived (ms since the epoch). */
  interface TimedRun {
    result: RunResult;
    started: number;
    shownAt: { at: number; message: string }[];
  }

  async function timed(
    operation: "preview" | "up",
    resources: DeclaredResource[],
    config = {},
  ): Promise<TimedRun> {
    const shownAt: TimedRun["shownAt"] = [];
    const started = Date.now();
    stack.onEvent = (event: EngineEvent) => {
      if (event.type === "diagnostic") shownAt.push({ at: Date.now(), message: event.diagnostic.message });
    };
    try {
      return { result: await stack.run(operation, resources, config), started, shownAt };
    } finally {
      stack.onEvent = undefined;
    }
  }

  /** The lines that logged a retry of a token request, as they arrived. */
  const retryLines = (run: TimedRun) =>
    run.shownAt.filter((line) => /^Keystone POST \S+\/auth\/tokens: .*; retrying in/.test(line.message));

  /**
   * How long the provider spent on Keystone: from the first token request (as the simulator received it, or, when
   * nothing listens, the first retry line, which follows the refused attempt at once) to the failure `shown`.
   */
  function keystoneTime(run: TimedRun, failure: RegExp): number {
    const requests = stack.sim.requests
      .filter((r) => r.time >= run.started && r.path.endsWith("/auth/tokens"))
      .map((r) => r.time);
    const first = Math.min(...requests, ...retryLines(run).map((line) => line.at));
    const failed = run.shownAt.find((line) => failure.test(line.message));
    expect(failed, "the failure was shown").to.not.equal(undefined);
    return failed!.at - first;
  }

  /** The check failures a failed preview reported, as the engine shows them ("property: reason"). */
  function checkFailures(result: RunResult): string[] {
    return result.diagnostics
      .filter((d) => d.source === "provider" && d.severity === "error" && /could not check/.test(d.message))
      .map((d) => d.message);
  }

  /** Asserts one failure, of `connection`, whose reason matches `reason`, within the time allowed for a token. */
  function expectConnectionFailure(run: TimedRun, reason: RegExp) {
    expect(run.result.ok, shown(run.result)).to.equal(false);
    const failures = checkFailures(run.result);
    expect(failures, shown(run.result)).to.have.length(1);
    expect(failures[0]).to.match(/^connection: could not check volume \S+ in Cinder: /);
    expect(failures[0]).to.match(reason);
    expect(failures[0]).to.not.match(/volumeId/);
    expect(keystoneTime(run, /^connection: could not check/)).to.be.below(AUTH_TIMEOUT_MS + SLACK_MS);
  }

  it("previews a backup when Keystone answers: the setup itself is sound", async () => {
    const run = await timed("preview", [backup()]);
    expect(run.result.ok, shown(run.result)).to.equal(true);
  });

  it("stopped: connection refused, each retry logged, then what to check and the setting", async () => {
    const authUrl = `http://127.0.0.1:${await closedPort()}/v3`;
    const run = await timed("preview", [backup({ authUrl })]);
    expectConnectionFailure(
      run,
      re`Keystone POST ${authUrl}/auth/tokens: connection refused (ECONNREFUSED) (${/[2-6]/} attempts in ${ANY} s, too little of the 3 s allowed left for another). Check that Keystone is reachable from here at the connection's authUrl (or OS_AUTH_URL), ${authUrl},${ANY} Token requests are given 3 s in all: if Keystone is only slow, raise dataprotection:authTimeout (or DATAPROTECTION_AUTH_TIMEOUT)${/$/}`,
    );
    const retries = retryLines(run);
    expect(retries.length).to.be.at.least(1);
    expect(retries[0].message).to.match(
      re`: connection refused (ECONNREFUSED); retrying in ${ANY}s (attempt 2 of 6, gives up at ${/\d\d:\d\d:\d\d/} UTC)${/$/}`,
    );
  });

  it("hanging: no answer within each attempt's second, each retry logged as it happens", async () => {
    stack.sim.faults.add({
      service: "keystone",
      path: "/identity/v3/auth/tokens",
      delayMs: 60_000,
      times: Number.POSITIVE_INFINITY,
    });
    const run = await timed("preview", [backup()]);
    expectConnectionFailure(
      run,
      re`Keystone POST ${stack.sim.authUrl}/auth/tokens: no answer within ${ANY} s (${/[23]/} attempts in ${ANY} s, too little of the 3 s allowed left for another). Check that Keystone is reachable`,
    );
    const retries = retryLines(run);
    expect(retries.length).to.be.at.least(1);
    expect(retries[0].message).to.match(/: no answer within 1 s; retrying in /);
    // Shown when the first attempt gave up, a second before the failure: not all at the end.
    const failed = run.shownAt.find((line) => line.message.startsWith("connection: "))!;
    expect(failed.at - retries[0].at).to.be.at.least(1_000);
  });

  it("404: the auth URL is not a Keystone v3 endpoint, and what to set", async () => {
    const authUrl = `${stack.sim.url}/keystone/v3`;
    const run = await timed("preview", [backup({ authUrl })]);
    expectConnectionFailure(
      run,
      re`${authUrl} is not a Keystone v3 endpoint: ${authUrl}/auth/tokens answered 404 ("${ANY}"). Set the connection's authUrl (or OS_AUTH_URL) to Keystone's v3 endpoint, ending in /v3 (HTTP 404, request ${REQUEST_ID})${/$/}`,
    );
  });

  it("401: Keystone refused the user, in its domain", async () => {
    const run = await timed("preview", [backup({ password: "not-the-password" })]);
    const { username, userDomainName } = stack.sim.credentials;
    expectConnectionFailure(
      run,
      re`Keystone refused user ${username} in domain ${userDomainName} ("The request you have made requires authentication."): check the connection's credentials (or the OS_* variables) (HTTP 401, request ${REQUEST_ID})${/$/}`,
    );
    expect(shown(run.result)).to.not.contain("not-the-password");
  });

  it("500: Keystone's own message and request id", async () => {
    stack.sim.faults.add({
      service: "keystone",
      path: "/identity/v3/auth/tokens",
      status: 500,
      body: { error: { code: 500, title: "Internal Server Error", message: "LDAP backend unavailable" } },
      times: Number.POSITIVE_INFINITY,
    });
    const run = await timed("preview", [backup()]);
    expectConnectionFailure(
      run,
      re`Keystone at ${stack.sim.authUrl}/auth/tokens failed to issue a token ("LDAP backend unavailable"): the fault is Keystone's own ${ANY}(HTTP 500, request ${REQUEST_ID})${/$/}`,
    );
  });

  it("with remote checks off, an up with Keystone stopped fails naming Keystone and its URL, not an input", async () => {
    const authUrl = `http://127.0.0.1:${await closedPort()}/v3`;
    const run = await timed("up", [backup({ authUrl })], { "dataprotection:remoteChecks": "false" });
    expect(run.result.ok).to.equal(false);
    expect(checkFailures(run.result)).to.deep.equal([]);
    const failure = re`${/^/}Error backing up cinder.Backup "nightly": Keystone POST ${authUrl}/auth/tokens: connection refused (ECONNREFUSED) ${ANY}Check that Keystone is reachable`;
    expect(
      run.shownAt.some((line) => failure.test(line.message)),
      shown(run.result),
    ).to.equal(true);
    expect(shown(run.result)).to.not.match(/volumeId/);
    expect(stack.resourcesOf("cinder.Backup")).to.deep.equal([]);
    expect(keystoneTime(run, failure)).to.be.below(AUTH_TIMEOUT_MS + SLACK_MS);
  });
});

/** Any text, in a {@link re} pattern. */
const ANY = /.*/;
/** A request id, in a {@link re} pattern. */
const REQUEST_ID = /req-[0-9a-f-]+/;

/** A RegExp that matches the template's text and interpolated strings literally, and interpolated RegExps as such. */
function re(text: TemplateStringsArray, ...values: (string | RegExp)[]): RegExp {
  const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = (value: string | RegExp) => (typeof value === "string" ? literal(value) : value.source);
  return new RegExp(
    text.map((part, i) => literal(part) + (i < values.length ? pattern(values[i]) : "")).join(""),
  );
}
