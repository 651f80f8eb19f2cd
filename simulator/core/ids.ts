import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A random version-4 UUID with dashes, as OpenStack services use for resource ids. */
export function uuid4(): string {
  return randomUUID();
}

/** A random 32-hex-digit id without dashes, as Keystone uses for users, projects and endpoints. */
export function hex32(): string {
  return randomBytes(16).toString("hex");
}

/** A request id as OpenStack services send it in `X-*-Request-Id` headers: `req-<uuid4>`. */
export function requestId(): string {
  return `req-${uuid4()}`;
}

/**
 * A UUID in version-4 form derived from `seed`: the same seed always gives the same id, so seeded
 * data keeps its ids across runs without spelling every one out.
 */
export function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A 32-hex-digit id derived from `seed` (see {@link stableUuid}). */
export function stableHex32(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 32);
}
