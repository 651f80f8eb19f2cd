/**
 * The inputs of `waldur.Snapshot`, validated: types and formats, and the rules between them. Each failure
 * names the property and says what is wrong.
 */
import { z } from "zod";
import { currentClock } from "../core/clock";
import {
  adoptField,
  defaultedNameField,
  markedDescriptionField,
  metadataField,
  withCommonFields,
} from "../core/common-fields";
import { field, inputShape, type Fields } from "../core/fields";
import { markerFits } from "../core/identity";
import type { InputsOf } from "../core/model";
import { waldurConnection } from "./connection";
import type { WaldurSnapshot } from "./api";
import { dateTime, waldurUuid } from "./inputs";

/** What `retention.days` must be. */
const DAYS = "must be a whole number of days from 1 to 36500";

/** Each input of `waldur.Snapshot`, declared once (see ../core/fields). */
export const snapshotFields = withCommonFields("Waldur", waldurConnection, ["30m", "10m", "30m"], {
  volumeUuid: field(waldurUuid.optional(), {
    replaces: "a snapshot is of one volume: another volume is a new snapshot",
    doc: "Waldur uuid: snapshot this volume",
  }),
  adoptSnapshotUuid: adoptField(
    waldurUuid,
    "snapshot",
    "Waldur uuid: manage an existing snapshot (one a schedule made) instead",
  ),
  name: defaultedNameField("snapshot", { max: 150, updates: "PATCH" }),
  description: markedDescriptionField({ max: 2000, updates: "PATCH" }),
  metadata: metadataField("Waldur", { updates: "PATCH", doc: "map of strings (kept in Waldur)" }),
  keptUntil: field(dateTime.nullable().optional(), {
    updates: "PATCH of `kept_until`",
    doc:
      "ISO date-time with a zone, or `null` to keep forever; not with `retention`. Removing both sets " +
      "`kept_until` to null (keep forever), and preview says so",
  }),
  retention: field(
    z
      .object({ days: z.int({ error: DAYS }).min(1, { error: DAYS }).max(36_500, { error: DAYS }) })
      .strict()
      .optional(),
    {
      updates: "PATCH of `kept_until`",
      doc: "`{ days }`: the snapshot's creation time plus that many days; not with `keptUntil`",
    },
  ),
  deleteOnDestroy: field(z.boolean().optional(), {
    stateOnly: "it only matters when the resource is destroyed",
    doc: "boolean, adopted snapshots only (default false)",
  }),
} as const satisfies Fields<WaldurSnapshot>);

/** The inputs' shape, without the cross-field rules (used to read inputs back from state). */
export const snapshotInputsShape = inputShape(snapshotFields);

/** Validated inputs of a snapshot. */
export type SnapshotInputs = InputsOf<typeof snapshotFields>;

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
