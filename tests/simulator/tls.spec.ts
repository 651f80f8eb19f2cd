import { expect } from "chai";
import { request } from "node:https";
import { type Simulator, startSimulator } from "../../simulator";
import { banner } from "../../simulator/main";
import { makeTestCertificates, type TestCertificates } from "../helpers/tls-certificates";
import { passwordAuth } from "./helpers";

/** An HTTPS exchange with `ca` trusted (Node's fetch cannot be given a CA without undici's own API). */
function send(
  url: string,
  ca: string | undefined,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method: payload === undefined ? "GET" : "POST",
        ca,
        headers: payload === undefined ? {} : { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe("simulator: HTTPS (the tls option)", () => {
  let certs: TestCertificates;
  let sim: Simulator;

  before(async () => {
    certs = makeTestCertificates();
    sim = await startSimulator({ tls: { cert: certs.cert, key: certs.key } });
  });
  after(async () => {
    await sim?.close();
    certs?.dispose();
  });

  it("announces https everywhere: its URL, OS_AUTH_URL, Waldur's URL and the printed exports", () => {
    expect(sim.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.authUrl).to.equal(`${sim.url}/identity/v3`);
    expect(sim.openrc().OS_AUTH_URL).to.equal(sim.authUrl);
    expect(sim.waldurEnv().WALDUR_API_URL).to.equal(`${sim.url}/waldur/api/`);
    expect(banner(sim)).to.contain(`export OS_AUTH_URL=${sim.authUrl}\n`);
    expect(banner(sim)).to.not.match(/http:\/\/127\.0\.0\.1/);
  });

  it("serves a client that trusts its CA, with an https catalog", async () => {
    const answer = await send(`${sim.authUrl}/auth/tokens`, certs.caCert, passwordAuth(sim));
    expect(answer.status).to.equal(201);
    const catalog = (answer.json as { token: { catalog: { endpoints: { url: string }[] }[] } }).token.catalog;
    const urls = catalog.flatMap((service) => service.endpoints.map((endpoint) => endpoint.url));
    expect(urls).to.have.length.greaterThan(0);
    for (const url of urls) expect(url.startsWith(`${sim.url}/`), url).to.equal(true);
    expect(sim.requests.map((r) => r.path)).to.deep.equal(["/identity/v3/auth/tokens"]);
  });

  it("is refused by a client that does not trust its CA", async () => {
    let code: string | undefined;
    await send(sim.authUrl, undefined).catch((error: NodeJS.ErrnoException) => (code = error.code));
    expect(code).to.equal("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  it("still serves plain HTTP without the option", async () => {
    const plain = await startSimulator();
    try {
      expect(plain.url).to.match(/^http:\/\//);
      expect((await fetch(plain.authUrl)).status).to.equal(200);
    } finally {
      await plain.close();
    }
  });
});
