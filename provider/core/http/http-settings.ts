/**
 * Settings of the HTTP layer that apply to every API: the timeout of one request, the cap on concurrent
 * requests per endpoint, and the time getting a Keystone token may take. From stack config
 * (`dataprotection:requestTimeout`, `dataprotection:maxConcurrentRequests`, `dataprotection:authTimeout`), then the
 * environment (`DATAPROTECTION_REQUEST_TIMEOUT`, `DATAPROTECTION_MAX_CONCURRENT_REQUESTS`,
 * `DATAPROTECTION_AUTH_TIMEOUT`), then defaults.
 */
import { environment } from "../settings/environment";
import { packageSetting } from "../settings/settings";
import { parseDuration } from "../timeouts";

/**
 * Defaults: a minute per request (APIs answer in seconds; long operations are polled), 16 requests at once, and a
 * minute and a half to get a Keystone token, every retry included (a Keystone that does not answer fails well within
 * two minutes).
 */
export const HTTP_DEFAULTS = { timeoutMs: 60_000, maxConcurrentRequests: 16, authTimeoutMs: 90_000 } as const;

/** The setting that bounds getting a token, as messages name it. */
export const AUTH_TIMEOUT_SETTING = "dataprotection:authTimeout (or DATAPROTECTION_AUTH_TIMEOUT)";

/** The timeout of one request, in ms. */
export function requestTimeoutMs(env: Readonly<NodeJS.ProcessEnv> = environment()): number {
  return durationSetting("requestTimeout", "DATAPROTECTION_REQUEST_TIMEOUT", env) ?? HTTP_DEFAULTS.timeoutMs;
}

/** The time getting a Keystone token may take, every attempt included, in ms. */
export function authTimeoutMs(env: Readonly<NodeJS.ProcessEnv> = environment()): number {
  return durationSetting("authTimeout", "DATAPROTECTION_AUTH_TIMEOUT", env) ?? HTTP_DEFAULTS.authTimeoutMs;
}

/**
 * How a token request is timed: {@link authTimeoutMs} in all, and each attempt a third of it at most (or the
 * request timeout, if shorter), so that a server that hangs is tried three times, not waited out once.
 */
export function authRequestTiming(env: Readonly<NodeJS.ProcessEnv> = environment()): {
  timeoutMs: number;
  deadlineMs: number;
} {
  const deadlineMs = authTimeoutMs(env);
  return { timeoutMs: Math.min(requestTimeoutMs(env), Math.ceil(deadlineMs / 3)), deadlineMs };
}

/** A duration setting ("90s", "2m") in ms, or undefined when it is unset or does not parse. */
function durationSetting(
  key: string,
  variable: string,
  env: Readonly<NodeJS.ProcessEnv>,
): number | undefined {
  const value = packageSetting(key, variable, env);
  const ms = value ? parseDuration(value) : 0;
  return ms > 0 ? ms : undefined;
}

/** The cap on concurrent requests to one endpoint. */
export function maxConcurrentRequests(env: Readonly<NodeJS.ProcessEnv> = environment()): number {
  const value = Number(
    packageSetting("maxConcurrentRequests", "DATAPROTECTION_MAX_CONCURRENT_REQUESTS", env),
  );
  return Number.isInteger(value) && value > 0 ? value : HTTP_DEFAULTS.maxConcurrentRequests;
}
