/**
 * Cinder microversions: each request sends the lowest microversion it needs (`OpenStack-API-Version: volume
 * 3.N`); the server's maximum is discovered once per endpoint, from its version document.
 */

/** A microversion "3.N" as its minor number N. */
export function minorOf(version: string): number {
  const match = /^3\.(\d+)$/.exec(version.trim());
  if (!match) throw new Error(`not a Cinder v3 microversion: ${version}`);
  return Number(match[1]);
}

/** What needs more than the base microversion, and which. */
export const MICROVERSION_NEEDS = {
  /** Changing a backup's name or description (`PUT /backups/{id}`). */
  update: "3.9",
  /** Backup metadata, on create, update and show. */
  metadata: "3.43",
  /** A backup's availability zone on create. */
  availabilityZone: "3.51",
} as const;

/** The base microversion. */
export const BASE_MICROVERSION = "3.0";

/** The highest of `versions`. */
export function highest(...versions: string[]): string {
  return versions.reduce((a, b) => (minorOf(b) > minorOf(a) ? b : a), BASE_MICROVERSION);
}

/** True when the server offers `needed`. */
export function offers(serverMax: string, needed: string): boolean {
  return minorOf(serverMax) >= minorOf(needed);
}
