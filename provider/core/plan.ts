/**
 * Plan lines: what `up` will do to a resource, said at preview before anything changes (the CLI shows a provider's
 * output lines as diagnostics). Read from the server when the remote checks run; when they cannot (switched off,
 * or an input is unknown until `up` runs), a line says what is known and names the rest unknown, in the words
 * below.
 */
import { UNKNOWN } from "./values";

/** Why preview could not read from the server what a plan line would say. */
export type PlanGap = "remote checks off" | "unknown inputs";

/** An input's value for a plan line, or `<name: unknown until up>` when preview does not know it yet. */
export function planValue(value: unknown, name: string): string {
  return value === UNKNOWN ? `<${name}: unknown until up>` : String(value);
}

/** What a plan line says in place of what only the server knows (`what`: "name and size"), when it was not read. */
export function unread(what: string, gap: PlanGap): string {
  return gap === "remote checks off"
    ? `${what} not read: remote checks are off`
    : `${what} unknown until up: an input is unknown at preview`;
}

/** `name (id, details…)`, or `id (details…)` when the object has no name. */
export function nameAndId(name: string | null | undefined, id: string, ...details: string[]): string {
  const inside = [...(name ? [id] : []), ...details];
  return inside.length > 0 ? `${name || id} (${inside.join(", ")})` : id;
}
