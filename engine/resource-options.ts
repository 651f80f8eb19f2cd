/** The `ignoreChanges` and `replaceOnChanges` resource options, applied as the engine applies them. */
import type { WireMap, WireValue } from "./wire";

/** True if a `replaceOnChanges` path covers the top-level property `key`. */
export function replaceOnChangesCovers(paths: readonly string[], key: string): boolean {
  return paths.some((p) => p === "*" || p === key || p === `["${key}"]`);
}

/**
 * Sets each `ignoreChanges` property (a dotted path) of the goal back to its old value, or removes it when the
 * old inputs did not have it, before Check, as the engine does.
 */
export function applyIgnoreChanges(goal: WireMap, oldInputs: WireMap, paths: readonly string[]): WireMap {
  const result = structuredClone(goal);
  for (const p of paths) {
    const keys = p.split(".");
    const last = keys.pop()!;
    const target = walk(result, keys);
    const source = walk(oldInputs, keys);
    if (!target) continue;
    if (source && last in source) target[last] = structuredClone(source[last]);
    else delete target[last];
  }
  return result;
}

function walk(m: WireMap, keys: string[]): WireMap | undefined {
  let current: WireValue | undefined = m;
  for (const k of keys) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = current[k];
  }
  return typeof current === "object" && current !== null && !Array.isArray(current) ? current : undefined;
}
