/**
 * The stack configuration the dynamic-provider host hands to `configure()`, kept for connection resolution.
 *
 * The host calls `configure()` once per distinct provider before its first operation, so by the time any
 * resource method runs, this holds the stack's config. Keys are read in this package's namespace first
 * (`dataprotection:authUrl`), then in the namespace of the Pulumi OpenStack provider (`openstack:authUrl`), so a
 * stack already configured for `@pulumi/openstack` works without repeating its settings.
 */

/**
 * What `configure()` receives: a lookup by fully qualified key. The Pulumi CLI passes every value as text; a host
 * that passes a YAML boolean or number as itself is read the same way (see {@link stackConfigValue}).
 */
export interface ConfigSource {
  get(key: string): unknown;
}

/** This package's config namespace. */
export const CONFIG_NAMESPACE = "dataprotection";

let current: ConfigSource | undefined;
let generation = 0;

/** Remembers the stack config handed to `configure()`. */
export function setStackConfig(config: ConfigSource): void {
  current = config;
  generation++;
}

/** Changes each time the stack config is set: part of the validity of anything derived from it. */
export function stackConfigGeneration(): number {
  return generation;
}

/**
 * A config value by this package's key, falling back to the Pulumi OpenStack provider's key (`fallbackKey`, which
 * defaults to the same name) in the `openstack` namespace. Empty strings count as unset.
 */
export function stackConfigValue(key: string, fallbackKey: string | null = key): string | undefined {
  if (!current) return undefined;
  const own = asText(current.get(`${CONFIG_NAMESPACE}:${key}`));
  if (own) return own;
  if (fallbackKey === null) return undefined;
  return asText(current.get(`openstack:${fallbackKey}`)) || undefined;
}

/** A config value as the text the CLI would have passed: `false` as "false", a map or list as JSON. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
