import { randomBytes } from "node:crypto";
import { type Clock } from "../core/clock";
import { HttpError } from "../core/service";
import { type WaldurToken } from "./models";

/** What DRF answers when no `Authorization: Token` header came. */
export const NO_CREDENTIALS = "Authentication credentials were not provided.";

function unauthorized(message: string): HttpError {
  return new HttpError(401, message, { "WWW-Authenticate": "Token" });
}

/**
 * Waldur's API tokens: 40 hex digits, sent as `Authorization: Token <key>` (keyword in any case).
 * A token expires after an idle period; each accepted use renews it.
 */
export class WaldurTokenStore {
  private readonly tokens: WaldurToken[] = [];

  /**
   * @param clock - the simulator's clock
   * @param idleTimeoutMs - reads the current idle timeout (it is part of the behaviour)
   */
  constructor(
    private readonly clock: Clock,
    private readonly idleTimeoutMs: () => number,
  ) {}

  /** Every token, in issue order (do not modify). */
  get list(): readonly WaldurToken[] {
    return this.tokens;
  }

  /** Issues a token for `username`; `key` fixes it (the seeded token). */
  issue(username: string, key: string = randomBytes(20).toString("hex")): WaldurToken {
    const now = this.clock.now();
    const token: WaldurToken = { key, username, createdAt: now, lastUsedAt: now, expired: false };
    this.tokens.push(token);
    return token;
  }

  /**
   * The token of a request's `Authorization` header, renewed; 401 (with `WWW-Authenticate: Token`)
   * when missing, malformed, unknown or expired, with DRF's and Waldur's messages.
   */
  authenticate(headers: Readonly<Record<string, string>>): WaldurToken {
    const [keyword = "", ...rest] = (headers.authorization ?? "").trim().split(/\s+/);
    if (keyword.toLowerCase() !== "token") throw unauthorized(NO_CREDENTIALS);
    if (rest.length === 0) throw unauthorized("Invalid token header. No credentials provided.");
    if (rest.length > 1) throw unauthorized("Invalid token header. Token string should not contain spaces.");
    const token = this.tokens.find((candidate) => candidate.key === rest[0]);
    if (token === undefined) throw unauthorized("Invalid token.");
    const now = this.clock.now();
    if (token.expired || now - token.lastUsedAt > this.idleTimeoutMs())
      throw unauthorized("Token has expired.");
    token.lastUsedAt = now;
    return token;
  }

  /** Makes every token expire now. */
  expireAll(): void {
    for (const token of this.tokens) token.expired = true;
  }

  /** Makes every token fresh again (unexpired, idle timer restarted): what `reset()` does. */
  refreshAll(): void {
    const now = this.clock.now();
    for (const token of this.tokens) {
      token.expired = false;
      token.lastUsedAt = now;
    }
  }
}
