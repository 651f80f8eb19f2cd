import { type Clock } from "../core/clock";
import { HttpError } from "../core/service";
import { resolveAuthRequest, UNAUTHORIZED_MESSAGE } from "./auth";
import { buildCatalog, type ProjectCatalogs } from "./catalog";
import { IdentityDirectory } from "./directory";
import { KEYSTONE_V3_PATH } from "./paths";
import { KEYSTONE_SEED } from "./seed";
import { type IssuedToken, TokenStore } from "./tokens";
import { tokenBody } from "./views";

/** Keystone settings of `startSimulator`. */
export interface KeystoneOptions {
  /** Lifetime of an issued token in seconds, on the simulator's clock (default 3600). */
  readonly tokenTtlSeconds?: number;
}

/**
 * The simulated Keystone: the seeded identities, the issued tokens, and the token check every other
 * OpenStack-style service runs on its requests.
 */
export class KeystoneSim {
  /** Users, projects, domains and application credentials. */
  readonly directory = new IdentityDirectory();
  private readonly tokens: TokenStore;
  private issuedCount = 0;

  /**
   * @param clock - the simulator's clock (token expiry)
   * @param baseUrl - the simulator's base URL (catalog endpoints)
   * @param catalogs - the services listed in the catalog of a token scoped to each project
   * @param options - token lifetime
   */
  constructor(
    clock: Clock,
    private readonly baseUrl: string,
    private readonly catalogs: ProjectCatalogs,
    options: KeystoneOptions = {},
  ) {
    this.tokens = new TokenStore(clock, (options.tokenTtlSeconds ?? 3600) * 1000);
  }

  /** Keystone's base URL (`${url}/identity/v3`), as `OS_AUTH_URL`. */
  get authUrl(): string {
    return `${this.baseUrl}${KEYSTONE_V3_PATH}`;
  }

  /** How many `POST /auth/tokens` issued a token (since start or the last reset). */
  get tokenRequests(): number {
    return this.issuedCount;
  }

  /** Makes every token issued so far expire now: the next service call with one answers 401. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  /** Revokes one token; returns whether it was known. */
  revoke(token: string): boolean {
    return this.tokens.revoke(token);
  }

  /** Whether a token id is known, unrevoked and unexpired. */
  isValid(token: string): boolean {
    return this.tokens.find(token) !== undefined;
  }

  /** Resets the `tokenRequests` counter (issued tokens stay valid). */
  resetCounters(): void {
    this.issuedCount = 0;
  }

  /**
   * Handles an auth request body: issues a token and returns it with the response body, whose
   * catalog is the one of the token's project.
   */
  issueToken(body: unknown): { readonly token: IssuedToken; readonly body: unknown } {
    const token = this.tokens.issue(resolveAuthRequest(body, this.directory, this.tokens));
    this.issuedCount += 1;
    const services = this.catalogs[token.projectId] ?? [];
    const catalog = buildCatalog(this.baseUrl, KEYSTONE_SEED.region, token.projectId, services);
    return { token, body: tokenBody(token, this.directory, catalog) };
  }

  /**
   * The check a service behind Keystone runs: `X-Auth-Token` must be a valid token (else 401 with a
   * `WWW-Authenticate` header) scoped to `projectId`, the project in the request URL (else 403; no
   * project check when `projectId` is undefined).
   */
  authorize(headers: Readonly<Record<string, string>>, projectId: string | undefined): IssuedToken {
    const token = this.tokens.find(headers["x-auth-token"]);
    if (token === undefined) {
      throw new HttpError(401, UNAUTHORIZED_MESSAGE, {
        "WWW-Authenticate": `Keystone uri="${this.authUrl}"`,
      });
    }
    if (projectId !== undefined && token.projectId !== projectId) {
      throw new HttpError(403, `Project ${projectId} does not match the token's project ${token.projectId}.`);
    }
    return token;
  }
}
