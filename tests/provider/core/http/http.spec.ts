import { expect } from "chai";
import * as http from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { ProviderError } from "../../../../provider/core/errors";
import { HttpClient, parseRetryAfter } from "../../../../provider/core/http/http";
import { registerSecret } from "../../../../provider/core/redact";
import { withEnvironment } from "../../../helpers/environment";
import { startLoopbackServer, type Answer, type LoopbackServer } from "../../../helpers/loopback-server";

/** A client whose backoff waits are recorded, not slept, so tests are quick and the delays can be read. */
function client(waits: number[] = []) {
  const clock = { now: () => Date.now(), sleep: async (ms: number) => void waits.push(ms) };
  return new HttpClient({ service: "TestAPI", clock, random: () => 0.5, timeoutMs: 2000 });
}

describe("HttpClient", () => {
  let server: LoopbackServer | undefined;
  const serve = async (answers: Answer[]) => (server = await startLoopbackServer(answers));
  afterEach(async () => server?.close());

  it("retries 503, 502 and 504 on a GET, then returns the answer", async () => {
    await serve([{ status: 503 }, { status: 502 }, { status: 504 }, { status: 200, body: { ok: true } }]);
    const waits: number[] = [];
    const response = await client(waits).send({ method: "GET", url: `${server!.url}/thing` });
    expect(response.body).to.deep.equal({ ok: true });
    expect(server!.requests).to.have.length(4);
    expect(waits).to.have.length(3);
    expect(waits[1]).to.be.greaterThan(waits[0]);
  });

  it("honours Retry-After on a 429", async () => {
    await serve([
      { status: 429, headers: { "retry-after": "7" } },
      { status: 200, body: {} },
    ]);
    const waits: number[] = [];
    await client(waits).send({ method: "POST", url: `${server!.url}/start`, json: {} });
    expect(waits).to.deep.equal([7000]);
    expect(server!.requests).to.have.length(2);
  });

  it("retries a POST answered 503 (the server did not act) but not one answered 502", async () => {
    await serve([{ status: 503 }, { status: 202, body: { id: 1 } }]);
    expect((await client().send({ method: "POST", url: `${server!.url}/a`, json: {} })).status).to.equal(202);
    await server!.close();
    await serve([{ status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" }]);
    const error = await client()
      .send({ method: "POST", url: `${server!.url}/a`, json: {} })
      .catch((e: unknown) => e);
    expect(ProviderError.isInstance(error)).to.equal(true);
    expect(error).to.include({ status: 502, ambiguous: true });
    expect((error as Error).message).to.contain("502 Bad Gateway");
    expect(server!.requests).to.have.length(1);
  });

  it("never resends a POST whose connection dropped: the outcome is unknown", async () => {
    await serve(["reset", { status: 202, body: {} }]);
    const error = await client()
      .send({ method: "POST", url: `${server!.url}/a`, json: {} })
      .catch((e: unknown) => e);
    expect(error).to.include({ ambiguous: true });
    expect(server!.requests).to.have.length(1);
  });

  it("resends a GET whose connection dropped", async () => {
    await serve(["reset", { status: 200, body: { ok: 1 } }]);
    expect((await client().send({ method: "GET", url: `${server!.url}/a` })).body).to.deep.equal({ ok: 1 });
  });

  it("gives up after the attempts allowed, with the last status", async () => {
    await serve([{ status: 503, body: { serviceUnavailable: { code: 503, message: "down for upgrade" } } }]);
    const error = await client()
      .send({ method: "GET", url: `${server!.url}/a` })
      .catch((e: unknown) => e);
    expect(server!.requests).to.have.length(6);
    expect((error as Error).message).to.equal("down for upgrade (HTTP 503)");
  });

  it("reports status, server message and request id of an error, and never a credential", async () => {
    registerSecret("tok-abcdef-123");
    await serve([
      {
        status: 400,
        body: { badRequest: { code: 400, message: "Snapshot is restoring; token tok-abcdef-123" } },
        headers: { "x-compute-request-id": "req-42" },
      },
    ]);
    const error = (await client()
      .send({
        method: "POST",
        url: `${server!.url}/s/1`,
        json: {},
        headers: { "x-auth-token": "tok-abcdef-123" },
      })
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).to.include({ status: 400, requestId: "req-42", request: "POST /s/1" });
    expect(error.message).to.equal("Snapshot is restoring; token [REDACTED] (HTTP 400, request req-42)");
  });

  it("returns accepted non-2xx statuses instead of failing", async () => {
    await serve([{ status: 404, body: { itemNotFound: { code: 404, message: "gone" } } }]);
    const response = await client().send({ method: "GET", url: `${server!.url}/a`, acceptStatuses: [404] });
    expect(response.status).to.equal(404);
  });

  it("says clearly when a 2xx body is not JSON", async () => {
    await serve([{ status: 200, body: '{"restore": {"id": "trunc' }]);
    const error = await client()
      .send({ method: "GET", url: `${server!.url}/a` })
      .catch((e: unknown) => e);
    expect((error as Error).message).to.match(/TestAPI sent a response that is not valid JSON to GET \/a/);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", 0)).to.equal(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).to.equal(6000);
    expect(parseRetryAfter("soon", 0)).to.equal(undefined);
  });
});

describe("HttpClient concurrency cap", () => {
  it("never has more requests in flight to one endpoint than the cap", async () => {
    let inFlight = 0;
    let most = 0;
    const server = http.createServer((_request, response) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await withEnvironment({ DATAPROTECTION_MAX_CONCURRENT_REQUESTS: "3" }, async () => {
        const client = new HttpClient({ service: "TestAPI" });
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => client.send({ method: "GET", url: `${url}/${i}` })),
        );
      });
      expect(most).to.equal(3);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("HttpClient with a deadline", () => {
  /** A server that accepts connections and never answers, as a hung service does. */
  async function silentServer(): Promise<{
    url: string;
    connections: () => number;
    close: () => Promise<void>;
  }> {
    const sockets = new Set<Socket>();
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      connections: () => connections,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  }

  it("gives up on a server that never answers when the time is spent, logging each retry as it happens", async () => {
    const silent = await silentServer();
    const lines: { at: number; line: string }[] = [];
    const started = Date.now();
    const client = new HttpClient({
      service: "TestAPI",
      timeoutMs: 500,
      deadlineMs: 2000,
      log: (line) => lines.push({ at: Date.now() - started, line }),
    });
    try {
      const error = (await client
        .send({ method: "GET", url: `${silent.url}/a?secret=x` })
        .catch((e: unknown) => e)) as ProviderError;
      const elapsed = Date.now() - started;
      expect(silent.connections()).to.be.at.least(2);
      expect(elapsed).to.be.within(1000, 2000 + 500);
      expect(error.unreachable).to.equal(true);
      expect(error.message).to.match(
        new RegExp(
          `^TestAPI GET ${silent.url.replace(/\./g, "\\.")}/a: no answer within [0-9.]+ s ` +
            "\\([2-4] attempts in [0-9.]+ s, too little of the 2 s allowed left for another\\)$",
        ),
      );
      expect(lines.length).to.equal(silent.connections() - 1);
      expect(lines[0].line).to.match(
        /^TestAPI GET http:\/\/127\.0\.0\.1:\d+\/a: no answer within 0\.5 s; retrying in \d\.\ds \(attempt 2 of 6, gives up at \d\d:\d\d:\d\d UTC\)$/,
      );
      // Logged when the first attempt timed out, not at the end.
      expect(lines[0].at).to.be.below(1000);
    } finally {
      await silent.close();
    }
  });

  it("starts no retry it would have to start too late: a Retry-After past the deadline ends the send", async () => {
    const served = await startLoopbackServer([{ status: 429, headers: { "retry-after": "5" } }]);
    const waits: number[] = [];
    const clock = { now: () => Date.now(), sleep: async (ms: number) => void waits.push(ms) };
    try {
      const error = (await new HttpClient({ service: "TestAPI", clock, timeoutMs: 2000, deadlineMs: 3000 })
        .send({ method: "GET", url: `${served.url}/a` })
        .catch((e: unknown) => e)) as ProviderError;
      expect(error.status).to.equal(429);
      expect(waits).to.deep.equal([]);
      expect(served.requests).to.have.length(1);
    } finally {
      await served.close();
    }
  });
});
