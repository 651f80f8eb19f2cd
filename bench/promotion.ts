/**
 * What one HTTP request leaves in V8's old generation, by client: the bytes its young-generation collections
 * promote per request. Promoted objects that then die stay until a full collection, which is where a busy host's
 * memory peaks (docs/performance.md, "State and memory").
 *
 * Each client runs in a child process of its own, traced by V8 (`--trace-gc-nvp`), against a loopback server in
 * that process answering like TrilioVault, with {@link CONCURRENCY} requests in flight as in a busy host. Only the
 * collections between the {@link START} and {@link END} lines count, after a warm-up.
 */
import { fork } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { loadGot } from "../provider/core/http/got";
import { HttpClient } from "../provider/core/http/http";

/** The clients compared: the provider's, got as a plain script uses it, and Node's own. */
export const PROMOTION_CLIENTS = [
  "this provider's HTTP client",
  "got's promise interface",
  "Node's http",
] as const;

/** One of {@link PROMOTION_CLIENTS}. */
export type PromotionClient = (typeof PROMOTION_CLIENTS)[number];

const START = "promotion: start";
const END = "promotion: end";
const WARM_UP = 300;
const REQUESTS = 3000;
const CONCURRENCY = 16;

/**
 * Bytes promoted by the young-generation collections (`gc=s`) that V8's `--trace-gc-nvp` output reports between a
 * line `start` and a line `end`.
 */
export function promotedBytes(trace: string, start = START, end = END): number {
  let counting = false;
  let bytes = 0;
  for (const line of trace.split("\n")) {
    if (line === start) counting = true;
    else if (line === end) counting = false;
    else if (counting && /\bgc=s\b/.test(line))
      bytes += Number(/(?:^|\s)promoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return bytes;
}

/** KB promoted per request, per client, each measured in a child process of its own. */
export async function measurePromotion(): Promise<Record<PromotionClient, number>> {
  const result = {} as Record<PromotionClient, number>;
  for (const client of PROMOTION_CLIENTS) {
    result[client] = promotedBytes(await traceChild(client)) / REQUESTS / 1024;
  }
  return result;
}

function traceChild(client: PromotionClient): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [client], {
      execArgv: ["--trace-gc-nvp"],
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    let trace = "";
    child.stdout?.setEncoding("utf8").on("data", (text: string) => (trace += text));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(trace)
        : reject(new Error(`the promotion measurement of ${client} exited with ${code}`)),
    );
  });
}

/** A restore as TrilioVault describes it, about half a kilobyte. */
const BODY = JSON.stringify({
  restore: {
    id: "4b1e0c6e-7a0e-4d59-9a43-1c1f5a9d9c11",
    status: "restoring",
    progress_percent: 40,
    name: "bench",
    description: "d".repeat(300),
    instances: [{ id: "a", name: "web", metadata: {} }],
  },
});

async function runChild(client: PromotionClient): Promise<void> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => response.setHeader("content-type", "application/json").end(BODY));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/restores/1`;
  const send = await sender(client, url);
  const run = async (count: number) => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) await send();
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  await run(WARM_UP);
  process.stdout.write(`${START}\n`);
  await run(REQUESTS);
  process.stdout.write(`${END}\n`);
  server.close();
}

async function sender(client: PromotionClient, url: string): Promise<() => Promise<unknown>> {
  const headers = { "x-auth-token": "t".repeat(180), accept: "application/json" };
  switch (client) {
    case "this provider's HTTP client": {
      const provider = new HttpClient({ service: "TrilioVault" });
      return () => provider.send({ method: "GET", url, headers });
    }
    case "got's promise interface": {
      const got = await loadGot();
      return () => got(url, { headers }).json();
    }
    case "Node's http":
      return () =>
        new Promise((resolve, reject) => {
          http
            .get(url, { headers }, (response) => {
              const chunks: Buffer[] = [];
              response.on("data", (chunk: Buffer) => chunks.push(chunk));
              response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
            })
            .on("error", reject);
        });
  }
}

if (require.main === module) {
  void runChild(process.argv[2] as PromotionClient).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
