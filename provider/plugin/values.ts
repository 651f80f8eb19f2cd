/**
 * Property values between the engine's wire form and the resource code. The plugin accepts secrets, so the
 * engine sends them as signature-tagged objects (`{ [SIG_KEY]: SECRET_SIG, value }`) and expects secret outputs
 * back in that form; the resource code works on plain JSON, where a value unknown during a preview is the
 * engine's sentinel string (as the dynamic face sees it).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../core/resource";

/** The key that marks a signature-tagged object on the wire (`rpc.specialSigKey` in the Node SDK). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret (`rpc.specialSecretSig`). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Outputs always returned as secrets, whatever the inputs were: the connection carries passwords and tokens (the
 * TypeScript SDK makes it an `additionalSecretOutputs` for the same reason).
 */
const ALWAYS_SECRET = ["connection"];

/** A property map as the resource code sees it, and which of its top-level properties held a secret. */
export interface PlainProps {
  props: Props;
  /** Top-level properties that were secret, or held a secret anywhere inside. */
  secrets: Set<string>;
}

/** Plain properties of a wire `Struct` (absent: none), with the names of those that were secret. */
export function fromWire(struct: Struct | undefined): PlainProps {
  const wire = (struct?.toJavaScript() ?? {}) as Props;
  const props: Props = {};
  const secrets = new Set<string>();
  for (const [key, value] of Object.entries(wire)) {
    if (containsSecret(value)) secrets.add(key);
    props[key] = reveal(value);
  }
  return { props, secrets };
}

/** Plain JSON of a wire value: every secret wrapper removed. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

/**
 * A wire `Struct` of `props` (undefined properties left out), with each property named in `secrets`, and each
 * of {@link ALWAYS_SECRET}, sent as a secret.
 */
export function toWire(props: Props, secrets: ReadonlySet<string> = new Set()): Struct {
  const wire: Props = {};
  for (const [key, value] of Object.entries(jsonOf(props))) {
    wire[key] = secrets.has(key) || ALWAYS_SECRET.includes(key) ? { [SIG_KEY]: SECRET_SIG, value } : value;
  }
  return Struct.fromJavaScript(wire as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** A wire `Struct` of any JSON-like object, as it is (no secret marked). */
export function plainStruct(value: Props): Struct {
  return Struct.fromJavaScript(jsonOf(value) as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** `props` as JSON holds it: undefined dropped, dates as text, as the dynamic face's host serializes outputs. */
function jsonOf(props: Props): Props {
  return JSON.parse(JSON.stringify(props)) as Props;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isObject(value)) return Object.values(value).some(containsSecret);
  return false;
}

function isSecret(value: unknown): value is { value: unknown } {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
