// How the provider reads a PowerVC task whose flow passes through TaskFlow's transient states: every progress
// answer the simulator gives over HTTP, a tenth of the task's length apart, read as the waiter reads it.
import { expect } from "chai";
import {
  requireOpenStackConnection,
  type OpenStackConnectionInput,
} from "../../../provider/openstack/connection";
import { PowerVCClient } from "../../../provider/powervc/client";
import { taskStatus } from "../../../provider/powervc/task";
import { ManualClock, POWERVC_SEED, startSimulator, type Simulator } from "../../../simulator";

const RESTORE_MS = 10_000;

describe("a PowerVC task through TaskFlow's transient states", () => {
  let clock: ManualClock;
  let sim: Simulator;
  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSimulator({
      clock,
      keystone: { tokenTtlSeconds: 24 * 3600 },
      powervc: { taskflowTransientStates: true, restoreMs: RESTORE_MS },
    });
  });
  afterEach(async () => sim.close());

  /** The provider's reading of the restore task, every 100 ms of its length and once after. */
  async function readingsOfRestore(): Promise<{ flows: string[]; statuses: string[] }> {
    const client = new PowerVCClient(
      requireOpenStackConnection(sim.connection("powervc") as OpenStackConnectionInput),
    );
    const taskUri = await client.restore(POWERVC_SEED.appServerId, {
      instance_snapshot_id: POWERVC_SEED.instanceSnapshotId,
    });
    const flows = new Set<string>();
    const statuses: string[] = [];
    for (let at = 0; at <= RESTORE_MS + 100; at += 100) {
      const details = await client.taskProgress(taskUri);
      Object.values(details.flow_details ?? {}).forEach((state) => flows.add(state));
      Object.values({ ...details.completed_tasks, ...details.pending_tasks }).forEach((state) =>
        flows.add(state),
      );
      statuses.push(taskStatus(details));
      clock.advance(100);
    }
    return { flows: [...flows], statuses };
  }

  it("is running through SUSPENDED, RETRYING and a reverted try, then a success", async () => {
    const { flows, statuses } = await readingsOfRestore();
    expect(flows).to.include.members(["SUSPENDED", "RETRYING", "REVERTED"]);
    const end = statuses.indexOf("SUCCESS");
    expect(end, statuses.join(" ")).to.be.greaterThan(0);
    expect(
      statuses.slice(0, end).every((status) => status === "RUNNING"),
      statuses.join(" "),
    ).to.equal(true);
  });

  it("is running through REVERTING, and a failure once the flow is REVERTED", async () => {
    sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
    const { flows, statuses } = await readingsOfRestore();
    expect(flows).to.include("REVERTING");
    const end = statuses.indexOf("FAILURE");
    expect(end, statuses.join(" ")).to.be.greaterThan(0);
    expect(
      statuses.slice(0, end).every((status) => status === "RUNNING"),
      statuses.join(" "),
    ).to.equal(true);
    expect(statuses.slice(end).every((status) => status === "FAILURE")).to.equal(true);
  });
});
