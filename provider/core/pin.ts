/**
 * Pinned sources: a restore that keeps what it restored. A restore's source (its snapshot or backup) often comes
 * from a lookup ("the newest OK snapshot"), which names another one as soon as a newer exists; a change of the
 * source replaces the restore, so each newer snapshot would restore again (and, for a restore into a new volume,
 * delete the earlier one). With `pinSource: true` a changed source is no change: `check` hands the engine the
 * source the restore restored in place of the one the program names now, so diff sees none, the state and the
 * outputs keep naming what was restored, and refresh, which keeps the stored inputs, keeps it too. Only a change
 * of another input that replaces (`triggers`, the target) restores again, and that replacement restores the
 * source the program names now. Without `pinSource` a changed source replaces, as it always did; preview says
 * how to keep the restore instead.
 */
import type { DiffTable } from "./diff";
import { diffByTable } from "./diff";
import type { Fields } from "./fields";
import { planValue } from "./plan";
import { containsUnknown, isDeepEqual } from "./values";

/** A restore's source input: its name ("snapshotUuid") and what it names ("snapshot"). */
export interface RestoreSource {
  input: string;
  noun: string;
}

/** The source input the fields declare (see {@link Field.source}), if any. */
export function restoreSourceOf(fields: Fields<never>): RestoreSource | undefined {
  const [input, field] = Object.entries(fields).find(([, f]) => f.source !== undefined) ?? [];
  return input && field?.source ? { input, noun: field.source } : undefined;
}

/** What check does with a restore's source: the inputs it hands the engine, and a line for preview, if any. */
export interface SourceCheck {
  inputs: Record<string, unknown>;
  line?: { level: "info" | "warn"; text: string };
}

/**
 * The inputs of a restore whose previous inputs were `olds` (none: a create) and whose program now says `news`:
 * `news`, but with the source `olds` restored when `pinSource` is true and nothing else replaces the restore.
 */
export function checkSource(
  source: RestoreSource,
  table: DiffTable<unknown>,
  olds: Readonly<Record<string, unknown>>,
  news: Record<string, unknown>,
): SourceCheck {
  const restored = olds[source.input];
  const named = news[source.input];
  if (Object.keys(olds).length === 0 || restored === undefined) return { inputs: news };
  if (!containsUnknown(named) && isDeepEqual(restored, named)) return { inputs: news };
  const now = planValue(named, source.input);
  if (news.pinSource !== true) {
    // Unknown at preview: up restores again only if it turns out to be another one.
    const again = containsUnknown(named) ? "may restore again" : "will restore again";
    const text =
      `${again}: the program names ${source.noun} ${now}, not ${String(restored)} which this ` +
      `resource restored; set \`pinSource: true\` to keep this restore when the id comes from a lookup`;
    return { inputs: news, line: { level: "warn", text } };
  }
  const pinned = { ...news, [source.input]: restored };
  // Replaced anyway (triggers, the target): the replacement restores what the program names now.
  if (diffByTable(table, olds, pinned).replaces.length > 0) return { inputs: news };
  const text =
    `pinned: restored ${source.noun} ${String(restored)}; the program now names ${now} — change ` +
    "`triggers` to restore it";
  return { inputs: pinned, line: { level: "info", text } };
}
