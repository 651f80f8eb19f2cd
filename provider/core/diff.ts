/**
 * Diffs from a table. Each resource declares, for every one of its inputs, what a change means:
 * - `replace`: the remote object is defined by it; a change makes a new one (and removes the old one);
 * - `update`: changed in place (or only in Pulumi's state, such as connection settings and timeouts);
 * - `ignore`: never a change.
 *
 * One function computes the diff from that table, so no resource can get the rules subtly different.
 * Outputs echo every input under the same name, so the old outputs the host hands to `diff` hold the old inputs.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { containsUnknown, isDeepEqual } from "./values";

/** What a change of one input means. */
export type ChangeKind = "replace" | "update" | "ignore";

/** A table with an entry for every input of a resource: the compiler checks none is forgotten. */
export type DiffTable<Inputs> = { readonly [K in keyof Required<Inputs>]: ChangeKind };

/** A diff, with the inputs that changed. */
export interface TableDiff extends dynamic.DiffResult {
  changes: boolean;
  /** Inputs whose change replaces the resource. */
  replaces: string[];
  /** Inputs whose value changed (or is unknown during preview), replacing or not. */
  changedKeys: string[];
}

/**
 * The diff between old outputs and new inputs under `table`. An input whose new value is unknown (during a
 * preview) counts as changed, so a replace input that is unknown is reported as a replace, never as no change.
 */
export function diffByTable<Inputs>(
  table: DiffTable<Inputs>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  options: { deleteBeforeReplace?: boolean } = {},
): TableDiff {
  const changedKeys: string[] = [];
  const replaces: string[] = [];
  for (const [key, kind] of Object.entries(table) as [string, ChangeKind][]) {
    if (kind === "ignore") continue;
    const changed = containsUnknown(news[key]) || !isDeepEqual(olds[key], news[key]);
    if (!changed) continue;
    changedKeys.push(key);
    if (kind === "replace") replaces.push(key);
  }
  return {
    changes: changedKeys.length > 0,
    replaces,
    changedKeys,
    deleteBeforeReplace: replaces.length > 0 && options.deleteBeforeReplace === true,
  };
}

/**
 * True when `check` is looking at a resource about to be created: there are no previous inputs, or a replace
 * input changed. (The engine checks a replacement with no previous inputs, too.)
 */
export function willCreate<Inputs>(
  table: DiffTable<Inputs>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): boolean {
  return Object.keys(olds).length === 0 || diffByTable(table, olds, news).replaces.length > 0;
}

/**
 * `diff` with `key` reported as changed, as a replace or an update: for what only the old outputs reveal, such
 * as a failed status (replace: run it again) or drift from the declared value (update: put it back).
 */
export function withChange(diff: TableDiff, key: string, kind: "replace" | "update"): TableDiff {
  const add = (keys: string[]) => (keys.includes(key) ? keys : [...keys, key]);
  return {
    ...diff,
    changes: true,
    changedKeys: add(diff.changedKeys),
    replaces: kind === "replace" ? add(diff.replaces) : diff.replaces,
  };
}
