import { flagCheck } from "../core/behaviour-checks";
import { isRecord } from "../core/guards";
import { type PowerVCOutcome, type PowerVCSnapshotOutcome } from "./models";

/** How the simulated PowerVC behaves; change it with `sim.powervc.setBehaviour(...)`. */
export interface PowerVCBehaviour {
  /** How long an instance snapshot stays `creating` (default 2000 ms). */
  readonly snapshotMs: number;
  /** How long a restore (or a retry) stays `restoring` (default 3000 ms). */
  readonly restoreMs: number;
  /** How long a rollback stays `restoring` (default 2000 ms). */
  readonly rollbackMs: number;
  /** How long a deleted instance snapshot stays `deleting` before it is gone (default 1000 ms). */
  readonly deleteMs: number;
  /** Outcomes consumed in order by the next instance snapshots, one each; when empty, they succeed. */
  readonly snapshotOutcomes: readonly PowerVCSnapshotOutcome[];
  /** Outcomes consumed in order by the next restores and retries, one each; when empty, they succeed. */
  readonly restoreOutcomes: readonly PowerVCOutcome[];
  /** Outcomes consumed in order by the next rollbacks, one each; when empty, they succeed. */
  readonly rollbackOutcomes: readonly PowerVCOutcome[];
  /**
   * Base of every `task_uri`, `{project}` standing for the project id. It names a PowerVC host that
   * is not the simulator (default `https://powervc.invalid:9000/v3/{project}`): a client must rebuild
   * the URI on its configured volume endpoint from the query.
   */
  readonly taskUriBase: string;
  /**
   * Tasks accepted from now on pass through TaskFlow's transient states in `get_progress`, as real flows do
   * (default false: `RUNNING`, then `SUCCESS` or `FAILURE`): the flow `PENDING` at first; the failing task's
   * first attempt `REVERTING` and `REVERTED` while its retry controller is `RETRYING`; on success, the flow
   * `RESUMING` and `SUSPENDED` for a while in the next step; on failure, the atoms that ran `REVERTING` one by
   * one and the flow ending `REVERTED`. Progress stands still meanwhile.
   */
  readonly taskflowTransientStates: boolean;
  /**
   * The instance-snapshot list honours `instance_id` (default true); false models a server that ignores it and
   * lists every instance snapshot of the project, so a client must check each one itself.
   */
  readonly instanceSnapshotListFilters: boolean;
}

/** The default behaviour. */
export const DEFAULT_POWERVC_BEHAVIOUR: PowerVCBehaviour = {
  snapshotMs: 2000,
  restoreMs: 3000,
  rollbackMs: 2000,
  deleteMs: 1000,
  snapshotOutcomes: [],
  restoreOutcomes: [],
  rollbackOutcomes: [],
  taskUriBase: "https://powervc.invalid:9000/v3/{project}",
  taskflowTransientStates: false,
  instanceSnapshotListFilters: true,
};

const DURATIONS = ["snapshotMs", "restoreMs", "rollbackMs", "deleteMs"] as const;
const QUEUES = ["restoreOutcomes", "rollbackOutcomes"] as const;

function checkOutcome(value: unknown): PowerVCOutcome {
  if (value === "success") return value;
  if (isRecord(value) && value.failure === "restore-error") {
    const failed = value.failedVolumes;
    if (failed === undefined) return { failure: "restore-error" };
    if (Array.isArray(failed) && failed.every((id) => typeof id === "string")) {
      return { failure: "restore-error", failedVolumes: failed as string[] };
    }
  }
  throw new RangeError(
    `an outcome is "success" or {"failure": "restore-error", "failedVolumes"?: [volume ids]}, got ${JSON.stringify(value)}`,
  );
}

function checkSnapshotOutcome(value: unknown): PowerVCSnapshotOutcome {
  if (value === "success") return value;
  if (isRecord(value) && value.failure === "error") return { failure: "error" };
  throw new RangeError(
    `a snapshot outcome is "success" or {"failure": "error"}, got ${JSON.stringify(value)}`,
  );
}

function checkTaskUriBase(value: unknown): string {
  if (typeof value !== "string" || !URL.canParse(value.replaceAll("{project}", "p"))) {
    throw new RangeError(`taskUriBase must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
}

/**
 * Checks a partial behaviour (typed, or JSON from the admin API) and returns it normalised. Throws
 * RangeError naming the bad field.
 */
export function checkPowerVCBehaviourPatch(patch: unknown): Partial<PowerVCBehaviour> {
  if (!isRecord(patch)) throw new RangeError("a behaviour patch is a JSON object");
  const unknown = Object.keys(patch).filter((key) => !(key in DEFAULT_POWERVC_BEHAVIOUR));
  if (unknown.length > 0) throw new RangeError(`unknown behaviour fields: ${unknown.join(", ")}`);
  const result: { -readonly [K in keyof PowerVCBehaviour]?: PowerVCBehaviour[K] } = {};
  for (const name of DURATIONS) {
    const value = patch[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
    }
    result[name] = value;
  }
  for (const name of QUEUES) {
    const value = patch[name];
    if (value === undefined) continue;
    if (!Array.isArray(value)) throw new RangeError(`${name} must be an array`);
    result[name] = value.map(checkOutcome);
  }
  if (patch.snapshotOutcomes !== undefined) {
    if (!Array.isArray(patch.snapshotOutcomes)) throw new RangeError("snapshotOutcomes must be an array");
    result.snapshotOutcomes = patch.snapshotOutcomes.map(checkSnapshotOutcome);
  }
  if (patch.taskUriBase !== undefined) result.taskUriBase = checkTaskUriBase(patch.taskUriBase);
  if (patch.taskflowTransientStates !== undefined) {
    result.taskflowTransientStates = flagCheck(
      "taskflowTransientStates",
      patch.taskflowTransientStates,
    ) as boolean;
  }
  if (patch.instanceSnapshotListFilters !== undefined) {
    result.instanceSnapshotListFilters = flagCheck(
      "instanceSnapshotListFilters",
      patch.instanceSnapshotListFilters,
    ) as boolean;
  }
  return result;
}
