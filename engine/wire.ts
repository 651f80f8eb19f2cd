/**
 * Pulumi's property wire format, as the language SDK and the engine exchange it over gRPC
 * (`@pulumi/pulumi/runtime/rpc.js`): plain JSON values plus signature-tagged objects for secrets,
 * resource references, assets and the unknown-value sentinel.
 *
 * The helpers here reproduce what the real engine does with those values around a provider that
 * answered `Configure` with `acceptSecrets: false` (as the dynamic-provider host does).
 */

/** The key that marks a signature-tagged object (`rpc.specialSigKey`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }` (`rpc.specialSecretSig`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature of a resource reference: `{ [SIG_KEY]: RESOURCE_SIG, urn, id? }` (`rpc.specialResourceSig`). */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The string that stands for a value not known yet (previews only) (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value as it travels on the wire (a `google.protobuf.Value` in JavaScript form). */
export type WireValue = null | boolean | number | string | WireValue[] | WireObject;
/** An object on the wire (a `google.protobuf.Struct` in JavaScript form). */
export interface WireObject {
  [key: string]: WireValue;
}
/** A property map on the wire: resource inputs, outputs or a provider configuration. */
export type WireMap = WireObject;

/** The text shown in place of a secret in {@link toDisplay}. */
export const SECRET_DISPLAY = "[secret]";
/** The text shown in place of an unknown value in {@link toDisplay}. */
export const UNKNOWN_DISPLAY = "[unknown]";

function isObject(v: WireValue | undefined): v is WireObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True if `v` is a wire secret (`{ [SIG_KEY]: SECRET_SIG, value }`). */
export function isSecret(v: WireValue | undefined): v is WireObject & { value: WireValue } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** True if `v` is a wire resource reference. */
export function isResourceRef(v: WireValue | undefined): v is WireObject & { urn: string } {
  return isObject(v) && v[SIG_KEY] === RESOURCE_SIG;
}

/** Wraps `v` as a wire secret (a secret stays a single secret). */
export function makeSecret(v: WireValue): WireValue {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

/** Removes every secret wrapper, deeply: what the engine sends to a provider that does not accept secrets. */
export function stripSecrets(v: WireValue): WireValue {
  if (isSecret(v)) return stripSecrets(v.value);
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (isObject(v)) return mapValues(v, stripSecrets);
  return v;
}

/** {@link stripSecrets} for a whole property map. */
export function stripSecretsMap(m: WireMap): WireMap {
  return mapValues(m, stripSecrets);
}

/** True if `v` contains a secret anywhere. */
export function containsSecrets(v: WireValue): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

/** True if `v` contains the unknown sentinel anywhere. */
export function containsUnknowns(v: WireValue): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/**
 * Copies secretness from `ins` to `outs` as the engine's `annotateSecrets` does for providers that do not
 * accept secrets: for each key present in both, recurse when both values are plain objects, otherwise mark
 * the output secret when the input contains a secret. Returns a new map.
 */
export function annotateSecrets(outs: WireMap, ins: WireMap): WireMap {
  const result: WireMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && isPlainObject(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/** Marks the listed top-level keys of `outs` secret (`additionalSecretOutputs`). Returns a new map. */
export function markSecretKeys(outs: WireMap, keys: readonly string[]): WireMap {
  const result: WireMap = { ...outs };
  for (const key of keys) {
    if (key in result) result[key] = makeSecret(result[key]);
  }
  return result;
}

/**
 * Replaces resource references by what a provider that does not accept resources receives: the ID for a
 * custom resource (the unknown sentinel while it is not known), the URN for a component.
 */
export function downgradeResourceRefs(v: WireValue): WireValue {
  if (isResourceRef(v)) {
    const id = v["id"];
    if (id === undefined) return v.urn;
    return id === "" ? UNKNOWN : downgradeResourceRefs(id);
  }
  if (Array.isArray(v)) return v.map(downgradeResourceRefs);
  if (isObject(v)) return mapValues(v, downgradeResourceRefs);
  return v;
}

/** Structural equality of two wire values (object key order does not matter). */
export function wireEqual(a: WireValue | undefined, b: WireValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => wireEqual(x, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && wireEqual(a[k], b[k]));
}

/** Top-level keys whose values differ between two property maps, sorted. */
export function changedKeys(olds: WireMap, news: WireMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !wireEqual(olds[k], news[k])).sort();
}

/**
 * Turns a wire value into plain JavaScript for display and assertions: secrets become `"[secret]"`,
 * unknowns `"[unknown]"`, resource references their URN.
 */
export function toDisplay(v: WireValue): unknown {
  if (v === UNKNOWN) return UNKNOWN_DISPLAY;
  if (isSecret(v)) return SECRET_DISPLAY;
  if (isResourceRef(v)) return v.urn;
  if (Array.isArray(v)) return v.map(toDisplay);
  if (isObject(v)) return mapValues(v, toDisplay);
  return v;
}

function isPlainObject(v: WireValue | undefined): v is WireObject {
  return isObject(v) && !(SIG_KEY in v);
}

function mapValues<T>(o: WireObject, f: (v: WireValue) => T): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [k, v] of Object.entries(o)) result[k] = f(v);
  return result;
}
