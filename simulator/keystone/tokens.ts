import { randomBytes } from "node:crypto";
import { type Clock } from "../core/clock";

/** What Keystone remembers of an issued token. */
export interface IssuedToken {
  /** The token id sent in `X-Subject-Token` and then in `X-Auth-Token`. */
  readonly id: string;
  readonly userId: string;
  /** The project the token is scoped to. */
  readonly projectId: string;
  /** Authentication methods, as in `token.methods`. */
  readonly methods: readonly string[];
  readonly issuedAt: number;
  /** Expiry, ms since the epoch (moved to "now" by {@link TokenStore.expireAll}). */
  expiresAt: number;
  /** `token.audit_ids[0]`. */
  readonly auditId: string;
  /** Set for tokens obtained with an application credential. */
  readonly applicationCredentialId?: string;
}

/** The fields of a token to issue; the store adds id, times and audit id. */
export type TokenGrant = Pick<IssuedToken, "userId" | "projectId" | "methods" | "applicationCredentialId"> & {
  /** Expiry to keep (a token obtained with the `token` method inherits the original's). */
  readonly expiresAt?: number;
};

/** Fernet-looking opaque token ids: clients must treat them as opaque strings. */
function newTokenId(): string {
  return `gAAAAAB${randomBytes(132).toString("base64url")}`;
}

/** Issued tokens, valid until their expiry on the simulator's clock or until revoked. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  /**
   * @param clock - the simulator's clock
   * @param ttlMs - lifetime of a new token
   */
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Issues a token. */
  issue(grant: TokenGrant): IssuedToken {
    const now = this.clock.now();
    const token: IssuedToken = {
      id: newTokenId(),
      userId: grant.userId,
      projectId: grant.projectId,
      methods: grant.methods,
      issuedAt: now,
      expiresAt: grant.expiresAt ?? now + this.ttlMs,
      auditId: randomBytes(16).toString("base64url").slice(0, 22),
      ...(grant.applicationCredentialId ? { applicationCredentialId: grant.applicationCredentialId } : {}),
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** The token when it exists, is not revoked and has not expired. */
  find(id: string | undefined): IssuedToken | undefined {
    if (id === undefined) return undefined;
    const token = this.tokens.get(id);
    return token !== undefined && this.clock.now() < token.expiresAt ? token : undefined;
  }

  /** Forgets a token; returns whether it was known. */
  revoke(id: string): boolean {
    return this.tokens.delete(id);
  }

  /** Makes every token issued so far expire now. */
  expireAll(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }
}
