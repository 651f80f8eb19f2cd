import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** What a handler may answer: a response, or dropping the connection. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | "reset";

/** A programmable HTTP server on 127.0.0.1 for tests of the HTTP layer: each request takes the next answer. */
export interface LoopbackServer {
  url: string;
  /** Requests received, in order. */
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** Starts a server that answers with `answers` in order, then with the last one. */
export async function startLoopbackServer(answers: Answer[]): Promise<LoopbackServer> {
  const requests: LoopbackServer["requests"] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body,
      });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      if (answer === "reset") {
        request.socket.destroy();
        return;
      }
      const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
      response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
