import { type Restore, type RestoreProgress, type RestoreStatus } from "./models";

/** `progress_msg` of a successful restore. */
export const RESTORE_COMPLETE_MESSAGE = "Restore from snapshot is complete";

/** The host name a started restore reports. */
const WORKER_HOST = "TVM1";

/** Where each running phase ends, as a fraction of the restore's duration. */
const PHASE_ENDS: readonly { readonly status: RestoreStatus; readonly until: number }[] = [
  { status: "restoring", until: 0.05 },
  { status: "starting", until: 0.15 },
  { status: "executing", until: 1 },
];

/** What a restore reports when it has just been accepted (the 202 answer). */
export function initialProgress(): RestoreProgress {
  return {
    status: "restoring",
    progressPercent: 0,
    progressMsg: null,
    errorMsg: null,
    size: 0,
    uploadedSize: 0,
    host: "",
    finishedAt: null,
    timeTaken: 0,
  };
}

type Timing = Pick<Restore, "createdAt" | "durationMs" | "plannedSize" | "targets">;

function runningProgress(restore: Timing, at: number): RestoreProgress {
  const elapsed = Math.max(0, at - restore.createdAt);
  const fraction = restore.durationMs > 0 ? Math.min(1, elapsed / restore.durationMs) : 1;
  const status = PHASE_ENDS.find((phase) => fraction < phase.until)?.status ?? "executing";
  const executed = Math.min(1, Math.max(0, (fraction - 0.15) / 0.85));
  const target =
    restore.targets[Math.min(restore.targets.length - 1, Math.floor(executed * restore.targets.length))];
  const messages: Partial<Record<RestoreStatus, string>> = {
    starting: "Initializing restore",
    executing: `Restoring instance ${target?.name ?? ""}`.trim(),
  };
  return {
    status,
    progressPercent: Math.min(99, Math.floor(fraction * 100)),
    progressMsg: messages[status] ?? null,
    errorMsg: null,
    size: status === "restoring" ? 0 : restore.plannedSize,
    uploadedSize: Math.floor(restore.plannedSize * executed),
    host: status === "restoring" ? "" : WORKER_HOST,
    finishedAt: null,
    timeTaken: Math.floor(elapsed / 1000),
  };
}

function finished(restore: Timing, at: number, partial: Partial<RestoreProgress>): RestoreProgress {
  return {
    status: "available",
    progressPercent: 100,
    progressMsg: "",
    errorMsg: null,
    size: restore.plannedSize,
    uploadedSize: restore.plannedSize,
    host: WORKER_HOST,
    finishedAt: at,
    timeTaken: Math.round((at - restore.createdAt) / 1000),
    ...partial,
  };
}

/**
 * A restore's status and progress at time `now`, computed from when it was accepted, its duration,
 * its decided outcome and any cancel request: `restoring` until 5 % of the duration, `starting`
 * until 15 %, `executing` until 100 %, then `available` or `error`; after a cancel, `cancelling` for
 * the cancel duration (progress frozen) and then `cancelled`. `progress_percent` is 100 in every
 * terminal status.
 */
export function restoreProgressAt(
  restore: Timing & Pick<Restore, "outcome" | "cancelRequestedAt" | "cancelDurationMs">,
  now: number,
): RestoreProgress {
  if (restore.cancelRequestedAt !== null) {
    const frozen = runningProgress(restore, restore.cancelRequestedAt);
    const cancelledAt = restore.cancelRequestedAt + restore.cancelDurationMs;
    if (now < cancelledAt) return { ...frozen, status: "cancelling", progressMsg: "Cancelling restore" };
    return finished(restore, cancelledAt, { status: "cancelled", uploadedSize: frozen.uploadedSize });
  }
  const endsAt = restore.createdAt + restore.durationMs;
  if (now < endsAt) return runningProgress(restore, now);
  if (restore.outcome === "available") {
    return finished(restore, endsAt, { progressMsg: RESTORE_COMPLETE_MESSAGE });
  }
  return finished(restore, endsAt, {
    status: "error",
    errorMsg: restore.outcome.message ?? "Failed restoring snapshot: simulated failure",
  });
}
