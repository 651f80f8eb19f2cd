/**
 * HTTP for every API client, on got.
 *
 * What callers may rely on:
 * - Each attempt has its own timeout ({@link HttpClientOptions.timeoutMs}), and waits for one of the endpoint's
 *   concurrent-request slots (see ./http-settings).
 * - A client may also bound a whole send ({@link HttpClientOptions.deadlineMs}): each attempt's timeout is cut to
 *   what is left of it, and no retry starts that would not have at least a second (or its whole timeout, if
 *   shorter) before it runs out.
 * - Each retry is logged as it happens ({@link HttpClientOptions.log}), naming the service, the URL and why.
 * - A request that never got an answer fails naming the service, the URL, why, and how many attempts over how
 *   long were made.
 * - Throttling and outages are retried with exponential backoff and jitter: 429 (honouring `Retry-After`), 502,
 *   503, 504 and connection errors, up to {@link RetryPolicy.maxAttempts}.
 * - A request that is not idempotent (by default, a POST: it starts an operation) is retried only when the server
 *   certainly did not act on it: 429 and 503 answers, or a connection that was never established. When its outcome
 *   is unknown (the connection dropped after sending, a timeout, 502/504 from a gateway) it fails with
 *   `ambiguous: true`, and the caller looks for the operation it may have started before trying again.
 * - Any other non-2xx answer fails with a {@link ProviderError} carrying status, server message and request id.
 * - Credentials never appear in errors or log lines (see ./redact).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Got } from "got" with { "resolution-mode": "import" };
import { currentClock, jitterOf, type Clock } from "../clock";
import { ProviderError } from "../errors";
import { loadGot } from "./got";
import { maxConcurrentRequests, requestTimeoutMs } from "./http-settings";
import { limiterFor } from "./limiter";
import { count, seconds } from "../messages";
import { redact } from "../redact";
import { requestIdOf, serverMessageOf } from "./server-message";

/** HTTP methods the clients use. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request. */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** Safe to send again when its outcome is unknown. Default: true for every method but POST. */
  idempotent?: boolean;
  /** Non-2xx statuses to return instead of failing on (for example 404 where "gone" is an answer). */
  acceptStatuses?: readonly number[];
}

/** A response: status, headers (lower-case names), the body parsed as JSON (undefined when empty). */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  requestId?: string;
}

/** When and how often to retry. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Ceiling for the exponential delay. */
  maxDelayMs: number;
  /** Ceiling for a server's `Retry-After`. */
  maxRetryAfterMs: number;
}

/** TLS settings of a client. */
export interface TlsSettings {
  /** A CA bundle (PEM text) to trust. */
  caCert?: string;
  /** Verification switched off. */
  insecure?: boolean;
  /**
   * The environment variables users set these with, named in messages that say how to fix a TLS problem.
   * Default: {@link OPENSTACK_TLS_VARIABLES}.
   */
  variables?: { caCert: string; insecure: string };
}

/** The OpenStack clients' TLS variables. */
export const OPENSTACK_TLS_VARIABLES = { caCert: "OS_CACERT", insecure: "OS_INSECURE" } as const;

/** Settings of an {@link HttpClient}. */
export interface HttpClientOptions {
  /** The API's name in messages: "TrilioVault", "Keystone". */
  service: string;
  /** Timeout of one attempt, in milliseconds. Default: `requestTimeoutMs()` (60 s unless configured). */
  timeoutMs?: number;
  /**
   * Time for one whole send, in milliseconds: every attempt and the waits between them. Default: none (the
   * attempts' timeouts and the retry policy bound it).
   */
  deadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  /** TLS: a CA bundle (PEM text) to trust, or verification switched off. */
  tls?: TlsSettings;
  userAgent?: string;
  clock?: Clock;
  /** Source of jitter, in [0, 1). Default: the clock's (see ./clock). */
  random?: () => number;
  /** Receives one line per retry. */
  log?: (line: string) => void;
}

/** The retry policy used unless a client overrides it. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/**
 * The least time a retry must have before the deadline to be worth starting (or the attempt timeout, if shorter):
 * an API answers well within a second when it answers at all.
 */
const MIN_ATTEMPT_MS = 1_000;

/** Connection errors where the request never reached the server: always safe to retry. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Connection errors after which the server may or may not have acted. */
const MAYBE_SENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ERR_STREAM_PREMATURE_CLOSE",
]);
/** TLS verification failures: not transient, and worth a message that says how to fix them. */
const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Statuses that mean the server did not act on the request. */
const REFUSED_STATUSES = new Set([429, 503]);
/** Statuses from a gateway: the server behind it may have acted. */
const GATEWAY_STATUSES = new Set([502, 504]);

/** What one attempt received. */
interface RawResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

type Attempt = { kind: "response"; response: RawResponse } | { kind: "error"; error: unknown };

/** Why an attempt failed, and whether another may be made. */
interface Verdict {
  retry: boolean;
  why: string;
  ambiguous?: boolean;
}

/** What a send tried before it gave up: attempts, milliseconds they took, and whether its deadline stopped it. */
interface Tried {
  attempts: number;
  elapsedMs: number;
  outOfTime: boolean;
}

/** An HTTP client with the retry, timeout, TLS and error conventions above. */
export class HttpClient {
  private readonly policy: RetryPolicy;
  private gotInstance?: Promise<Got>;

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (options.tls?.insecure) warnInsecure(options.service, this.tlsVariables.caCert);
  }

  private get tlsVariables(): { caCert: string; insecure: string } {
    return this.options.tls?.variables ?? OPENSTACK_TLS_VARIABLES;
  }

  private get clock(): Clock {
    return this.options.clock ?? currentClock();
  }

  private random(): number {
    return (this.options.random ?? jitterOf(this.clock))();
  }

  /** Sends `request`, retrying as described in this module's summary. */
  async send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const idempotent = request.idempotent ?? request.method !== "POST";
    const started = this.clock.now();
    const deadline = this.options.deadlineMs === undefined ? undefined : started + this.options.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const timeoutMs = this.attemptTimeout(deadline);
      const outcome = await this.attempt(request, timeoutMs);
      const verdict = this.classify(outcome, idempotent, timeoutMs);
      const delay =
        verdict.retry && attempt < this.policy.maxAttempts ? this.retryDelay(attempt, outcome) : -1;
      const inTime = deadline === undefined || this.clock.now() + delay + this.minAttemptMs <= deadline;
      if (delay >= 0 && inTime) {
        this.options.log?.(
          `${this.options.service} ${request.method} ${urlOf(request.url)}: ${verdict.why}; retrying in ` +
            `${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${this.policy.maxAttempts}` +
            `${deadline === undefined ? "" : `, gives up at ${clockTime(deadline)}`})`,
        );
        await this.clock.sleep(delay);
        continue;
      }
      if (outcome.kind === "response") return this.finish<T>(outcome.response, request);
      const tried = { attempts: attempt, elapsedMs: this.clock.now() - started, outOfTime: delay >= 0 };
      throw this.connectionError(outcome.error, request, verdict, tried);
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? requestTimeoutMs();
  }

  private get minAttemptMs(): number {
    return Math.min(MIN_ATTEMPT_MS, this.timeoutMs);
  }

  /** The timeout of the next attempt: the client's, cut to what is left before `deadline`. */
  private attemptTimeout(deadline: number | undefined): number {
    if (deadline === undefined) return this.timeoutMs;
    return Math.max(1, Math.min(this.timeoutMs, deadline - this.clock.now()));
  }

  private async attempt(request: HttpRequest, timeoutMs: number): Promise<Attempt> {
    const got = await this.got();
    return limiterFor(request.url, maxConcurrentRequests()).run(() => this.sendOnce(got, request, timeoutMs));
  }

  /**
   * One attempt, through got's stream interface. Its promise interface keeps every request's objects alive across
   * V8's young-generation collections, so they all (about 13 KB per request) reach the old generation, where only a
   * full collection frees them; the stream interface sends the same request and lets them die young. The switch
   * lowered the host's peak in an `up` of 500 resources from 213 to 187 MiB (docs/performance.md).
   */
  private sendOnce(got: Got, request: HttpRequest, timeoutMs: number): Promise<Attempt> {
    requestCounts.set(this.options.service, (requestCounts.get(this.options.service) ?? 0) + 1);
    return new Promise((resolve) => {
      const stream = got.stream(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...(this.options.userAgent ? { "user-agent": this.options.userAgent } : {}),
          ...request.headers,
        },
        json: request.json,
        // The got instance has the client's timeout; an attempt cut short by the deadline has its own.
        ...(timeoutMs < this.timeoutMs ? { timeout: { request: timeoutMs } } : {}),
      });
      const chunks: Buffer[] = [];
      let received: Pick<RawResponse, "statusCode" | "headers"> | undefined;
      stream.once("response", (response: Pick<RawResponse, "statusCode" | "headers">) => {
        received = { statusCode: response.statusCode, headers: response.headers };
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.once("end", () => {
        if (!received)
          return resolve({ kind: "error", error: new Error("the response ended before its headers") });
        resolve({
          kind: "response",
          response: { ...received, body: Buffer.concat(chunks).toString("utf8") },
        });
      });
      stream.on("error", (error: unknown) => resolve({ kind: "error", error }));
      // Without a body to send, a POST stream waits for one to be written.
      if (request.json === undefined) stream.end();
    });
  }

  private classify(outcome: Attempt, idempotent: boolean, timeoutMs: number): Verdict {
    if (outcome.kind === "response") {
      const status = outcome.response.statusCode;
      if (REFUSED_STATUSES.has(status)) return { retry: true, why: `HTTP ${status}` };
      if (GATEWAY_STATUSES.has(status))
        return { retry: idempotent, why: `HTTP ${status}`, ambiguous: !idempotent };
      return { retry: false, why: `HTTP ${status}` };
    }
    const code = errorCode(outcome.error);
    if (NOT_SENT_CODES.has(code)) return { retry: true, why: notSentWhy(code) };
    if (MAYBE_SENT_CODES.has(code) || isTimeout(outcome.error)) {
      const why = isTimeout(outcome.error)
        ? `no answer within ${seconds(timeoutMs)}`
        : `connection lost (${code})`;
      return { retry: idempotent, why, ambiguous: !idempotent };
    }
    return { retry: false, why: code || "request failed" };
  }

  private retryDelay(attempt: number, outcome: Attempt): number {
    if (outcome.kind === "response") {
      const retryAfter = parseRetryAfter(outcome.response.headers["retry-after"], this.clock.now());
      if (retryAfter !== undefined) return Math.min(retryAfter, this.policy.maxRetryAfterMs);
    }
    const exponential = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the delay, so retries never bunch up at zero.
    return exponential / 2 + (exponential / 2) * this.random();
  }

  private finish<T>(response: RawResponse, request: HttpRequest): HttpResponse<T> {
    const status = response.statusCode;
    const requestId = requestIdOf(response.headers);
    const body = parseBody(response.body);
    const ok = (status >= 200 && status < 300) || (request.acceptStatuses ?? []).includes(status);
    if (!ok) throw this.statusError(status, requestId, body, request);
    if (body.malformed) {
      const label = requestLabel(request);
      throw new ProviderError(
        `${this.options.service} sent a response that is not valid JSON to ${label}: ${body.malformed}`,
        { status, requestId, request: label },
      );
    }
    return { status, headers: response.headers, body: body.value as T, requestId };
  }

  private statusError(
    status: number,
    requestId: string | undefined,
    body: ReturnType<typeof parseBody>,
    request: HttpRequest,
  ): ProviderError {
    const gateway = GATEWAY_STATUSES.has(status);
    const ambiguous = gateway && !(request.idempotent ?? request.method !== "POST");
    return new ProviderError(
      serverMessageOf(body.value ?? body.text) ?? `${this.options.service} answered ${status}`,
      {
        status,
        serverMessage: serverMessageOf(body.value ?? body.text),
        requestId,
        request: requestLabel(request),
        ambiguous,
        transient: REFUSED_STATUSES.has(status) || gateway,
      },
    );
  }

  private connectionError(error: unknown, request: HttpRequest, verdict: Verdict, tried: Tried) {
    const code = errorCode(error);
    const label = requestLabel(request);
    if (TLS_CODES.has(code)) {
      return new ProviderError(
        `TLS verification of ${this.options.service} failed for ${request.method} ${urlOf(request.url)} ` +
          `(${code}): the server's certificate is not trusted. Set caCert in the connection (or ` +
          `${this.tlsVariables.caCert}) to the CA bundle that signed it, or insecure: true ` +
          `(${this.tlsVariables.insecure}=true) to skip verification (not recommended)`,
        { request: label, unreachable: true },
      );
    }
    // A code or a timeout says it all (the URL names the host); anything else keeps its own words.
    const detail =
      code || isTimeout(error) ? "" : `: ${error instanceof Error ? error.message : String(error)}`;
    const tries = describeTried(tried, this.options.deadlineMs);
    return new ProviderError(
      `${this.options.service} ${request.method} ${urlOf(request.url)}: ${verdict.why}${tries}${detail}`,
      { request: label, ambiguous: verdict.ambiguous, transient: true, unreachable: true },
    );
  }

  private got(): Promise<Got> {
    this.gotInstance ??= configuredGot(
      this.timeoutMs,
      this.options.tls?.caCert,
      this.options.tls?.insecure ?? false,
    );
    return this.gotInstance;
  }
}

/** got instances by timeout and TLS settings: extending got is costly, and every operation makes clients. */
const gotInstances = new Map<string, Promise<Got>>();

function configuredGot(timeoutMs: number, caCert: string | undefined, insecure: boolean): Promise<Got> {
  const key = JSON.stringify([timeoutMs, caCert ?? null, insecure]);
  let instance = gotInstances.get(key);
  if (!instance) {
    instance = loadGot().then((got) =>
      got.extend({
        throwHttpErrors: false,
        retry: { limit: 0 },
        followRedirect: false,
        timeout: { request: timeoutMs },
        https: { certificateAuthority: caCert, rejectUnauthorized: !insecure },
        hooks: { beforeRequest: [withoutCacheOptions] },
      }),
    );
    gotInstances.set(key, instance);
  }
  return instance;
}

/**
 * Empties got's cache options, which only a got `cache` reads (this client has none). got spreads them into every
 * request's native options ahead of some thirty more properties, and V8 (Node 20) builds each such object with new
 * hidden classes, in the old generation: garbage that only a full collection frees, about 20 KB per request. An
 * `up` of hundreds of resources piled it up to the host's peak memory (docs/performance.md).
 */
function withoutCacheOptions(options: { cacheOptions: object }): void {
  options.cacheOptions = {};
}

const requestCounts = new Map<string, number>();

/** Requests sent by this process so far, by service ("Cinder", "Keystone"): for benchmarks. */
export function requestCountsByService(): Readonly<Record<string, number>> {
  return Object.fromEntries(requestCounts);
}

const warnedInsecure = new Set<string>();

/** Says once per service and process that certificates are not verified. */
function warnInsecure(service: string, caCertVariable: string): void {
  if (warnedInsecure.has(service)) return;
  warnedInsecure.add(service);
  console.error(
    `warning: TLS certificates of ${service} are not verified (insecure: true): anyone on the network path ` +
      `could impersonate it. Set caCert (or ${caCertVariable}) to its CA bundle instead.`,
  );
}

/** `GET /v3/…/restores/…`: a request as messages name it. */
function requestLabel(request: HttpRequest): string {
  return `${request.method} ${pathOf(request.url)}`;
}

/** The path of a URL without its query, for messages (never the host's credentials or query secrets). */
export function pathOf(url: string): string {
  try {
    return redact(new URL(url).pathname);
  } catch {
    return redact(url.split("?")[0]);
  }
}

/**
 * A URL as messages name it: scheme, host, port and path, without user info or query (where credentials could be),
 * redacted.
 */
export function urlOf(url: string): string {
  try {
    const parsed = new URL(url);
    return redact(`${parsed.protocol}//${parsed.host}${parsed.pathname}`);
  } catch {
    return redact(url.split("?")[0]);
  }
}

/** " (3 attempts in 4.2 s, too little of the 5 s allowed left for another)", or "" for one attempt in time. */
function describeTried(tried: Tried, deadlineMs: number | undefined): string {
  const parts: string[] = [];
  if (tried.attempts > 1) parts.push(`${count(tried.attempts, "attempt")} in ${seconds(tried.elapsedMs)}`);
  if (tried.outOfTime && deadlineMs !== undefined) {
    parts.push(`too little of the ${seconds(deadlineMs)} allowed left for another`);
  }
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** Why a request never reached the server, from its error code. */
function notSentWhy(code: string): string {
  if (code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `host not found (${code})`;
  return `connection failed (${code})`;
}

/** A time of `Date.now()` for messages: "04:12:33 UTC". */
function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** Milliseconds to wait from a `Retry-After` header (seconds or an HTTP date), if it is usable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseBody(text: string): { value?: unknown; text?: string; malformed?: string } {
  if (!text || !text.trim()) return {};
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const snippet = text.trim().slice(0, 80).replace(/\s+/g, " ");
    return { text, malformed: `${(error as Error).message} (starts with "${snippet}")` };
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : "";
}

function isTimeout(error: unknown): boolean {
  return (error as { name?: string })?.name === "TimeoutError" || errorCode(error) === "ETIMEDOUT";
}
