/**
 * The inputs of `waldur.Snapshot`, validated: types and formats, and the rules between them. Each failure
 * names the property and says what is wrong.
 */
import { z } from "zod";
import { inputShape, type Fields } from "../core/fields";
import { describeWithMarker, identitySchema, markerFits, withoutMarker } from "../core/identity";
import { currentClock } from "../core/clock";
import { timeoutsSchema } from "../core/timeouts";
import { waldurConnectionSchema } from "./connection";
import type { WaldurSnapshot } from "./api";
import { dateTime, waldurUuid } from "./inputs";

/** Each input of `waldur.Snapshot`, declared once (see ../core/fields). */
export const snapshotFields = {
  __identity: {
    schema: identitySchema,
    change: { ignored: "who the resource is: the SDK passes it" },
    doc: "the resource's identity",
  },
  volumeUuid: {
    schema: waldurUuid.optional(),
    change: { replaces: "a snapshot is of one volume: another volume is a new snapshot" },
    doc: "Waldur uuid: snapshot this volume",
  },
  adoptSnapshotUuid: {
    schema: waldurUuid.optional(),
    change: { replaces: "another snapshot to manage" },
    doc: "Waldur uuid: manage an existing snapshot (one a schedule made) instead",
  },
  name: {
    schema: z.string().min(1, { error: "must not be empty" }).max(150).optional(),
    change: { updates: "PATCH" },
    doc: "string, default (for a new snapshot) the resource name",
    server: {
      wire: "name",
      read: (snapshot) => snapshot.name,
      removal: {
        becomes: (context) => (context.adopted ? undefined : context.resourceName),
        says: "back to the resource name (an adopted snapshot keeps its name)",
      },
    },
  },
  description: {
    schema: z.string().max(2000).optional(),
    change: { updates: "PATCH" },
    doc: "string",
    server: {
      wire: "description",
      read: (snapshot, context) => withoutMarker(snapshot.description, context.marker),
      write: (value, context) =>
        context.marker ? describeWithMarker(value as string, context.marker) : value,
      removal: { becomes: "", says: "cleared" },
    },
  },
  metadata: {
    schema: z.record(z.string(), z.string()).optional(),
    change: { updates: "PATCH" },
    doc: "map of strings (kept in Waldur)",
    server: {
      wire: "metadata",
      read: (snapshot) => snapshot.metadata || {},
      removal: { becomes: {}, says: "cleared; a key removed is removed in Waldur" },
    },
  },
  keptUntil: {
    schema: dateTime.nullable().optional(),
    change: { updates: "PATCH of `kept_until`" },
    doc:
      "ISO date-time with a zone, or `null` to keep forever; not with `retention`. Removing both sets " +
      "`kept_until` to null (keep forever), and preview says so",
  },
  retention: {
    schema: z
      .object({ days: z.int().positive().max(36_500) })
      .strict()
      .optional(),
    change: { updates: "PATCH of `kept_until`" },
    doc: "`{ days }`: the snapshot's creation time plus that many days; not with `keptUntil`",
  },
  deleteOnDestroy: {
    schema: z.boolean().optional(),
    change: { stateOnly: "it only matters when the resource is destroyed" },
    doc: "boolean, adopted snapshots only (default false)",
  },
  timeouts: {
    schema: timeoutsSchema.optional(),
    change: { stateOnly: "deadlines of this provider's waits" },
    doc: "`{ create?, update?, delete? }`, defaults 30m, 10m, 30m",
  },
  connection: {
    schema: waldurConnectionSchema.optional(),
    change: { stateOnly: "how this provider reaches Waldur" },
    doc: "see below",
  },
} as const satisfies Fields<WaldurSnapshot>;

/** The inputs' shape, without the cross-field rules (used to read inputs back from state). */
export const snapshotInputsShape = inputShape(snapshotFields);

/** Validated inputs of a snapshot. */
export type SnapshotInputs = z.output<typeof snapshotInputsShape>;

/** The inputs with every rule, as `check` applies them (unknown top-level properties are refused). */
export const snapshotInputsSchema = snapshotInputsShape
  .strict()
  .superRefine((inputs, context) => {
    const fail = (path: PropertyKey[], message: string) =>
      context.addIssue({ code: "custom", path, message });
    if (inputs.volumeUuid === undefined && inputs.adoptSnapshotUuid === undefined) {
      fail(
        ["volumeUuid"],
        "set volumeUuid (snapshot a volume) or adoptSnapshotUuid (manage an existing snapshot)",
      );
    }
    if (inputs.volumeUuid !== undefined && inputs.adoptSnapshotUuid !== undefined) {
      fail(["adoptSnapshotUuid"], "set volumeUuid or adoptSnapshotUuid, not both");
    }
    if (inputs.keptUntil !== undefined && inputs.retention !== undefined) {
      fail(["retention"], "set keptUntil or retention, not both");
    }
    if (inputs.keptUntil && Date.parse(inputs.keptUntil) <= currentClock().now()) {
      fail(
        ["keptUntil"],
        `${inputs.keptUntil} is in the past: Waldur deletes a snapshot whose kept_until has passed within minutes`,
      );
    }
    if (inputs.deleteOnDestroy !== undefined && inputs.adoptSnapshotUuid === undefined) {
      fail(
        ["deleteOnDestroy"],
        "only applies to an adopted snapshot (a snapshot this resource creates is deleted)",
      );
    }
  })
  .superRefine(markerFits(2000, "Waldur", (inputs) => inputs.adoptSnapshotUuid !== undefined));
