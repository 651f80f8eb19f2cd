/**
 * Redaction of credentials from every string that leaves the provider: error messages, log lines and
 * anything else a user or an attacker could read.
 *
 * Credentials are registered by the code that first sees them (connection resolution registers passwords,
 * application-credential secrets and given tokens; the Keystone session registers each token it is issued),
 * so redaction does not depend on recognising a credential by its shape.
 */

const REPLACEMENT = "[REDACTED]";

/** Shorter values are not redacted: they would mangle ordinary words and are not worth stealing. */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
/** {@link secrets}, longest first (so a secret containing another is replaced whole); rebuilt after a change. */
let longestFirst: string[] | undefined;

/** Header names whose values are credentials, lower-cased. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  "x-auth-token",
  "x-subject-token",
  "authorization",
  "x-storage-token",
]);

/**
 * Registers a value that must never appear in provider output. Safe to call repeatedly with the same value.
 * Also registers the URL-encoded form, which is how a secret would appear inside a URL.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  if (secrets.has(value)) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
  longestFirst = undefined;
}

/** Replaces every registered secret in `text` with `[REDACTED]`. Longer secrets are replaced first. */
export function redact(text: string): string {
  if (secrets.size === 0) return text;
  let result = text;
  longestFirst ??= [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) {
    if (result.includes(secret)) result = result.split(secret).join(REPLACEMENT);
  }
  return result;
}

/** A copy of `headers` with credential headers replaced, for diagnostics that show headers. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    result[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REPLACEMENT : redact(text);
  }
  return result;
}
