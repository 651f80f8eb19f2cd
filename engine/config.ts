/**
 * Stack configuration as the Pulumi CLI hands it on: every value a string, as the language host and the
 * providers read it (`pulumi.Config.getBoolean` compares with "true", `getNumber` parses, `getObject` parses
 * JSON). Booleans and numbers become their text, lists and maps their JSON, as the CLI does with such values in
 * `Pulumi.<stack>.yaml`; anything else is refused, naming the key.
 */
import type { ConfigValue } from "./types";
import { makeSecret, type WireMap } from "./wire";

/** The configuration of one run, keys fully qualified (`project:key`). */
export interface ResolvedConfig {
  /** Every value as text, secrets included (what the program runner gets). */
  values: Record<string, string>;
  /** The keys whose values are secret. */
  secretKeys: string[];
}

/** Resolves the engine's config: qualifies keys with the project name, turns each value into text. */
export function resolveConfig(project: string, config: Record<string, ConfigValue>): ResolvedConfig {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const qualified = key.includes(":") ? key : `${project}:${key}`;
    const secret = isSecretValue(value);
    values[qualified] = configText(qualified, secret ? value.secret : value);
    if (secret) secretKeys.push(qualified);
  }
  return { values, secretKeys };
}

/** The provider's `Configure` arguments: the same text values, secrets as wire secrets. */
export function providerConfig({ values, secretKeys }: ResolvedConfig): WireMap {
  const args: WireMap = {};
  for (const [key, value] of Object.entries(values)) {
    args[key] = secretKeys.includes(key) ? makeSecret(value) : value;
  }
  return args;
}

/** `{ secret: value }`: a secret config value (`pulumi config set --secret`). */
function isSecretValue(value: unknown): value is { secret: ConfigValue } {
  return isPlainObject(value) && Object.keys(value).length === 1 && "secret" in value;
}

function configText(key: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return String(value);
  if (isJsonValue(value)) return JSON.stringify(value);
  throw new Error(
    `stack config "${key}": ${describe(value)} cannot be a config value; give a string, a boolean, a number, ` +
      "or a list or map of those",
  );
}

function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  return isPlainObject(value) && Object.values(value).every(isJsonValue);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "object" && value !== null) return `a ${value.constructor?.name ?? "object"} value`;
  return `a value of type ${typeof value}`;
}
