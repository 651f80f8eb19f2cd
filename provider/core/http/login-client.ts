/**
 * The HTTP client of a login (a Keystone token request, a Waldur password exchange): `authTimeout` in all, each
 * attempt within a share of it, every retry logged on the host's output as it happens (a login serves every
 * resource of its connection, so no one resource names the line).
 */
import { hostLogger } from "../log";
import { HttpClient, type TlsSettings } from "./http";
import { authRequestTiming } from "./http-settings";

/** A client for one login to `service`, and the time it allows in all (ms), for messages. */
export function loginClient(
  service: string,
  tls: TlsSettings | undefined,
): { http: HttpClient; allowedMs: number } {
  const timing = authRequestTiming();
  return {
    http: new HttpClient({ service, tls, log: hostLogger.info, ...timing }),
    allowedMs: timing.deadlineMs,
  };
}
