/**
 * `waldur.SnapshotRetention`: a grandfather-father-son rule (./retention-rule) kept true over every snapshot of a
 * volume (optionally those whose name starts with a prefix), including snapshots made after the last `up`.
 *
 * - It owns no remote object: it sets `kept_until` on snapshots that exist. Create and update read the set, apply
 *   the rule and PATCH only the snapshots whose `kept_until` must change; delete sends nothing and says so (kept
 *   snapshots stay kept, leaving ones still expire at the date they have).
 * - Preview reads the set too (list pages only): `diff` applies the rule at Waldur's time and reports an update
 *   when any snapshot needs a PATCH (a snapshot that appeared, drift, a changed rule), printing the summary and
 *   each change. So a new snapshot needs no program edit, and an `up` with nothing to change sends nothing.
 * - "Now" is Waldur's clock (the list's `Date` header): its cleanup job compares `kept_until` with that clock,
 *   and the grace period counts from it whatever the clock of the machine running `up`.
 * - Left alone: snapshots a `waldur.Snapshot` made (their description carries its marker), those named in
 *   `leaveAlone`, and snapshots that are not usable restore points (see ./retention-rule).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { remoteCheckFailure, remoteChecksEnabled } from "../core/check";
import { currentClock } from "../core/clock";
import { withChange, type TableDiff } from "../core/diff";
import { ProviderError } from "../core/errors";
import { markerIn } from "../core/identity";
import { count } from "../core/messages";
import { resourceModel, type SessionOf } from "../core/model";
import { unread, type PlanGap } from "../core/plan";
import type { OutputPreview } from "../core/preview";
import { defineResource, inputsOf, outputsWithInputs, type Props } from "../core/resource";
import { containsUnknown } from "../core/values";
import { sourceVolumeUuidOf, type WaldurSnapshot } from "./api";
import { sendWhenNotBusy } from "./busy";
import { servesNoSchedules, WaldurClient } from "./client";
import { retentionPreview, scheduleConflicts } from "./retention-plan";
import {
  describeRule,
  evaluateRetention,
  type RetentionOutcome,
  type RetentionSnapshot,
  type SnapshotDecision,
} from "./retention-rule";
import {
  DEFAULT_GRACE_DAYS,
  snapshotRetentionFields,
  type SnapshotRetentionInputs,
} from "./snapshot-retention-inputs";
import { deadlineSetting } from "../core/timeouts";

/** The model of `waldur.SnapshotRetention`: its fields and what the operations derive from them. */
export const snapshotRetentionModel = resourceModel(
  "waldur.SnapshotRetention",
  snapshotRetentionFields,
  WaldurClient,
);

type Session = SessionOf<typeof snapshotRetentionModel>;

/** PATCHes in flight at once: enough to keep a first `up` over hundreds of snapshots short, few for Waldur. */
const PARALLEL_PATCHES = 4;

/** How many failed PATCHes an error names before it says "and N more". */
const NAMED_FAILURES = 3;

/** The rule applied to the set as it is now, and what the volume's schedules make of it. */
interface Evaluation {
  outcome: RetentionOutcome;
  warnings: string[];
}

/** The implementation of `waldur.SnapshotRetention`. */
export const snapshotRetentionProvider: dynamic.ResourceProvider = defineResource<SnapshotRetentionInputs>({
  ...snapshotRetentionModel.definition,

  async verifyBeforeCreate(inputs) {
    const session = snapshotRetentionModel.session(inputs);
    try {
      if (!(await session.client.getVolume(inputs.sourceVolumeUuid))) {
        return [
          {
            property: "sourceVolumeUuid",
            reason: `volume ${inputs.sourceVolumeUuid} does not exist in Waldur (or this token cannot see it)`,
          },
        ];
      }
      const evaluation = await evaluate(session, inputs);
      session.log.info(previewText(inputs, evaluation));
      return [];
    } catch (error) {
      return [
        remoteCheckFailure(
          error,
          "sourceVolumeUuid",
          `the snapshots of volume ${inputs.sourceVolumeUuid} in Waldur`,
        ),
      ];
    }
  },

  planWithoutServer: (inputs, gap) => planWithoutWaldur(inputs, gap),

  async refineDiff(_id, _olds, news, diff) {
    if (diff.replaces.length > 0) return diff;
    const log = snapshotRetentionModel.session.stored(news).log;
    if (containsUnknown(news)) {
      log.info(planWithoutWaldur(news, "unknown inputs"));
      return diff;
    }
    if (!remoteChecksEnabled()) {
      log.info(planWithoutWaldur(news, "remote checks off"));
      return withSnapshots(diff);
    }
    const inputs = snapshotRetentionModel.inputs(news);
    const evaluation = await evaluate(snapshotRetentionModel.session(inputs), inputs);
    log.info(previewText(inputs, evaluation));
    return evaluation.outcome.decisions.some((decision) => decision.patch) ? withSnapshots(diff) : diff;
  },

  async create(props) {
    const { inputs, session, deadline } = snapshotRetentionModel.begin("create", props);
    const evaluation = await apply(session, inputs, { at: deadline, input: deadlineSetting("create") });
    return { id: policyId(inputs), outs: retentionOutputs(evaluation, props) };
  },

  async read(id, props) {
    const inputs = snapshotRetentionModel.inputs(props);
    const evaluation = await evaluate(snapshotRetentionModel.session(inputs), inputs);
    return {
      id,
      props: retentionOutputs(evaluation, props),
      inputs: inputsOf(snapshotRetentionModel.diffTable, props),
    };
  },

  async update(_id, _olds, news) {
    const { inputs, session, deadline } = snapshotRetentionModel.begin("update", news);
    const evaluation = await apply(session, inputs, { at: deadline, input: deadlineSetting("update") });
    return { outs: retentionOutputs(evaluation, news) };
  },

  async delete(_id, props) {
    const session = snapshotRetentionModel.session.stored(props);
    const snapshots =
      typeof props.snapshotCount === "number" ? count(props.snapshotCount, "snapshot") : "snapshots";
    session.log.info(
      `left the ${snapshots} of volume ${String(props.sourceVolumeUuid)} as they are: removing a retention policy ` +
        "changes no kept_until (those it kept stay kept until you say otherwise; those leaving it still expire " +
        "at the kept_until they have)",
    );
  },
});

/**
 * What a preview of `waldur.SnapshotRetention` knows: every output, from the same reading of the set that its
 * check and diff print (list requests only), as the create or update will leave it. Unknown when an input is, or
 * when remote checks are off (preview then reads nothing).
 */
export const snapshotRetentionPreview: OutputPreview = {
  async known(props) {
    if (containsUnknown(props) || !remoteChecksEnabled()) return {};
    const inputs = snapshotRetentionModel.inputs(props);
    return retentionOutputs(applied(await evaluate(snapshotRetentionModel.session(inputs), inputs)), props);
  },
};

/** The policy's id: the set it keeps (a volume, and a name prefix if any). */
function policyId(inputs: SnapshotRetentionInputs): string {
  return inputs.namePrefix ? `${inputs.sourceVolumeUuid}/${inputs.namePrefix}` : inputs.sourceVolumeUuid;
}

/** `diff` reporting an update of the snapshots (no input changed: the set or its `kept_until` did). */
function withSnapshots(diff: TableDiff): TableDiff {
  return withChange(diff, "snapshots", "update");
}

/** The set as it is now, the rule applied to it at Waldur's time, and the schedules' warnings. */
async function evaluate(session: Session, inputs: SnapshotRetentionInputs): Promise<Evaluation> {
  const { items, serverTime } = await session.client.listSnapshotsWithTime({
    source_volume_uuid: inputs.sourceVolumeUuid,
  });
  const leaveAlone = new Set(inputs.leaveAlone ?? []);
  const set = items
    .filter((snapshot) => inSet(snapshot, inputs))
    .map((snapshot) => asRetentionSnapshot(snapshot, leaveAlone));
  const outcome = evaluateRetention(set, inputs.rule, {
    now: serverTime ?? currentClock().now(),
    graceDays: inputs.graceDays ?? DEFAULT_GRACE_DAYS,
  });
  return { outcome, warnings: await scheduleWarnings(session, inputs, outcome, items) };
}

/** Whether a snapshot of the list belongs to the policy's set (the filter is checked again: old servers ignore it). */
function inSet(snapshot: WaldurSnapshot, inputs: SnapshotRetentionInputs): boolean {
  return (
    sourceVolumeUuidOf(snapshot) === inputs.sourceVolumeUuid &&
    (inputs.namePrefix === undefined || snapshot.name.startsWith(inputs.namePrefix))
  );
}

function asRetentionSnapshot(snapshot: WaldurSnapshot, leaveAlone: ReadonlySet<string>): RetentionSnapshot {
  const marker = markerIn(snapshot.description);
  const managedBy = leaveAlone.has(snapshot.uuid)
    ? "a resource named in leaveAlone"
    : marker
      ? `the waldur.Snapshot resource that made it (marker ${marker})`
      : undefined;
  return {
    uuid: snapshot.uuid,
    name: snapshot.name,
    created: snapshot.created,
    keptUntil: snapshot.kept_until,
    state: snapshot.state,
    ...(managedBy ? { managedBy } : {}),
  };
}

/**
 * The warnings of the volume's active schedules against the outcome: each counts the snapshots it made where the
 * server says which (late-2024 servers), else every snapshot of the set. A Waldur without schedules has none; a
 * schedule list that cannot be read is a warning itself, not a failure (the rule does not depend on it).
 */
async function scheduleWarnings(
  session: Session,
  inputs: SnapshotRetentionInputs,
  outcome: RetentionOutcome,
  listed: readonly WaldurSnapshot[],
): Promise<string[]> {
  let schedules;
  try {
    schedules = await session.client.listSnapshotSchedules({ source_volume_uuid: inputs.sourceVolumeUuid });
  } catch (error) {
    if (servesNoSchedules(error)) return [];
    return [
      `could not read the volume's snapshot schedules, so none is compared with the rule: ${ProviderError.wrap(error, {}).message}`,
    ];
  }
  const madeBy = new Map(
    listed.map((snapshot) => [snapshot.uuid, snapshot.snapshot_schedule_uuid ?? undefined]),
  );
  return schedules
    .filter((schedule) => sourceVolumeUuidOf(schedule) === inputs.sourceVolumeUuid)
    .flatMap((schedule) => {
      const own = (decision: SnapshotDecision) =>
        (madeBy.get(decision.snapshot.uuid) ?? schedule.uuid) === schedule.uuid;
      const conflicts = scheduleConflicts(
        {
          uuid: schedule.uuid,
          name: schedule.name,
          retentionTimeDays: schedule.retention_time,
          maximalNumberOfResources: schedule.maximal_number_of_resources,
          isActive: schedule.is_active,
        },
        { ...outcome, decisions: outcome.decisions.filter(own) },
      );
      return conflicts.map((conflict) => conflict.message);
    });
}

/** What preview prints for the policy: the summary, the warnings, the snapshots left alone, then each change. */
function previewText(inputs: SnapshotRetentionInputs, { outcome, warnings }: Evaluation): string {
  const set = inputs.namePrefix
    ? `snapshots of volume ${inputs.sourceVolumeUuid} named "${inputs.namePrefix}…"`
    : `snapshots of volume ${inputs.sourceVolumeUuid}`;
  return [`${set}:`, ...retentionPreview(outcome, warnings)].join("\n");
}

/** The plan line when the snapshots cannot be read at preview. */
function planWithoutWaldur(inputs: Props, gap: PlanGap): string {
  const rule = containsUnknown(inputs.rule) ? "<rule: unknown until up>" : describeRule(inputs.rule as never);
  return (
    `will keep ${rule} of the snapshots of volume ${String(inputs.sourceVolumeUuid)} and set kept_until on the ` +
    `others; ${unread("which snapshots change", gap)}`
  );
}

/** A deadline and the input that set it, for messages. */
interface Deadline {
  at: number;
  input: string;
}

/**
 * Applies the rule: reads the set, PATCHes `kept_until` where it must change (a few at a time, waiting out a
 * busy snapshot), and returns the outcome as Waldur now holds it. Every PATCH is tried; the failures are reported
 * together afterwards, each with Waldur's answer (a rerun sends only what is still needed).
 */
async function apply(
  session: Session,
  inputs: SnapshotRetentionInputs,
  deadline: Deadline,
): Promise<Evaluation> {
  const evaluation = await evaluate(session, inputs);
  const patches = evaluation.outcome.decisions.filter((decision) => decision.patch);
  if (patches.length > 0) {
    session.log.info(
      `setting kept_until on ${count(patches.length, "snapshot")} of volume ${inputs.sourceVolumeUuid} ` +
        `(${describeRule(inputs.rule)})`,
    );
  }
  const failures: { decision: SnapshotDecision; error: ProviderError }[] = [];
  const queue = [...patches];
  const worker = async () => {
    for (let decision = queue.shift(); decision; decision = queue.shift()) {
      try {
        await patchKeptUntil(session, decision, deadline);
      } catch (error) {
        failures.push({ decision, error: ProviderError.wrap(error, {}) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PATCHES, patches.length) }, worker));
  if (failures.length > 0) throw patchFailure(failures, patches.length);
  return applied(evaluation);
}

/** The evaluation once every PATCH it asks for is made: each snapshot holds the `kept_until` the rule decided. */
function applied(evaluation: Evaluation): Evaluation {
  return {
    ...evaluation,
    outcome: {
      ...evaluation.outcome,
      decisions: evaluation.outcome.decisions.map((decision) =>
        decision.patch ? { ...decision, current: decision.desired, patch: false } : decision,
      ),
    },
  };
}

/** Sets one snapshot's `kept_until` to what the rule decided. */
async function patchKeptUntil(
  session: Session,
  decision: SnapshotDecision,
  deadline: Deadline,
): Promise<void> {
  const { uuid } = decision.snapshot;
  await sendWhenNotBusy({
    subject: `snapshot ${uuid}`,
    send: () => session.client.patchSnapshot(uuid, { kept_until: decision.desired }),
    state: async () => (await session.client.getSnapshot(uuid))?.state,
    deadline: deadline.at,
    deadlineInput: deadline.input,
    log: session.log,
  });
}

/** The error of PATCHes that failed: how many, then the first few with Waldur's answer to each. */
function patchFailure(
  failures: readonly { decision: SnapshotDecision; error: ProviderError }[],
  tried: number,
): ProviderError {
  const named = failures.slice(0, NAMED_FAILURES).map(({ decision, error }) => {
    const { snapshot, desired } = decision;
    return `snapshot ${snapshot.name} (${snapshot.uuid}) → kept_until ${desired ?? "null"}: ${error.message}`;
  });
  const more = failures.length - named.length;
  // Each failure named carries its own HTTP status and request id.
  return new ProviderError(
    `could not set kept_until on ${failures.length} of ${count(tried, "snapshot")} (the others are set; ` +
      `the next up sends only what is still needed): ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
  );
}

/** Outputs: every input echoed, then the outcome as Waldur holds it. */
function retentionOutputs({ outcome, warnings }: Evaluation, inputs: Props): Props {
  const uuids = (verdict: SnapshotDecision["verdict"]) =>
    outcome.decisions.filter((decision) => decision.verdict === verdict).map(({ snapshot }) => snapshot.uuid);
  const [kept, leaving] = [uuids("kept"), uuids("leaving")];
  return outputsWithInputs(snapshotRetentionModel.diffTable, inputs, {
    snapshotCount: outcome.decisions.length,
    keptCount: kept.length,
    leavingCount: leaving.length,
    leftAloneCount: outcome.decisions.length - kept.length - leaving.length,
    kept,
    leaving,
    warnings,
  });
}
