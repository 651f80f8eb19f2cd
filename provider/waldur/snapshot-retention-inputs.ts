/**
 * The inputs of `waldur.SnapshotRetention`, declared once (see ../core/fields): the set of snapshots (a volume's,
 * optionally narrowed by a name prefix), the grandfather-father-son rule over them, and the grace period of a
 * snapshot leaving it.
 */
import { z } from "zod";
import { withCommonFields, type ConnectionInputOf } from "../core/common-fields";
import { field, inputShape, type Fields } from "../core/fields";
import type { InputsOf } from "../core/model";
import { waldurConnection } from "./connection";
import { waldurUuid } from "./inputs";
import { graceDaysSchema, retentionRuleSchema } from "./retention-rule";

/** The grace period when none is declared: a week to notice a wrong rule before Waldur's cleanup runs. */
export const DEFAULT_GRACE_DAYS = 7;

const ANOTHER_SET =
  "another set of snapshots is another policy: the old set's snapshots keep the kept_until they have";
const REEVALUATED = "PATCH of `kept_until` on the snapshots whose outcome changes";

/** Each input of `waldur.SnapshotRetention`. */
export const snapshotRetentionFields = withCommonFields("Waldur", waldurConnection, ["30m", "30m", "1m"], {
  sourceVolumeUuid: field(waldurUuid, {
    replaces: ANOTHER_SET,
    doc: "Waldur uuid: the volume whose snapshots the rule keeps",
  }),
  namePrefix: field(
    z.string().min(1, { error: "must not be empty (leave it out to take every snapshot)" }).optional(),
    {
      replaces: ANOTHER_SET,
      doc: "only snapshots whose name starts with this (a schedule names its snapshots after itself)",
    },
  ),
  rule: field(retentionRuleSchema, {
    updates: REEVALUATED,
    doc:
      "`{ keepLast?, daily?, weekly?, monthly?, yearly? }`: whole counts, at least one above 0; a snapshot is " +
      "kept when any count keeps it (calendar buckets in UTC, ISO weeks)",
  }),
  graceDays: field(graceDaysSchema.optional(), {
    updates: REEVALUATED,
    doc:
      `days a snapshot leaving the rule stays (its \`kept_until\` = now + this), default ${DEFAULT_GRACE_DAYS}; ` +
      "never extended once set",
  }),
  leaveAlone: field(z.array(waldurUuid).optional(), {
    updates: REEVALUATED,
    doc:
      "Waldur uuids of snapshots the rule neither counts nor changes, such as those a `waldur.Snapshot` adopts " +
      "(snapshots a `waldur.Snapshot` created are recognised by their marker)",
  }),
} as const satisfies Fields<never>);

/** The inputs' shape, without the cross-field rules (used to read inputs back from state). */
export const snapshotRetentionShape = inputShape(snapshotRetentionFields);

/** Validated inputs of a retention policy. */
export type SnapshotRetentionInputs = InputsOf<typeof snapshotRetentionFields>;

/** Its connection input. */
export type SnapshotRetentionConnection = ConnectionInputOf<typeof snapshotRetentionFields>;
