/**
 * The lookups the provider plugin offers: what its schema declares as functions (scripts/plugin-schema.ts) and
 * what Invoke runs. A new lookup is one entry in {@link pluginLookups}.
 */
import type { z } from "zod";
import type { LookupContext } from "../core/lookup";
import * as cinder from "../cinder/lookups";
import * as powervc from "../powervc/lookups";
import * as powervcFlashCopy from "../powervc/flashcopy";
import * as trilio from "../trilio/lookups";
import * as waldur from "../waldur/lookups";

/** What a lookup returns: a list (every match) or one object. */
export type LookupReturns = "list" | "one";

/** One lookup of the plugin. */
export interface PluginLookup {
  /**
   * Its name in the TypeScript SDK (`waldur.getSnapshots`); its token is `tokenOf(name)` (./tokens). The schema
   * takes its description and result type from the SDK's function of that name and its arguments' descriptions from
   * `Get…Args`, both exported by `sdk/<namespace>/index.ts`.
   */
  name: string;
  /** The schema of its arguments, which the implementation validates them with. */
  args: z.ZodObject;
  /** The implementation. */
  run: (args: unknown, context: LookupContext) => Promise<unknown>;
  /** A list, which the plugin returns as `{ items }` (see {@link lookupOutputs}), or one object, as it is. */
  returns: LookupReturns;
}

/** Every lookup of the plugin. */
export const pluginLookups: readonly PluginLookup[] = [
  { name: "waldur.getSnapshots", args: waldur.getSnapshotsSchema, run: waldur.getSnapshots, returns: "list" },
  {
    name: "waldur.getSnapshotSchedules",
    args: waldur.getSnapshotSchedulesSchema,
    run: waldur.getSnapshotSchedules,
    returns: "list",
  },
  // With `mostRecent` the implementation returns the newest backup alone: the plugin returns it as the one item.
  { name: "cinder.getBackups", args: cinder.getBackupsSchema, run: cinder.getBackups, returns: "list" },
  { name: "cinder.getBackup", args: cinder.getBackupSchema, run: cinder.getBackup, returns: "one" },
  { name: "trilio.getSnapshots", args: trilio.getSnapshotsSchema, run: trilio.getSnapshots, returns: "list" },
  {
    name: "trilio.getLatestSnapshot",
    args: trilio.getLatestSnapshotSchema,
    run: trilio.getLatestSnapshot,
    returns: "one",
  },
  // With `mostRecent` the implementation returns the newest snapshot alone: the plugin returns it as the one item.
  {
    name: "powervc.getInstanceSnapshots",
    args: powervc.getInstanceSnapshotsSchema,
    run: powervc.getInstanceSnapshots,
    returns: "list",
  },
  {
    name: "powervc.getFlashCopyMappings",
    args: powervcFlashCopy.getFlashCopyMappingsSchema,
    run: powervcFlashCopy.getFlashCopyMappings,
    returns: "list",
  },
];

/** The property of a list lookup's outputs that holds the list. */
export const LIST_PROPERTY = "items";

/**
 * A lookup's result as the plugin's Invoke returns it (Invoke returns an object): a list lookup's matches under
 * {@link LIST_PROPERTY} (a single object as the one item), a one-object lookup's object as it is.
 */
export function lookupOutputs(lookup: PluginLookup, result: unknown): Record<string, unknown> {
  if (lookup.returns === "one") return result as Record<string, unknown>;
  return { [LIST_PROPERTY]: Array.isArray(result) ? result : [result] };
}
