/**
 * Keystone v3 sessions: one token per credential set per process, shared by every resource that uses the same
 * credentials, renewed shortly before it expires and once when a service answers 401.
 *
 * What callers may rely on:
 * - Concurrent callers share one token request (50 resources starting at once make one request).
 * - A token is renewed when less than a tenth of its lifetime (at most five minutes) is left.
 * - {@link KeystoneSession.invalidate} after a 401 makes the next {@link KeystoneSession.token} fetch a new token,
 *   once, however many requests saw the 401.
 * - Service endpoints come from the token's catalog by service type, interface and region, unless the
 *   connection overrides them ({@link endpointFor}); the session itself knows only credentials, so connections
 *   that share credentials share a token whatever their region or overrides.
 * - A token request takes at most `dataprotection:authTimeout` (see ../core/http/http-settings), every retry
 *   included; each retry is logged as it happens, and a failure says what it means for this connection: Keystone
 *   unreachable, not at the auth URL (404), refusing the credentials (401), or failing itself (its message and
 *   request id).
 */
import { createHash } from "node:crypto";
import { currentClock } from "../core/clock";
import { ProviderError } from "../core/errors";
import { type HttpClient, urlOf } from "../core/http/http";
import { AUTH_TIMEOUT_SETTING } from "../core/http/http-settings";
import { loginClient } from "../core/http/login-client";
import { seconds } from "../core/messages";
import type { DomainRef, KeystoneAuth, OpenStackConnection, ProjectScope } from "./connection";
import { registerSecret } from "../core/redact";

/** One endpoint of a catalog entry. */
export interface CatalogEndpoint {
  interface: string;
  region?: string | null;
  region_id?: string | null;
  url: string;
}

/** One service in the token's catalog. */
export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** A token issued by Keystone, with what came with it. */
export interface IssuedToken {
  id: string;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
  issuedAt: number;
  projectId?: string;
  catalog: CatalogEntry[];
}

interface TokenBody {
  token?: {
    expires_at?: string;
    issued_at?: string;
    project?: { id?: string };
    catalog?: CatalogEntry[];
  };
}

/** How long before expiry a token is renewed: a tenth of its lifetime, at most five minutes. */
const MAX_RENEWAL_MARGIN_MS = 5 * 60_000;

const sessions = new Map<string, KeystoneSession>();
/** Sessions by connection object: resolved connections are shared, so most lookups skip hashing the credentials. */
const sessionsByConnection = new WeakMap<OpenStackConnection, KeystoneSession>();

/** A Keystone session for one credential set. Get one with {@link KeystoneSession.for}. */
export class KeystoneSession {
  /** Token requests this session has made (for tests and benchmarks). */
  tokenRequests = 0;
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;

  private constructor(private readonly connection: OpenStackConnection) {}

  /** The process-wide session for this connection's credentials, scope and TLS settings. */
  static for(connection: OpenStackConnection): KeystoneSession {
    let session = sessionsByConnection.get(connection);
    if (session) return session;
    const key = sessionKey(connection);
    session = sessions.get(key);
    if (!session) {
      session = new KeystoneSession(connection);
      sessions.set(key, session);
    }
    sessionsByConnection.set(connection, session);
    return session;
  }

  /** Token requests made by every session of this process (for tests and benchmarks). */
  static totalTokenRequests(): number {
    return [...sessions.values()].reduce((sum, session) => sum + session.tokenRequests, 0);
  }

  /** A valid token, from cache or freshly issued. */
  async token(): Promise<IssuedToken> {
    if (this.current && !this.needsRenewal(this.current)) return this.current;
    this.pending ??= this.issue().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Drops `tokenId` if it is the current token (a service rejected it), so the next caller gets a new one. */
  invalidate(tokenId: string): undefined {
    if (this.current?.id === tokenId) this.current = undefined;
    return undefined;
  }

  private needsRenewal(token: IssuedToken): boolean {
    const lifetime = token.expiresAt - token.issuedAt;
    const margin = Math.min(MAX_RENEWAL_MARGIN_MS, lifetime / 10);
    return currentClock().now() >= token.expiresAt - margin;
  }

  private async issue(): Promise<IssuedToken> {
    this.tokenRequests++;
    const auth = this.connection.auth;
    const url = `${this.connection.authUrl}/auth/tokens`;
    const { http, allowedMs } = loginClient("Keystone", this.connection.tls);
    const response = await this.request(http, url).catch((error: unknown) => {
      throw tokenRequestFailure(error, this.connection, allowedMs);
    });
    const id =
      auth.method === "token" && !this.connection.scope
        ? auth.token
        : headerValue(response.headers["x-subject-token"]);
    if (!id) {
      throw new ProviderError("Keystone issued no token (the X-Subject-Token header is missing)", {
        requestId: response.requestId,
        connectionFault: true,
      });
    }
    registerSecret(id);
    const token = this.parseToken(id, response.body);
    this.current = token;
    return token;
  }

  /** The request that issues (or, for a given unscoped token, checks) a token. */
  private request(http: HttpClient, url: string) {
    const auth = this.connection.auth;
    return auth.method === "token" && !this.connection.scope
      ? http.send<TokenBody>({
          method: "GET",
          url,
          headers: { "x-auth-token": auth.token, "x-subject-token": auth.token },
        })
      : http.send<TokenBody>({
          method: "POST",
          url,
          json: authRequestBody(auth, this.connection.scope),
          // Issuing a token changes nothing a retry could duplicate.
          idempotent: true,
        });
  }

  private parseToken(id: string, body: TokenBody): IssuedToken {
    const expiresAt = Date.parse(body?.token?.expires_at ?? "");
    if (Number.isNaN(expiresAt)) {
      throw new ProviderError("Keystone's token response has no valid token.expires_at", {
        connectionFault: true,
      });
    }
    const issuedAt = Date.parse(body.token?.issued_at ?? "");
    return {
      id,
      expiresAt,
      issuedAt: Number.isNaN(issuedAt) ? currentClock().now() : issuedAt,
      projectId: body.token?.project?.id,
      catalog: body.token?.catalog ?? [],
    };
  }
}

/**
 * What a failed token request means for `connection`, in its terms: Keystone refused the credentials (401), the
 * auth URL is not Keystone v3 (404), Keystone could not be reached in the time allowed, or it failed (its own
 * message and request id). The HTTP details stay, so a check charges the failure to `connection`.
 */
function tokenRequestFailure(error: unknown, connection: OpenStackConnection, allowedMs: number): unknown {
  if (!ProviderError.isInstance(error)) return error;
  const { status, serverMessage, requestId, request, unreachable, transient } = error;
  const details = {
    status,
    serverMessage,
    requestId,
    request,
    unreachable,
    transient,
    connectionFault: true,
  };
  const authUrl = urlOf(connection.authUrl);
  const answered = serverMessage ? ` ("${serverMessage}")` : "";
  if (status === 401 || status === 403) {
    return new ProviderError(
      `Keystone refused ${credentialName(connection.auth)}${answered}: check the connection's credentials ` +
        `${status === 403 ? "and project " : ""}(or the OS_* variables)`,
      details,
    );
  }
  if (status === 404) {
    return new ProviderError(
      `${authUrl} is not a Keystone v3 endpoint: ${authUrl}/auth/tokens answered 404${answered}. Set the ` +
        "connection's authUrl (or OS_AUTH_URL) to Keystone's v3 endpoint, ending in /v3",
      details,
    );
  }
  if (status !== undefined) {
    const whose =
      status >= 500
        ? "the fault is Keystone's own (its logs have more under the request id)"
        : "check the connection's settings (or the OS_* variables)";
    return new ProviderError(
      `Keystone at ${authUrl}/auth/tokens failed to issue a token${answered}: ${whose}`,
      details,
    );
  }
  // A TLS failure (not transient) already says what to set; a connection that failed or went unanswered does not.
  if (!unreachable || !transient) return new ProviderError(error.reason, details);
  return new ProviderError(
    `${error.reason}. Check that Keystone is reachable from here at the connection's authUrl (or OS_AUTH_URL), ` +
      `${authUrl}, and that it is Keystone's v3 endpoint, ending in /v3. Token requests are given ` +
      `${seconds(allowedMs)} in all: if Keystone is only slow, raise ${AUTH_TIMEOUT_SETTING}`,
    details,
  );
}

/** Who Keystone refused, in a message: "user ops in domain Default", "application credential 3df1…". */
function credentialName(auth: KeystoneAuth): string {
  const user = (u: { id: string } | { name: string; domain: DomainRef }) =>
    "id" in u ? `user ${u.id}` : `user ${u.name} in domain ${"id" in u.domain ? u.domain.id : u.domain.name}`;
  switch (auth.method) {
    case "password":
      return user(auth.user);
    case "application_credential":
      return "id" in auth
        ? `application credential ${auth.id}`
        : `application credential ${auth.name} of ${user(auth.user)}`;
    case "token":
      return "the given token";
  }
}

/** The URL of a service for `connection`: its override, or the catalog's endpoint for its interface and region. */
export async function endpointFor(connection: OpenStackConnection, serviceType: string): Promise<string> {
  const override = connection.endpointOverrides[serviceType];
  if (override) return override.replace(/\/+$/, "");
  const token = await KeystoneSession.for(connection).token();
  return findEndpoint(token.catalog, serviceType, connection.interface, connection.region);
}

/** The `auth` request body for `POST /v3/auth/tokens`. */
export function authRequestBody(auth: KeystoneAuth, scope: ProjectScope | undefined): unknown {
  let identity: unknown;
  switch (auth.method) {
    case "password":
      identity = { methods: ["password"], password: { user: { ...auth.user, password: auth.password } } };
      break;
    case "application_credential":
      identity = {
        methods: ["application_credential"],
        application_credential:
          "id" in auth
            ? { id: auth.id, secret: auth.secret }
            : { name: auth.name, user: auth.user, secret: auth.secret },
      };
      break;
    case "token":
      identity = { methods: ["token"], token: { id: auth.token } };
      break;
  }
  return { auth: { identity, ...(scope ? { scope: { project: scope } } : {}) } };
}

/** Whether `connection` reaches a service of `serviceType`: an override, or an entry in its token's catalog. */
export async function offersService(connection: OpenStackConnection, serviceType: string): Promise<boolean> {
  if (connection.endpointOverrides[serviceType]) return true;
  const token = await KeystoneSession.for(connection).token();
  return token.catalog.some((entry) => entry.type === serviceType);
}

/** The endpoint URL for a service type, interface and (optional) region, or an error that lists what exists. */
export function findEndpoint(
  catalog: CatalogEntry[],
  serviceType: string,
  iface: string,
  region: string | undefined,
): string {
  const service = catalog.find((entry) => entry.type === serviceType);
  if (!service) {
    const types = catalog.map((entry) => entry.type).join(", ") || "none";
    throw new ProviderError(
      `the Keystone catalog has no "${serviceType}" service (it has: ${types}); ` +
        `set endpointOverrides.${serviceType} in the connection to use an endpoint directly`,
      { connectionFault: true },
    );
  }
  const matches = service.endpoints.filter(
    (endpoint) =>
      endpoint.interface === iface &&
      (!region || endpoint.region === region || endpoint.region_id === region),
  );
  if (matches.length === 0) {
    const available = service.endpoints
      .map((e) => `${e.interface}/${e.region ?? e.region_id ?? "-"}`)
      .join(", ");
    throw new ProviderError(
      `the "${serviceType}" service has no ${iface} endpoint${region ? ` in region ${region}` : ""} ` +
        `(it has: ${available || "none"})`,
      { connectionFault: true },
    );
  }
  return matches[0].url.replace(/\/+$/, "");
}

function sessionKey(connection: OpenStackConnection): string {
  const material = JSON.stringify([connection.authUrl, connection.auth, connection.scope, connection.tls]);
  return createHash("sha256").update(material).digest("hex");
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
