import { expect } from "chai";
import {
  POWERVC_SEED,
  TASKFLOW_ATOM_STATES,
  TASKFLOW_FINAL_FLOW_STATES,
  TASKFLOW_FLOW_STATES,
} from "../../simulator";
import { call } from "./helpers";
import { type ProgressJson, usePowerVCSimulator } from "./powervc-client";

const SNAPSHOT = POWERVC_SEED.instanceSnapshotId;
const APP = POWERVC_SEED.appServerId;
const RESTORE_TASK = "powervc_cinder.volume.tasks.snapshots.RestoreSnapshot";
const RETRY = "retry_restore_snapshot";
/** The default restore duration, and the share of it each of the restore flow's four steps takes. */
const RESTORE_MS = 3_000;
const STEP_MS = RESTORE_MS / 4;

/** The distinct successive values of a sequence (`a a b a` → `a b a`). */
function changes<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => index === 0 || values[index - 1] !== value);
}

describe("simulator: PowerVC TaskFlow transient states", () => {
  const f = usePowerVCSimulator();

  /** Reads a task's progress every `stepMs` from now until `untilMs` has passed (the clock moves). */
  async function follow(uri: string, untilMs: number, stepMs = 50): Promise<ProgressJson[]> {
    const seen: ProgressJson[] = [];
    for (let elapsed = 0; elapsed <= untilMs; elapsed += stepMs) {
      const response = await f.pvc.progress(uri);
      expect(response.status).to.equal(200);
      seen.push(response.body.details);
      f.clock.advance(stepMs);
    }
    return seen;
  }
  const flowStates = (seen: ProgressJson[], flow = "InstRestoreFlow") =>
    changes(seen.map((details) => details.flow_details[flow]));
  const atomStates = (seen: ProgressJson[], atom: string) =>
    changes(seen.map((details) => details.pending_tasks[atom] ?? details.completed_tasks[atom]));

  it("is off by default: a restore's flow goes RUNNING, then SUCCESS, with no retry controller", async () => {
    expect(f.sim.powervc.behaviour.taskflowTransientStates).to.equal(false);
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    const seen = await follow(uri, RESTORE_MS, 100);
    expect(flowStates(seen)).to.deep.equal(["RUNNING", "SUCCESS"]);
    expect(atomStates(seen, RESTORE_TASK)).to.deep.equal(["PENDING", "RUNNING", "SUCCESS"]);
    const atoms = seen.flatMap((details) => [
      ...Object.keys(details.completed_tasks),
      ...Object.keys(details.pending_tasks),
    ]);
    expect(atoms).to.not.include(RETRY);
  });

  it("passes a restore that succeeds through PENDING, a retried task, RESUMING and SUSPENDED, then SUCCESS", async () => {
    f.sim.powervc.setBehaviour({ taskflowTransientStates: true });
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    const seen = await follow(uri, RESTORE_MS);
    expect(flowStates(seen)).to.deep.equal([
      "PENDING",
      "RUNNING",
      "RESUMING",
      "SUSPENDED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect(atomStates(seen, RESTORE_TASK)).to.deep.equal([
      "PENDING",
      "RUNNING",
      "REVERTING",
      "REVERTED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect(atomStates(seen, RETRY)).to.deep.equal(["PENDING", "SUCCESS", "RETRYING", "SUCCESS"]);
    // while the retry controller is RETRYING, it is pending and the flow is still running
    const retrying = seen.find((details) => details.pending_tasks[RETRY] === "RETRYING");
    expect(retrying?.flow_details).to.deep.equal({ InstRestoreFlow: "RUNNING" });
    expect(retrying?.completed_tasks[RESTORE_TASK]).to.equal("REVERTED");
    // every value is one of TaskFlow's, progress never goes back and is 100 only at the end
    for (const details of seen) {
      expect(TASKFLOW_FLOW_STATES).to.include.members(Object.values(details.flow_details));
      const atoms = [...Object.values(details.completed_tasks), ...Object.values(details.pending_tasks)];
      expect(TASKFLOW_ATOM_STATES).to.include.members(atoms);
    }
    const progress = seen.map((details) => details.progress);
    expect(progress).to.deep.equal([...progress].sort((a, b) => a - b));
    expect(progress.slice(0, -1).every((value) => value < 100)).to.equal(true);
    const done = seen.at(-1)!;
    expect(done).to.deep.equal({
      progress: 100,
      flow_details: { InstRestoreFlow: "SUCCESS" },
      completed_tasks: {
        creating_temp_snapshots: "SUCCESS",
        [RETRY]: "SUCCESS",
        [RESTORE_TASK]: "SUCCESS",
        updating_restore: "SUCCESS",
        RestoreDone: "SUCCESS",
      },
      pending_tasks: {},
    });
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("available");
  });

  it("starts PENDING with progress 0 and holds progress while the task is retried or the flow suspended", async () => {
    f.sim.powervc.setBehaviour({ taskflowTransientStates: true });
    const startedAt = f.clock.now();
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    /** The progress `ms` after the start (the clock only moves forward). */
    const at = async (ms: number) => {
      f.clock.set(startedAt + ms);
      return (await f.pvc.progress(uri)).body.details;
    };
    const accepted = await at(0);
    expect(accepted).to.deep.include({ progress: 0, flow_details: { InstRestoreFlow: "PENDING" } });
    expect(Object.values(accepted.pending_tasks)).to.deep.equal(Array(5).fill("PENDING"));
    const reverting = await at(STEP_MS * (1 + 1 / 3));
    expect(reverting.pending_tasks[RESTORE_TASK]).to.equal("REVERTING");
    const retrying = await at(STEP_MS * 1.5);
    expect(retrying.pending_tasks[RETRY]).to.equal("RETRYING");
    const lastRetrying = await at(STEP_MS * (1 + 2 / 3) - 1);
    expect(lastRetrying.pending_tasks[RETRY]).to.equal("RETRYING");
    expect([retrying.progress, lastRetrying.progress]).to.deep.equal([
      reverting.progress,
      reverting.progress,
    ]);
    expect((await at(STEP_MS * (1 + 2 / 3))).progress).to.be.greaterThan(reverting.progress);
    const resuming = await at(STEP_MS * (2 + 1 / 3));
    expect(resuming.flow_details).to.deep.equal({ InstRestoreFlow: "RESUMING" });
    const suspended = await at(STEP_MS * 2.5);
    expect(suspended.flow_details).to.deep.equal({ InstRestoreFlow: "SUSPENDED" });
    expect(suspended.pending_tasks.updating_restore).to.equal("RUNNING");
    expect(suspended.progress).to.equal(resuming.progress);
    expect(suspended.progress).to.be.lessThan(100);
    // the snapshot's own status is not affected: restoring until the end
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("restoring");
  });

  it("passes a restore that fails through REVERTING atoms, ends REVERTED, and leaves the snapshot in restore-error", async () => {
    f.sim.powervc.setBehaviour({
      taskflowTransientStates: true,
      restoreOutcomes: [{ failure: "restore-error", failedVolumes: [POWERVC_SEED.appDataVolumeId] }],
    });
    const uri = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    const seen = await follow(uri, RESTORE_MS);
    expect(flowStates(seen)).to.deep.equal(["PENDING", "RUNNING", "REVERTED"]);
    expect(atomStates(seen, RESTORE_TASK)).to.deep.equal([
      "PENDING",
      "RUNNING",
      "REVERTING",
      "REVERTED",
      "RUNNING",
      "REVERTING",
      "REVERTED",
    ]);
    expect(atomStates(seen, "creating_temp_snapshots")).to.deep.equal([
      "PENDING",
      "RUNNING",
      "SUCCESS",
      "REVERTING",
      "REVERTED",
    ]);
    const reverting = seen.filter((details) =>
      Object.values(details.pending_tasks).some((state) => state === "REVERTING"),
    );
    expect(new Set(reverting.map((details) => details.flow_details.InstRestoreFlow))).to.deep.equal(
      new Set(["RUNNING"]),
    );
    expect(reverting.every((details) => details.progress < 100)).to.equal(true);
    expect(seen.at(-1)).to.deep.equal({
      progress: 100,
      flow_details: { InstRestoreFlow: "REVERTED" },
      completed_tasks: {
        creating_temp_snapshots: "REVERTED",
        [RETRY]: "REVERTED",
        [RESTORE_TASK]: "REVERTED",
      },
      pending_tasks: {},
    });
    expect(TASKFLOW_FINAL_FLOW_STATES).to.include("REVERTED");
    const failed = await f.pvc.snapshot(SNAPSHOT);
    expect(failed.status).to.equal("restore-error");
    expect(failed.failed_snapshots).to.deep.equal({
      [POWERVC_SEED.appDataVolumeId]: POWERVC_SEED.appDataSnapshotId,
    });
    expect(failed.temp_snapshots).to.not.equal(null);
    // the failure is recoverable as usual, and the retry's flow passes through the same states
    const retry = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, retry: true });
    expect(flowStates(await follow(retry, RESTORE_MS), "InstRestoreRetryFlow")).to.deep.equal([
      "PENDING",
      "RUNNING",
      "RESUMING",
      "SUSPENDED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("available");
  });

  it("applies to snapshot tasks too: a failed snapshot's flow ends REVERTED and the snapshot in error", async () => {
    f.sim.powervc.setBehaviour({ taskflowTransientStates: true, snapshotOutcomes: [{ failure: "error" }] });
    const failed = await f.pvc.mustSnapshot(POWERVC_SEED.dbServerId);
    const seen = await follow(failed.task_uri, 2_000);
    expect(flowStates(seen, "InstSnapshotFlow")).to.deep.equal(["PENDING", "RUNNING", "REVERTED"]);
    expect((await f.pvc.snapshot(failed.id)).status).to.equal("error");
    const deleted = await f.pvc.request<{ task_uri: string }>(
      "DELETE",
      `${f.pvc.volume}/instance-snapshots/${failed.id}`,
    );
    const deletion = await follow(deleted.body.task_uri, 1_000);
    expect(flowStates(deletion, "InstSnapshotDeleteFlow")).to.deep.equal([
      "PENDING",
      "RUNNING",
      "RESUMING",
      "SUSPENDED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect((await f.pvc.show(failed.id)).status).to.equal(404);
  });

  it("keeps a task's states as they were when it was accepted, and resets to off", async () => {
    const plain = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    f.sim.powervc.setBehaviour({ taskflowTransientStates: true });
    expect((await f.pvc.progress(plain)).body.details.flow_details).to.deep.equal({
      InstRestoreFlow: "RUNNING",
    });
    expect(f.sim.powervc.state.tasks.at(-1)?.transientStates).to.equal(false);
    f.sim.reset();
    expect(f.sim.powervc.behaviour.taskflowTransientStates).to.equal(false);
  });

  it("is set through the admin API, which refuses a value that is not a boolean", async () => {
    const admin = `${f.sim.url}/__admin/powervc/behaviour`;
    const set = await call<{ behaviour: { taskflowTransientStates: boolean } }>(admin, {
      method: "POST",
      body: { taskflowTransientStates: true },
    });
    expect(set.status).to.equal(200);
    expect(set.body.behaviour.taskflowTransientStates).to.equal(true);
    const refused = await call<{ error: { message: string } }>(admin, {
      method: "POST",
      body: { taskflowTransientStates: "yes" },
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.message).to.equal('taskflowTransientStates must be a boolean, got "yes"');
    expect(() => f.sim.powervc.setBehaviour({ taskflowTransientStates: 1 } as never)).to.throw(RangeError);
  });
});
