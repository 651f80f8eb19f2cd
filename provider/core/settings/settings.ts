/**
 * Connection settings in layers. Every system resolves its connection setting by setting, from the resource's
 * `connection` input first, then stack config, then environment variables (and, for OpenStack, clouds.yaml):
 * the first layer that sets a value wins. This module reads the layers; each connection module says which
 * keys, config names and variables it has.
 */
import * as fs from "node:fs";
import { environment, environmentGeneration } from "./environment";
import { stackConfigGeneration, stackConfigValue } from "./stack-config";

/**
 * A setting of this package itself (not of a connection): stack config `dataprotection:<key>`, then the
 * environment variable `variable`. Empty strings count as unset.
 */
export function packageSetting(
  key: string,
  variable: string,
  env: Readonly<NodeJS.ProcessEnv> = environment(),
): string | undefined {
  return stackConfigValue(key, null) ?? (env[variable] || undefined);
}

/** String settings of one layer, by key. Empty strings count as unset. */
export type Layer<K extends string> = Partial<Record<K, string>>;

/** The value of `key` in the first layer that sets it. */
export function firstSet<K extends string>(layers: readonly Layer<K>[], key: K): string | undefined {
  return layers.map((layer) => layer[key]).find((value) => value !== undefined && value !== "");
}

/** Every key's value from the first layer that sets it. */
export function merge<K extends string>(keys: readonly K[], layers: readonly Layer<K>[]): Layer<K> {
  const merged: Layer<K> = {};
  for (const key of keys) {
    const value = firstSet(layers, key);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Stack config values: `dataprotection:<configName>` for each key (`configNames[key]`, default the key), then,
 * where `openstackNames` gives one, the Pulumi OpenStack provider's `openstack:<name>`.
 */
export function stackConfigLayer<K extends string>(
  keys: readonly K[],
  configNames: Partial<Record<K, string>> = {},
  openstackNames: Partial<Record<K, string>> = {},
): Layer<K> {
  const layer: Layer<K> = {};
  for (const key of keys) {
    const value = stackConfigValue(configNames[key] ?? key, openstackNames[key] ?? null);
    if (value !== undefined) layer[key] = value;
  }
  return layer;
}

/** Environment values: for each key, the first of its variables that is set. */
export function envLayer<K extends string>(
  env: NodeJS.ProcessEnv,
  names: Partial<Record<K, readonly string[]>>,
): Layer<K> {
  const layer: Layer<K> = {};
  for (const [key, variables] of Object.entries(names) as [K, readonly string[]][]) {
    const value = variables.map((name) => env[name]).find((v) => v !== undefined && v !== "");
    if (value !== undefined) layer[key] = value;
  }
  return layer;
}

/** A boolean written as a string in config or the environment ("true", "1", "yes", "on"). */
export function isTrue(value: string): boolean {
  return ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/** A CA bundle given as PEM text or as a file path: its PEM text, or a problem that says why it cannot be read. */
export function readCaBundle(value: string): { pem: string } | { problem: string } {
  if (value.includes("-----BEGIN")) return { pem: value };
  try {
    return { pem: fs.readFileSync(value, "utf8") };
  } catch (error) {
    return {
      problem: `caCert file ${value} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`,
    };
  }
}

/** Distinct inputs a {@link settingsResolver} keeps; a program rarely has more than a few connections. */
const MAX_MEMOIZED_INPUTS = 64;

/**
 * A connection resolver from `resolve(input, env)`. Given an environment, it resolves against it. Without, it
 * resolves against the process's {@link environment}, once per distinct input (by its JSON) for as long as the
 * stack config and the environment stay the same: once per `connection` input in a process rather than on every
 * operation. Results are shared between callers, who must not change them.
 */
export function settingsResolver<I, R>(
  resolve: (input: I, env: Readonly<NodeJS.ProcessEnv>) => R,
): (input: I, env?: Readonly<NodeJS.ProcessEnv>) => R {
  let results = new Map<string, R>();
  let configGeneration = stackConfigGeneration();
  let envGeneration = environmentGeneration();
  return (input, env) => {
    if (env) return resolve(input, env);
    if (
      configGeneration !== stackConfigGeneration() ||
      envGeneration !== environmentGeneration() ||
      results.size >= MAX_MEMOIZED_INPUTS
    ) {
      results = new Map();
      configGeneration = stackConfigGeneration();
      envGeneration = environmentGeneration();
    }
    const key = JSON.stringify(input ?? null);
    let result = results.get(key);
    if (result === undefined) {
      result = resolve(input, environment());
      results.set(key, result);
    }
    return result;
  };
}
