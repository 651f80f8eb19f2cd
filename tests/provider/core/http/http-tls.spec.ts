import { expect } from "chai";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { HttpClient, type TlsSettings } from "../../../../provider/core/http/http";
import { resolveWaldurConnection } from "../../../../provider/waldur/connection";
import { makeTestCertificates, type TestCertificates } from "../../../helpers/tls-certificates";

describe("HttpClient: TLS", () => {
  let certs: TestCertificates;
  let server: Server;
  let url: string;

  before(async () => {
    certs = makeTestCertificates();
    server = createServer({ cert: certs.cert, key: certs.key }, (_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/thing`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    certs?.dispose();
  });

  const send = (service: string, tls: TlsSettings) =>
    new HttpClient({ service, tls, retry: { maxAttempts: 1 } }).send({ method: "GET", url });

  it("verifies certificates: an unknown CA fails with what to set, OS_* by default", async () => {
    const error = await send("TestAPI", {}).catch((e: Error) => e);
    expect((error as Error).message).to.contain(
      "Set caCert in the connection (or OS_CACERT) to the CA bundle that signed it, or insecure: true " +
        "(OS_INSECURE=true)",
    );
  });

  it("names the variables of the connection's system: Waldur's for Waldur", async () => {
    const { connection } = resolveWaldurConnection({ apiUrl: url, token: "t0ken" }, {}) as {
      connection: { tls: TlsSettings };
    };
    const error = await send("TestWaldur", connection.tls).catch((e: Error) => e);
    expect((error as Error).message).to.contain("(or WALDUR_CACERT)");
    expect((error as Error).message).to.contain("insecure: true (WALDUR_INSECURE=true)");
    expect((error as Error).message).to.not.contain("OS_");
  });

  it("trusts caCert, and warns once when insecure, naming the system's variable", async () => {
    expect((await send("TestAPI", { caCert: certs.caCert })).status).to.equal(200);
    const printed: string[] = [];
    const original = console.error;
    console.error = (line: string) => void printed.push(line);
    try {
      const variables = { caCert: "WALDUR_CACERT", insecure: "WALDUR_INSECURE" };
      expect((await send("TestInsecure", { insecure: true, variables })).status).to.equal(200);
      await send("TestInsecure", { insecure: true, variables });
    } finally {
      console.error = original;
    }
    expect(printed).to.deep.equal([
      "warning: TLS certificates of TestInsecure are not verified (insecure: true): anyone on the network path " +
        "could impersonate it. Set caCert (or WALDUR_CACERT) to its CA bundle instead.",
    ]);
  });
});
