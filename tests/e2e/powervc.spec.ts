// powervc.InstanceSnapshot and powervc.InstanceRestore end to end: real Pulumi programs, the real
// dynamic-provider host, the simulator over HTTP. PowerVC is its own cloud: resources log in to its project.
import { expect } from "chai";
import { POWERVC_SEED } from "../../simulator";
import { shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

/** PowerVC's Keystone project; the rest of the login comes from OS_* (or the secret password). */
const POWERVC = { projectName: "powervc", projectDomainName: "Default" };

function snapshot(extra: Record<string, unknown> = {}): DeclaredResource {
  return {
    type: "powervc.InstanceSnapshot",
    name: "app-snapshot",
    args: {
      serverId: POWERVC_SEED.appServerId,
      description: "before upgrade",
      connection: POWERVC,
      ...extra,
    },
  };
}

function restore(extra: Record<string, unknown> = {}): DeclaredResource {
  return {
    type: "powervc.InstanceRestore",
    name: "app-restore",
    args: {
      serverId: POWERVC_SEED.appServerId,
      instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
      confirmOverwrite: true,
      connection: POWERVC,
      ...extra,
    },
  };
}

async function startStack(options: Parameters<typeof TestStack.start>[0] = {}): Promise<TestStack> {
  const stack = await TestStack.start(options);
  stack.sim.powervc.setBehaviour({ snapshotMs: 600, restoreMs: 800, rollbackMs: 600, deleteMs: 400 });
  return stack;
}

const volumeRequests = (stack: TestStack, method?: string) => stack.requestsTo("powervc-volume", method);
const computeRequests = (stack: TestStack, method?: string) => stack.requestsTo("powervc-compute", method);

describe("powervc end to end", function () {
  this.timeout(120_000);

  describe("instance snapshots", () => {
    let stack: TestStack;
    before(async () => (stack = await startStack({ secretsInConfig: true })));
    after(async () => stack.dispose());

    it("snapshots a VM: the vm-snapshot task followed to the end, on the configured endpoint", async () => {
      const result = await stack.run("up", [snapshot()]);
      expect(result.ok, shown(result)).to.equal(true);
      const [recorded] = stack.resourcesOf("powervc.InstanceSnapshot");
      expect(recorded.outputs).to.include({ status: "available", instanceId: POWERVC_SEED.appServerId });
      expect(Object.keys(recorded.outputs.volumeSnapshots as object)).to.have.members([
        POWERVC_SEED.appBootVolumeId,
        POWERVC_SEED.appDataVolumeId,
      ]);
      // PowerVC's task_uri names a host that does not answer; progress was read from the configured endpoint.
      const remote = stack.sim.powervc.state.instanceSnapshots.find((s) => s.id === recorded.id);
      expect(remote?.taskUri).to.match(/^https:\/\/powervc\.invalid:9000\//);
      expect(
        volumeRequests(stack, "GET").some((r) => r.path.endsWith("/instance-snapshots/get_progress")),
      ).to.equal(true);
      expect(stack.stateText()).to.not.contain(stack.sim.credentials.password);
    });

    it("a rename is one PUT with both name and description, no replace", async () => {
      const result = await stack.run("up", [
        snapshot({ name: "app-before-upgrade", description: "renamed" }),
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "powervc.InstanceSnapshot")).to.deep.equal({ update: 1 });
      const puts = volumeRequests(stack, "PUT");
      expect(puts).to.have.length(1);
      const body = (puts[0].body as { "instance-snapshot": Record<string, string> })["instance-snapshot"];
      expect(body.name).to.equal("app-before-upgrade");
      expect(body.description).to.match(/^renamed \[pulumi:[0-9a-f]{16}\]$/);
    });

    it("changing the volumes replaces: a new snapshot of the data volume only, the old one deleted", async () => {
      const oldId = stack.resourcesOf("powervc.InstanceSnapshot")[0].id;
      const result = await stack.run("up", [
        snapshot({
          name: "app-before-upgrade",
          description: "renamed",
          volumeIds: [POWERVC_SEED.appDataVolumeId],
        }),
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "powervc.InstanceSnapshot")).to.deep.equal({ replace: 1 });
      const [recorded] = stack.resourcesOf("powervc.InstanceSnapshot");
      expect(Object.keys(recorded.outputs.volumeSnapshots as object)).to.deep.equal([
        POWERVC_SEED.appDataVolumeId,
      ]);
      expect(stack.sim.powervc.state.instanceSnapshots.map((s) => s.id)).to.not.include(oldId);
    });

    it("destroy follows the delete task until the snapshot is gone", async () => {
      const id = stack.resourcesOf("powervc.InstanceSnapshot")[0].id;
      const result = await stack.run("destroy", []);
      expect(result.ok, shown(result)).to.equal(true);
      expect(stack.sim.powervc.state.instanceSnapshots.map((s) => s.id)).to.not.include(id);
      const progress = volumeRequests(stack, "GET").filter((r) => r.query.action === "delete");
      expect(progress.length).to.be.greaterThan(0);
    });
  });

  describe("restores", () => {
    let stack: TestStack;
    beforeEach(async () => (stack = await startStack()));
    afterEach(async () => stack.dispose());

    it("restores a VM and records the outcome and the temporary snapshots", async () => {
      const result = await stack.run("up", [restore()]);
      expect(result.ok, shown(result)).to.equal(true);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.outputs).to.include({ outcome: "restored", retries: 0, snapshotStatus: "available" });
      expect(Object.keys(recorded.outputs.tempSnapshots as object)).to.have.length(2);
      expect(shown(result)).to.match(/will restore 2 volumes of server/);
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      expect(shown(destroy)).to.match(/a restore cannot be undone, so nothing changes in PowerVC/);
      expect(stack.sim.powervc.counters.restoreActions).to.equal(1);
    });

    it("a restore that fails once is recovered by retry", async () => {
      stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
      const result = await stack.run("up", [restore({ onFailure: "retry", maxRetries: 2 })]);
      expect(result.ok, shown(result)).to.equal(true);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.outputs).to.include({ outcome: "restored-after-retries", retries: 1 });
      const actions = (recorded.outputs.tasks as { action: string; result: string }[]).map(
        (t) => `${t.action}:${t.result}`,
      );
      expect(actions).to.deep.equal(["restore:FAILURE", "restore-retry:SUCCESS"]);
      const sent = computeRequests(stack, "POST").map(
        (r) => (r.body as { "vm-restore": Record<string, unknown> })["vm-restore"],
      );
      expect(sent[1]).to.deep.equal({ instance_snapshot_id: POWERVC_SEED.instanceSnapshotId, retry: true });
    });

    it("a failed restore with rollback leaves the VM on its temporary snapshots, and is recorded as failed", async () => {
      stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
      const result = await stack.run("up", [restore({ onFailure: "rollback" })]);
      expect(result.ok).to.equal(false);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.outputs).to.include({ outcome: "rolled-back", snapshotStatus: "available" });
      expect(recorded.initErrors?.[0]).to.match(/the restore failed and was rolled back/);
      expect(stack.sim.powervc.counters.rollbacks).to.equal(1);
    });

    it("onFailure fail records the failed attempt with its id and the failed task", async () => {
      stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
      const result = await stack.run("up", [restore()]);
      expect(result.ok).to.equal(false);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.id).to.match(/^[0-9a-f-]{36}$/);
      expect(recorded.outputs).to.include({ outcome: "failed", snapshotStatus: "restore-error" });
      expect(shown(result)).to.match(
        new RegExp(
          `Error restoring powervc.InstanceRestore "app-restore" \\(id ${recorded.id}\\): the restore failed \\(restore task .* failed in `,
        ),
      );
    });

    it("a restore left in restore-error is recovered in place once onFailure says how, never by a plain restore", async () => {
      stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
      const failed = await stack.run("up", [restore()]);
      expect(failed.ok).to.equal(false);
      const id = stack.resourcesOf("powervc.InstanceRestore")[0].id;
      // onFailure fail: the next up says how to recover, and sends nothing PowerVC would refuse.
      const again = await stack.run("up", [restore()]);
      expect(again.ok).to.equal(false);
      expect(summaryOf(again, "powervc.InstanceRestore")).to.deep.equal({ update: 1 });
      expect(shown(again)).to.match(/the snapshot is restore-error; set onFailure to retry or rollback/);
      expect(computeRequests(stack, "POST")).to.have.length(1);
      const preview = await stack.run("preview", [restore({ onFailure: "retry" })]);
      expect(summaryOf(preview, "powervc.InstanceRestore")).to.deep.equal({ update: 1 });
      const recovered = await stack.run("up", [restore({ onFailure: "retry" })]);
      expect(recovered.ok, shown(recovered)).to.equal(true);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.id).to.equal(id);
      expect(recorded.outputs).to.include({ outcome: "restored-after-retries", snapshotStatus: "available" });
      const sent = computeRequests(stack, "POST").map(
        (r) => (r.body as { "vm-restore": Record<string, unknown> })["vm-restore"],
      );
      expect(
        sent.map((body) => (body.retry ? "retry" : body.rollback ? "rollback" : "restore")),
      ).to.deep.equal(["restore", "retry"]);
      expect(computeRequests(stack, "POST").every((r) => r.status === 202)).to.equal(true);
    });

    it("changing the recovery settings of a finished restore changes the record only: nothing runs again", async () => {
      const first = await stack.run("up", [restore({ onFailure: "retry", maxRetries: 2 })]);
      expect(first.ok, shown(first)).to.equal(true);
      const changed = await stack.run("up", [
        restore({ onFailure: "retry", maxRetries: 3, afterRetries: "rollback", force: true }),
      ]);
      expect(changed.ok, shown(changed)).to.equal(true);
      expect(summaryOf(changed, "powervc.InstanceRestore")).to.deep.equal({ update: 1 });
      expect(stack.resourcesOf("powervc.InstanceRestore")[0].outputs).to.include({ maxRetries: 3 });
      expect(stack.sim.powervc.counters.restoreActions).to.equal(1);
    });

    it("a restore this resource did not start fails preview naming its task; adoptTaskId follows it", async () => {
      stack.sim.powervc.setBehaviour({ restoreMs: 3_600_000 }); // surely running when the runs below look
      const running = stack.sim.powervc.restore(POWERVC_SEED.appServerId, {
        instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
        action: "restore",
        force: false,
      });
      const preview = await stack.run("preview", [restore()]);
      expect(preview.ok).to.equal(false);
      expect(shown(preview)).to.include(`is being restored already (task ${running.id})`);
      expect(shown(preview)).to.include(`set adoptTaskId: "${running.id}"`);
      const refused = await stack.run("up", [restore()]);
      expect(refused.ok).to.equal(false);
      expect(computeRequests(stack, "POST")).to.have.length(0);
      stack.sim.powervc.endTaskIn(running.id, 3000); // ends soon: the adopting up follows it to its end
      const adopted = await stack.run("up", [restore({ adoptTaskId: running.id })]);
      expect(adopted.ok, shown(adopted)).to.equal(true);
      const [recorded] = stack.resourcesOf("powervc.InstanceRestore");
      expect(recorded.id).to.equal(running.id);
      expect(recorded.outputs).to.include({ outcome: "restored" });
      expect(stack.sim.powervc.counters.restoreActions).to.equal(1);
    });

    it("waits through TaskFlow's transient states, to success or to a failure", async () => {
      // Long enough that the provider's polls see the flow pass through them.
      stack.sim.powervc.setBehaviour({ taskflowTransientStates: true, restoreMs: 8_000 });
      const restored = await stack.run("up", [restore()]);
      expect(restored.ok, shown(restored)).to.equal(true);
      expect(stack.resourcesOf("powervc.InstanceRestore")[0].outputs).to.include({ outcome: "restored" });
      stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
      const failed = await stack.run("up", [restore({ triggers: { drill: "2" } })]);
      expect(failed.ok).to.equal(false);
      const outcomes = stack.resourcesOf("powervc.InstanceRestore").map((r) => r.outputs.outcome);
      expect(outcomes).to.include("failed");
      expect(stack.sim.powervc.getInstanceSnapshot(POWERVC_SEED.instanceSnapshotId).status).to.equal(
        "restore-error",
      );
    });

    it("a missing confirmOverwrite, or a snapshot of another server, fails in preview with nothing sent", async () => {
      const unconfirmed = await stack.run("preview", [restore({ confirmOverwrite: false })]);
      expect(unconfirmed.ok).to.equal(false);
      expect(shown(unconfirmed)).to.match(/confirmOverwrite: a restore rewrites the server's disks/);
      expect(stack.sim.requests.filter((r) => r.service.startsWith("powervc"))).to.have.length(0);
      const otherServer = await stack.run("preview", [restore({ serverId: POWERVC_SEED.dbServerId })]);
      expect(otherServer.ok).to.equal(false);
      expect(shown(otherServer)).to.match(
        /instanceSnapshotId: instance snapshot .* is of server .*, not serverId/,
      );
      expect(computeRequests(stack, "POST")).to.have.length(0);
    });
  });
});
