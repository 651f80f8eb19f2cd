/**
 * Waldur tokens: a given token is used as is; a username and password are exchanged for a token at
 * `/api-auth/password/` once per credential set per process, and again when Waldur says the token expired (it
 * expires after an idle hour).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ProviderError } from "../core/errors";
import { AUTH_TIMEOUT_SETTING } from "../core/http/http-settings";
import { loginClient } from "../core/http/login-client";
import { parseResponse } from "../core/http/parse-response";
import { registerSecret } from "../core/redact";
import type { CredentialSource } from "../core/http/service-client";
import type { WaldurConnection } from "./connection";

/** A Waldur token. */
export interface WaldurToken {
  id: string;
}

const sessions = new Map<string, WaldurSession>();

/** The answer of `POST /api-auth/password/`. */
const tokenAnswerSchema = z.object({ token: z.string().min(1) });

/** The token source of one credential set. Get one with {@link WaldurSession.for}. */
export class WaldurSession implements CredentialSource<WaldurToken> {
  /** Password exchanges this session has made (for tests and benchmarks). */
  tokenRequests = 0;
  private current?: WaldurToken;
  private pending?: Promise<WaldurToken>;

  private constructor(private readonly connection: WaldurConnection) {}

  /** The process-wide session for this connection's credentials. */
  static for(connection: WaldurConnection): WaldurSession {
    const key = createHash("sha256")
      .update(JSON.stringify([connection.passwordUrl, connection.auth, connection.tls]))
      .digest("hex");
    let session = sessions.get(key);
    if (!session) {
      session = new WaldurSession(connection);
      sessions.set(key, session);
    }
    return session;
  }

  /** The token to send. */
  async token(): Promise<WaldurToken> {
    const auth = this.connection.auth;
    if ("token" in auth) return { id: auth.token };
    if (this.current) return this.current;
    this.pending ??= this.exchange(auth).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** After a 401: a login gets a new token next time; a given token cannot be renewed, and the answer says so. */
  invalidate(id: string): string | undefined {
    const auth = this.connection.auth;
    if ("token" in auth) {
      return `Waldur refused the token from ${auth.source}: it is not valid (or no longer is); give a valid one`;
    }
    if (this.current?.id === id) this.current = undefined;
    return undefined;
  }

  private async exchange(auth: { username: string; password: string }): Promise<WaldurToken> {
    this.tokenRequests++;
    // Bounded and logged as a Keystone token request is: a login that hangs must not stall a preview for minutes.
    const { http, allowedMs } = loginClient("Waldur", this.connection.tls);
    const response = await http
      .send({
        method: "POST",
        url: this.connection.passwordUrl,
        json: { username: auth.username, password: auth.password },
        idempotent: true,
      })
      .catch((error: unknown) => {
        throw loginFailure(error, allowedMs);
      });
    const { token } = parseResponse(response, tokenAnswerSchema, {
      service: "Waldur",
      what: "token response",
    });
    registerSecret(token);
    this.current = { id: token };
    return this.current;
  }
}

/** A failed login, charged to the connection; one that ran out of time names the setting that allows more. */
function loginFailure(error: unknown, allowedMs: number): unknown {
  if (!ProviderError.isInstance(error)) return error;
  const outOfTime = error.unreachable === true && error.status === undefined;
  const hint = outOfTime
    ? `. Logins are given ${allowedMs / 1000} s in all: if Waldur is only slow, raise ${AUTH_TIMEOUT_SETTING}`
    : "";
  return new ProviderError(`Waldur login failed: ${error.reason}${hint}`, {
    status: error.status,
    serverMessage: error.serverMessage,
    requestId: error.requestId,
    request: error.request,
    unreachable: error.unreachable,
    transient: error.transient,
    connectionFault: true,
  });
}
