/**
 * What a preview (`pulumi preview`, or the preview step of `up`) can know of a resource's outputs before the create
 * or update runs. Pulumi's rule: preview shows what it can know and names the rest as unknown. Each resource type
 * declares its {@link OutputPreview} in its own module; the plugin answers it for a Create or Update with
 * `preview: true`, every other output unknown. A preview never sends a request that changes anything.
 */
import { containsUnknown } from "./values";
import type { Props } from "./resource";

/** What a resource type's preview knows of its outputs. */
export interface OutputPreview {
  /**
   * The outputs an in-place update leaves as they are (the object's id, creation time, size, marker): an update
   * preview answers their old values, so that what depends on them does not show a change. `settled` says from the
   * old outputs whether the object is settled; an update of one that is not (a create interrupted while the server
   * made it) finishes that create, and keeps nothing. `"all"`: an update of a settled one changes no output.
   */
  keptByUpdate?: { outputs: readonly string[] | "all"; settled(olds: Props): boolean };
  /**
   * The outputs known from the inputs (with `__identity`) and, for an update, the old outputs (`olds`; undefined
   * for a create), computed as the create or update computes them. A value may be the engine's unknown sentinel
   * (an input it derives from is unknown). It may read the remote system, never change it.
   */
  known?(inputs: Props, olds: Props | undefined): Props | Promise<Props>;
}

/**
 * The outputs `preview` knows for a create (`olds` undefined) or an update: the kept ones, then the known ones; a
 * known value that is undefined is left out (unknown).
 */
export async function knownOutputs(
  preview: OutputPreview | undefined,
  inputs: Props,
  olds: Props | undefined,
): Promise<Props> {
  const kept = preview?.keptByUpdate;
  const keptValues: Props = {};
  if (olds && kept?.settled(olds)) {
    for (const key of kept.outputs === "all" ? Object.keys(olds) : kept.outputs) {
      if (key in olds) keptValues[key] = olds[key];
    }
  }
  const known = Object.entries((await preview?.known?.(inputs, olds)) ?? {}).filter(
    ([, value]) => value !== undefined,
  );
  return { ...keptValues, ...Object.fromEntries(known) };
}

/** `compute()` when none of `values` (the inputs it derives from) is unknown at preview, else undefined. */
export function whenKnown<T>(values: readonly unknown[], compute: () => T): T | undefined {
  return containsUnknown(values) ? undefined : compute();
}
