/**
 * Settings of the HTTP layer that apply to every API: the timeout of one request and the cap on concurrent
 * requests per endpoint. From stack config (`dataprotection:requestTimeout`, `dataprotection:maxConcurrentRequests`),
 * then the environment (`DATAPROTECTION_REQUEST_TIMEOUT`, `DATAPROTECTION_MAX_CONCURRENT_REQUESTS`), then defaults.
 */
import { environment } from "../settings/environment";
import { packageSetting } from "../settings/settings";
import { parseDuration } from "../timeouts";

/** Defaults: a minute per request (APIs answer in seconds; long operations are polled), 16 requests at once. */
export const HTTP_DEFAULTS = { timeoutMs: 60_000, maxConcurrentRequests: 16 } as const;

/** The timeout of one request, in ms. */
export function requestTimeoutMs(env: Readonly<NodeJS.ProcessEnv> = environment()): number {
  const value = packageSetting("requestTimeout", "DATAPROTECTION_REQUEST_TIMEOUT", env);
  const ms = value ? parseDuration(value) : 0;
  return ms > 0 ? ms : HTTP_DEFAULTS.timeoutMs;
}

/** The cap on concurrent requests to one endpoint. */
export function maxConcurrentRequests(env: Readonly<NodeJS.ProcessEnv> = environment()): number {
  const value = Number(
    packageSetting("maxConcurrentRequests", "DATAPROTECTION_MAX_CONCURRENT_REQUESTS", env),
  );
  return Number.isInteger(value) && value > 0 ? value : HTTP_DEFAULTS.maxConcurrentRequests;
}
