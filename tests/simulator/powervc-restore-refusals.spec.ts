import { expect } from "chai";
import { POWERVC_SEED } from "../../simulator";
import { type FaultJson } from "./helpers";
import { usePowerVCSimulator } from "./powervc-client";

const SNAPSHOT = POWERVC_SEED.instanceSnapshotId;
const APP = POWERVC_SEED.appServerId;

describe("simulator: PowerVC vm-restore refusals by instance snapshot status", () => {
  const f = usePowerVCSimulator();

  /** Sends a `vm-restore` that must be refused with a 400; returns the fault message. */
  async function refused(restore: Record<string, unknown>): Promise<string> {
    const response = await f.pvc.restore(APP, { instance_snapshot_id: SNAPSHOT, ...restore });
    expect(response.status, response.text).to.equal(400);
    const fault = response.body as unknown as FaultJson;
    expect(Object.keys(fault)).to.deep.equal(["badRequest"]);
    expect(fault.badRequest?.code).to.equal(400);
    return fault.badRequest?.message ?? "";
  }

  /** Restores the seeded snapshot with a failure outcome and lets it end in `restore-error`. */
  async function failRestore(): Promise<void> {
    f.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    f.clock.advance(3_000);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("restore-error");
  }

  it("refuses a plain restore in restore-error, saying to retry or roll back", async () => {
    await failRestore();
    const expected =
      `Restore operation can be done only when instance-snapshot status is available: instance snapshot ${SNAPSHOT} is restore-error.` +
      ' Retry or roll back its failed restore instead ("retry": true or "rollback": true).';
    expect(await refused({})).to.equal(expected);
    // explicit false flags and force make no difference: it is still a plain restore
    expect(await refused({ retry: false, rollback: "False", force: true })).to.equal(expected);
    expect(f.sim.powervc.counters.restoreActions).to.equal(1);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("restore-error");
  });

  it("accepts retry and rollback in restore-error (and only there)", async () => {
    for (const flag of ["retry", "rollback"]) {
      expect(await refused({ [flag]: true })).to.equal(
        `${flag === "retry" ? "Retry" : "Rollback"} operation can be done only when instance-snapshot status is restore-error: instance snapshot ${SNAPSHOT} is available.`,
      );
    }
    await failRestore();
    const retry = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, retry: true });
    expect(new URL(retry).searchParams.get("action")).to.equal("restore-retry");
    f.clock.advance(3_000);
    expect((await f.pvc.snapshot(SNAPSHOT)).status).to.equal("available");
    await failRestore();
    const rollback = await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, rollback: "True" });
    expect(new URL(rollback).searchParams.get("action")).to.equal("restore-rollback");
    expect(f.sim.powervc.counters).to.deep.include({ restoreActions: 2, retries: 1, rollbacks: 1 });
  });

  it("refuses a plain restore, a retry and a rollback while the snapshot is restoring", async () => {
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT });
    expect(await refused({})).to.equal(
      `Restore operation can be done only when instance-snapshot status is available: instance snapshot ${SNAPSHOT} is restoring.`,
    );
    expect(await refused({ retry: true })).to.equal(
      `Retry operation can be done only when instance-snapshot status is restore-error: instance snapshot ${SNAPSHOT} is restoring.`,
    );
    expect(await refused({ rollback: true })).to.equal(
      `Rollback operation can be done only when instance-snapshot status is restore-error: instance snapshot ${SNAPSHOT} is restoring.`,
    );
    // the same while a failing restore is still running: restore-error comes only at its end
    f.clock.advance(3_000);
    await failRestore();
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, retry: true });
    expect(await refused({ retry: true })).to.contain("is restoring.");
    expect(f.sim.powervc.state.tasks.map((task) => task.action)).to.deep.equal([
      "snapshot",
      "restore",
      "restore",
      "restore-retry",
    ]);
  });

  it("keeps the restore tasks and their actions visible to tests in state.tasks", async () => {
    await failRestore();
    await f.pvc.mustRestore(APP, { instance_snapshot_id: SNAPSHOT, rollback: true });
    const tasks = f.sim.powervc.state.tasks.filter((task) => task.instanceSnapshotId === SNAPSHOT);
    expect(tasks.map((task) => [task.action, task.finished])).to.deep.equal([
      ["snapshot", true],
      ["restore", true],
      ["restore-rollback", false],
    ]);
    expect((await f.pvc.snapshot(SNAPSHOT)).task_uri).to.contain(`task_id=${tasks[2]?.id}`);
  });
});
