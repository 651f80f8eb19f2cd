import { flagCheck } from "../core/behaviour-checks";
import { isRecord } from "../core/guards";
import { type RestoreOutcome } from "./models";

/** How the simulated workloadmgr behaves; change it with `sim.trilio.setBehaviour(...)`. */
export interface TrilioBehaviour {
  /** How long a restore runs on the simulator's clock (default 3000 ms). */
  readonly restoreDurationMs: number;
  /** How long a cancelled restore stays `cancelling` (default 300 ms). */
  readonly cancelDurationMs: number;
  /**
   * Outcomes consumed in order by the next accepted restores, one each; when empty, restores succeed.
   * (A one-click restore whose original VMs exist fails anyway, but still consumes its entry.)
   */
  readonly outcomes: readonly RestoreOutcome[];
  /** Answer 500 instead of 400 for a bad state on start and cancel, as older servers do. */
  readonly legacyStatusErrors: boolean;
  /**
   * The snapshot list honours `workload_id`, `host`, `date_from` and `date_to` (default true); false models a
   * server that ignores them and lists every snapshot of the project, so a client must check each one itself.
   */
  readonly snapshotListFilters: boolean;
}

/** The default behaviour. */
export const DEFAULT_TRILIO_BEHAVIOUR: TrilioBehaviour = {
  restoreDurationMs: 3000,
  cancelDurationMs: 300,
  outcomes: [],
  legacyStatusErrors: false,
  snapshotListFilters: true,
};

function checkDuration(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
  }
}

function checkOutcome(value: unknown): RestoreOutcome {
  if (value === "available") return value;
  if (isRecord(value) && value.status === "available") return "available";
  if (
    isRecord(value) &&
    value.status === "error" &&
    (value.message === undefined || typeof value.message === "string")
  ) {
    return value.message === undefined ? { status: "error" } : { status: "error", message: value.message };
  }
  throw new RangeError(
    `an outcome is "available" or {"status": "error", "message"?: string}, got ${JSON.stringify(value)}`,
  );
}

/**
 * Checks a partial behaviour (typed, or JSON from the admin API) and returns it normalised. Throws
 * RangeError naming the bad field.
 */
export function checkBehaviourPatch(patch: unknown): Partial<TrilioBehaviour> {
  if (!isRecord(patch)) throw new RangeError("a behaviour patch is a JSON object");
  const known = new Set(Object.keys(DEFAULT_TRILIO_BEHAVIOUR));
  const unknown = Object.keys(patch).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new RangeError(`unknown behaviour fields: ${unknown.join(", ")}`);
  const result: { -readonly [K in keyof TrilioBehaviour]?: TrilioBehaviour[K] } = {};
  if (patch.restoreDurationMs !== undefined) {
    checkDuration("restoreDurationMs", patch.restoreDurationMs);
    result.restoreDurationMs = patch.restoreDurationMs as number;
  }
  if (patch.cancelDurationMs !== undefined) {
    checkDuration("cancelDurationMs", patch.cancelDurationMs);
    result.cancelDurationMs = patch.cancelDurationMs as number;
  }
  if (patch.outcomes !== undefined) {
    if (!Array.isArray(patch.outcomes)) throw new RangeError("outcomes must be an array");
    result.outcomes = patch.outcomes.map(checkOutcome);
  }
  if (patch.legacyStatusErrors !== undefined) {
    if (typeof patch.legacyStatusErrors !== "boolean")
      throw new RangeError("legacyStatusErrors must be a boolean");
    result.legacyStatusErrors = patch.legacyStatusErrors;
  }
  if (patch.snapshotListFilters !== undefined) {
    result.snapshotListFilters = flagCheck("snapshotListFilters", patch.snapshotListFilters) as boolean;
  }
  return result;
}
