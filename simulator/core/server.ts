import { setMaxListeners } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { finished } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { type Clock } from "./clock";
import { identityErrorBody, reasonPhrase } from "./fault-bodies";
import { type ActiveFaultRule, faultAnswers, FaultInjector } from "./fault-injector";
import { flattenHeaders, parseBody, readBodyText } from "./http-body";
import { requestId } from "./ids";
import { InFlightRequests, RequestLog } from "./request-log";
import { HttpError, type Reply, type ServiceRequest, type SimService } from "./service";

/** Options of {@link SimulatorServer.listen}. */
export interface SimulatorServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Clock stamped on recorded requests. */
  readonly clock: Clock;
  /** How many requests the log keeps at most (oldest dropped first). */
  readonly requestLogLimit: number;
  /** Services exempt from fault rules (the admin API, so a rule never locks its own remover out). */
  readonly faultExempt: readonly string[];
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  readonly tls?: SimulatorTlsOptions;
}

/** The certificate (chain) and private key of an HTTPS simulator, as PEM text. */
export interface SimulatorTlsOptions {
  readonly cert: string;
  readonly key: string;
}

/** Answers requests outside every service prefix. */
const unknownService: SimService = {
  name: "unknown",
  prefix: "",
  requestIdHeader: "X-Request-Id",
  faultBody: identityErrorBody,
  handle: () => {
    throw new HttpError(404, "No simulated service is mounted at this path.");
  },
};

const RESET = Symbol("reset");
type Outcome = Reply | typeof RESET;

/** The request target as a URL (on a placeholder origin). */
function urlOf(incoming: IncomingMessage): URL {
  return new URL(incoming.url ?? "/", "http://simulator.invalid");
}

function hasPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Builds the error reply of `service` for an exception thrown while handling a request. */
function errorReply(service: SimService, error: unknown): Reply {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: error.body !== undefined ? error.body : service.faultBody(error.status, error.message),
      headers: error.headers,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: service.faultBody(500, `Unexpected simulator error: ${message}`) };
}

function ruleHeaders(rule: ActiveFaultRule): Record<string, string> {
  const headers: Record<string, string> = { ...rule.headers };
  if (rule.retryAfter !== undefined) headers["Retry-After"] = String(rule.retryAfter);
  return headers;
}

function faultReply(service: SimService, rule: ActiveFaultRule): Reply {
  const status = rule.status ?? 500;
  const body = rule.body ?? service.faultBody(status, `${reasonPhrase(status)} (simulated fault)`);
  return { status, body, headers: ruleHeaders(rule) };
}

/**
 * The simulator's single HTTP server on 127.0.0.1. It mounts {@link SimService}s under their path
 * prefixes and, for every request: reads and parses the body, assigns a request id, applies the
 * first matching fault rule, lets the service answer, and records the exchange in the request log.
 */
export class SimulatorServer {
  /** Every request answered, in arrival order. */
  readonly log: RequestLog;
  /** Fault rules applied to incoming requests. */
  readonly faults = new FaultInjector();
  /** Requests being answered now, and the most at once, per service. */
  readonly inFlight = new InFlightRequests();
  private readonly services: SimService[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();

  private constructor(
    private readonly server: Server,
    private readonly options: SimulatorServerOptions,
  ) {
    this.log = new RequestLog(options.requestLogLimit);
    // Every delayed answer listens for the close: any number may be waiting at once.
    setMaxListeners(0, this.closing.signal);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      const service = this.serviceFor(urlOf(request).pathname).name;
      this.inFlight.begin(service);
      this.handle(request, response)
        .catch(() => request.socket.destroy())
        .finally(() => this.inFlight.end(service));
    });
  }

  /** Starts a server listening on 127.0.0.1 (HTTPS when `options.tls` is given). */
  static async listen(options: SimulatorServerOptions): Promise<SimulatorServer> {
    const server: Server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
      : createServer();
    const simulator = new SimulatorServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return simulator;
  }

  /** Base URL, `http://127.0.0.1:PORT` (`https://` with TLS). */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `${this.options.tls ? "https" : "http"}://127.0.0.1:${address.port}`;
  }

  /** Mounts a service under its prefix (the longest matching prefix wins). */
  mount(service: SimService): void {
    if (this.services.some((mounted) => mounted.prefix === service.prefix)) {
      throw new Error(`a service is already mounted at ${service.prefix}`);
    }
    this.services.push(service);
    this.services.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Stops listening, destroys open connections and abandons requests waiting on a fault delay. */
  async close(): Promise<void> {
    this.closing.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private serviceFor(path: string): SimService {
    return this.services.find((service) => hasPrefix(path, service.prefix)) ?? unknownService;
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const seq = this.log.nextSeq();
    const time = this.options.clock.now();
    const url = incoming.url ?? "/";
    const parsedUrl = urlOf(incoming);
    const path = parsedUrl.pathname;
    const method = (incoming.method ?? "GET").toUpperCase();
    const headers = flattenHeaders(incoming.headers);
    const body = parseBody(await readBodyText(incoming));
    const query = Object.fromEntries(parsedUrl.searchParams);
    const service = this.serviceFor(path);
    const id = requestId();
    const rule = this.options.faultExempt.includes(service.name)
      ? undefined
      : this.faults.take({ service: service.name, method, path, query });
    const request: ServiceRequest = {
      method,
      path: path.slice(service.prefix.length) || "/",
      query,
      headers,
      body,
      requestId: id,
    };

    let outcome: Outcome;
    try {
      outcome = await this.answer(service, request, rule);
    } catch (error) {
      if (this.closing.signal.aborted) {
        incoming.socket.destroy();
        return;
      }
      throw error;
    }
    if (outcome === RESET) incoming.socket.destroy();
    else await this.send(response, service, id, outcome);
    this.log.record({
      seq,
      time,
      service: service.name,
      method,
      path,
      query,
      url,
      headers,
      body,
      status: outcome === RESET ? 0 : outcome.status,
      requestId: id,
      durationMs: performance.now() - startedAt,
      ...(rule ? { fault: rule.id } : {}),
    });
  }

  private async answer(
    service: SimService,
    request: ServiceRequest,
    rule?: ActiveFaultRule,
  ): Promise<Outcome> {
    if (rule === undefined) return this.invoke(service, request);
    const after = rule.when === "after";
    const replaces = rule.reset === true || faultAnswers(rule);
    if (!after) await this.wait(rule.delayMs);
    const real = after || !replaces ? await this.invoke(service, request) : undefined;
    if (after) await this.wait(rule.delayMs);
    if (rule.reset === true) return RESET;
    if (faultAnswers(rule)) return faultReply(service, rule);
    const reply = real as Reply;
    return { ...reply, headers: { ...reply.headers, ...ruleHeaders(rule) } };
  }

  private async invoke(service: SimService, request: ServiceRequest): Promise<Reply> {
    try {
      return await service.handle(request);
    } catch (error) {
      return errorReply(service, error);
    }
  }

  private async wait(delayMs: number | undefined): Promise<void> {
    if (delayMs !== undefined && delayMs > 0)
      await sleep(delayMs, undefined, { signal: this.closing.signal });
  }

  private async send(response: ServerResponse, service: SimService, id: string, reply: Reply): Promise<void> {
    const isText = typeof reply.body === "string";
    const payload =
      reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
    response.statusCode = reply.status;
    response.setHeader(service.requestIdHeader, id);
    // The simulated time, as a real server sends its own clock's (Node would send the wall clock's).
    response.setHeader("Date", new Date(this.options.clock.now()).toUTCString());
    response.setHeader("Content-Type", isText ? "text/plain; charset=utf-8" : "application/json");
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
    response.setHeader("Content-Length", Buffer.byteLength(payload));
    response.end(payload);
    await finished(response).catch(() => undefined);
  }
}
