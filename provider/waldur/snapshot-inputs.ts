/**
 * The inputs of `waldur.Snapshot`, validated: types and formats, and the rules between them. Each failure
 * names the property and says what is wrong.
 */
import { z } from "zod";
import { identitySchema, markerFits } from "../core/identity";
import { currentClock } from "../core/clock";
import { timeoutsSchema } from "../core/timeouts";
import { waldurConnectionSchema } from "./connection";
import { dateTime, waldurUuid } from "./inputs";

/** The inputs' shape, without the cross-field rules (used to read inputs back from state). */
export const snapshotInputsShape = z.object({
  __identity: identitySchema,
  volumeUuid: waldurUuid.optional(),
  adoptSnapshotUuid: waldurUuid.optional(),
  name: z.string().min(1, { error: "must not be empty" }).max(150).optional(),
  description: z.string().max(2000).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  keptUntil: dateTime.nullable().optional(),
  retention: z
    .object({ days: z.int().positive().max(36_500) })
    .strict()
    .optional(),
  deleteOnDestroy: z.boolean().optional(),
  timeouts: timeoutsSchema.optional(),
  connection: waldurConnectionSchema.optional(),
});

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
