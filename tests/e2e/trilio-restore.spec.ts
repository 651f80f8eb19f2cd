// trilio.Restore end to end: real Pulumi programs, the real dynamic-provider host, the simulator over HTTP.
// Each scenario asserts what a user sees (steps, errors, outputs) and what the API received.
import { expect } from "chai";
import { stepsOf, type RunResult, type StateResource, type StepOp } from "../../engine";
import { TRILIO_SEED } from "../../simulator";
import { shown, summaryOf, TestStack, webDrillRestore, type DeclaredResource } from "./stack";

const RESTORE_TYPE = "pulumi-nodejs:dynamic/trilio:Restore";

/** A selective restore of web-1 from the seeded web snapshot. */
function webRestore(name = "web-restore", extra: Record<string, unknown> = {}): DeclaredResource {
  return webDrillRestore(name, { description: "drill", ...extra });
}

/** The steps a run took on restores (the stack resource has steps of its own). */
function restoreSteps(result: RunResult, op: StepOp) {
  return stepsOf(result, op).filter((step) => step.type === RESTORE_TYPE);
}

function restoresIn(stack: TestStack): StateResource[] {
  return stack.resourcesOf("trilio.Restore");
}

describe("trilio.Restore end to end", function () {
  this.timeout(120_000);

  describe("lifecycle: preview, up, no-op, rename, triggers, refresh", () => {
    let stack: TestStack;
    before(async () => (stack = await TestStack.start({ secretsInConfig: true })));
    after(async () => stack.dispose());

    it("preview reports the planned create and sends no POST", async () => {
      const result = await stack.run("preview", [webRestore()]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(restoreSteps(result, "create").map((s) => s.name)).to.deep.equal(["web-restore"]);
      expect(stack.requestsTo("trilio", "POST")).to.have.length(0);
      expect(shown(result)).to.contain(
        `will restore web-1 as "web-1-drill" from snapshot ${TRILIO_SEED.webSnapshotId} (web-incremental) as new VMs`,
      );
      // Preview checked the snapshot with reads only.
      expect(stack.requestsTo("trilio", "GET").map((r) => r.path)).to.include(
        `/trilio/v1/${TRILIO_SEED.projectId}/snapshots/${TRILIO_SEED.webSnapshotId}`,
      );
    });

    it("up restores, waits for it and shows the restored VM", async () => {
      const result = await stack.run("up", [webRestore()]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(restoreSteps(result, "create")).to.have.length(1);
      expect(stack.sim.trilio.restoreStarts).to.equal(1);
      expect(result.outputs.statuses).to.deep.equal({ "web-restore": "available" });
      const [restore] = restoresIn(stack);
      expect(restore.outputs.restoredInstances).to.have.length(1);
      expect(shown(result)).to.match(/trilio\.Restore "web-restore": restore [0-9a-f-]+ available 100%/);
    });

    it("stores a small __provider without any credential, and the connection only as a secret", async () => {
      const [restore] = restoresIn(stack);
      const provider = restore.outputs.__provider as string;
      expect(Buffer.byteLength(provider)).to.be.lessThan(2048);
      expect(provider).to.contain('require("pulumi-openstack-dataprotection/provider")');
      const password = stack.sim.credentials.password;
      expect(provider).to.not.contain(password);
      // The password reached the provider (Keystone accepted it) but the state holds it only encrypted.
      expect(stack.stateText()).to.not.contain(password);
      expect(
        JSON.parse(stack.stateText()).resources.find((r: { name: string }) => r.name === "web-restore")
          .outputs.connection,
      ).to.have.property("ciphertext");
    });

    it("a second up changes nothing and starts nothing", async () => {
      const before = stack.requestsTo("trilio", "POST").length;
      const result = await stack.run("up", [webRestore()]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "trilio.Restore")).to.deep.equal({ same: 1 });
      expect(stack.requestsTo("trilio", "POST")).to.have.length(before);
    });

    it("a name change is an update that starts no restore and says TrilioVault keeps the old name", async () => {
      const id = restoresIn(stack)[0].id;
      const result = await stack.run("up", [
        webRestore("web-restore", { name: "renamed", description: "new" }),
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "trilio.Restore")).to.deep.equal({ update: 1 });
      expect(stack.sim.trilio.restoreStarts).to.equal(1);
      const [restore] = restoresIn(stack);
      expect(restore.id).to.equal(id);
      expect(restore.outputs).to.include({ name: "renamed", trilioName: "web-restore" });
      expect(shown(result)).to.match(/TrilioVault cannot rename a restore/);
    });

    it("a triggers change replaces: a new restore, then the old record deleted", async () => {
      const oldId = restoresIn(stack)[0].id;
      const result = await stack.run("up", [
        webRestore("web-restore", { name: "renamed", description: "new", triggers: { drill: "2" } }),
      ]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(summaryOf(result, "trilio.Restore")).to.deep.equal({ replace: 1 });
      expect(restoreSteps(result, "replace")[0].detailedDiff?.replaces).to.deep.equal(["triggers"]);
      expect(stack.sim.trilio.restoreStarts).to.equal(2);
      const [restore] = restoresIn(stack);
      expect(restore.id).to.not.equal(oldId);
      expect(stack.sim.trilio.state.restores.map((r) => r.id)).to.deep.equal([restore.id]);
    });

    it("a restore whose record TrilioVault deleted stays run: refresh keeps it, and up restores nothing", async () => {
      const declared = [
        webRestore("web-restore", { name: "renamed", description: "new", triggers: { drill: "2" } }),
      ];
      const same = await stack.run("refresh", declared);
      expect(same.ok, shown(same)).to.equal(true);
      const [before] = restoresIn(stack);
      expect(before.outputs.recordDeleted).to.equal(false);
      stack.sim.trilio.forgetRestore(before.id); // housekeeping deletes old restore records
      const refreshed = await stack.run("refresh", declared);
      expect(refreshed.ok, shown(refreshed)).to.equal(true);
      expect(restoreSteps(refreshed, "refresh-delete")).to.have.length(0);
      const [kept] = restoresIn(stack);
      expect(kept.id).to.equal(before.id);
      expect(kept.outputs).to.include({ recordDeleted: true, status: "available" });
      expect(shown(refreshed)).to.match(/is no longer in TrilioVault .*only a change of what defines it/);
      const starts = stack.sim.trilio.restoreStarts;
      const preview = await stack.run("preview", declared);
      expect(summaryOf(preview, "trilio.Restore")).to.deep.equal({ same: 1 });
      const up = await stack.run("up", declared);
      expect(up.ok, shown(up)).to.equal(true);
      expect(summaryOf(up, "trilio.Restore")).to.deep.equal({ same: 1 });
      expect(stack.sim.trilio.restoreStarts).to.equal(starts);
    });
  });

  describe("a stack of many restores", () => {
    let stack: TestStack;
    before(async () => (stack = await TestStack.start()));
    after(async () => stack.dispose());

    it("previews all of them, from the project's lists after four individual reads", async () => {
      const workloads = stack.sim.trilio.seed(8);
      const result = await stack.run(
        "preview",
        workloads.map((w, i) => ({
          type: "trilio.Restore",
          name: `drill-${i}`,
          args: { snapshotId: w.snapshotIds[0], restoreType: "oneclick" },
        })),
      );
      expect(result.ok, shown(result)).to.equal(true);
      expect(restoreSteps(result, "create")).to.have.length(8);
      for (const w of workloads)
        expect(shown(result)).to.contain(`will restore every VM of snapshot ${w.snapshotIds[0]}`);
      // One dynamic-provider host checks them all: its lists are shared across the resources.
      const gets = stack.requestsTo("trilio", "GET").map((r) => r.path.replace(/^\/trilio\/v1\/[^/]+/, ""));
      expect(
        gets.filter((path) => /^\/snapshots\/[^/]+$/.test(path) && path !== "/snapshots/detail"),
      ).to.have.length(4);
      expect(gets.filter((path) => path === "/snapshots/detail")).to.have.length(1);
      expect(gets.filter((path) => path === "/workloads")).to.have.length(1);
      // Whether each snapshot's original VMs are gone: Nova, likewise.
      const servers = stack
        .requestsTo("nova", "GET")
        .map((r) => r.path.replace(/^\/compute\/v2\.1\/[^/]+/, ""));
      expect(servers.filter((path) => path.startsWith("/servers/"))).to.have.length(4);
      expect(servers.filter((path) => path === "/servers")).to.have.length(1);
    });
  });

  describe("failures", () => {
    let stack: TestStack;
    beforeEach(async () => (stack = await TestStack.start()));
    afterEach(async () => stack.dispose());

    it("a bad input fails in preview with its property path, and no request is sent", async () => {
      const result = await stack.run("preview", [
        webRestore("bad", { restoreType: "inplace", instances: [{ id: "../../admin" }] }),
      ]);
      expect(result.ok).to.equal(false);
      const text = shown(result);
      expect(text).to.match(/instances\[0\]\.id: must be a UUID/);
      expect(text).to.match(/confirmOverwrite: an in-place restore overwrites the live disks/);
      expect(stack.sim.requests).to.have.length(0);
    });

    it("a oneclick restore while the original VMs exist fails in preview, naming them; once they are gone it runs", async () => {
      const oneclick = {
        type: "trilio.Restore",
        name: "db-oneclick",
        args: { snapshotId: TRILIO_SEED.dbSnapshotId, restoreType: "oneclick" },
      };
      const refused = await stack.run("preview", [oneclick]);
      expect(refused.ok).to.equal(false);
      expect(shown(refused)).to.match(
        new RegExp(
          `restoreType: a oneclick restore recreates .* db-1 \\(${TRILIO_SEED.db1InstanceId}\\) still exist in Nova`,
        ),
      );
      expect(stack.sim.trilio.restoreStarts).to.equal(0);
      stack.sim.trilio.setOriginalVmsExist(TRILIO_SEED.dbWorkloadId, false);
      const restored = await stack.run("up", [oneclick]);
      expect(restored.ok, shown(restored)).to.equal(true);
      expect(restoresIn(stack)[0].outputs.status).to.equal("available");
    });

    it("an in-place restore of a VM that no longer exists fails in preview", async () => {
      const inplace = webRestore("web-inplace", {
        restoreType: "inplace",
        instances: [{ id: TRILIO_SEED.web1InstanceId }],
        confirmOverwrite: true,
      });
      const refused = await stack.run("preview", [inplace]);
      expect(refused.ok).to.equal(false);
      expect(shown(refused)).to.match(/instances\[0\]\.id: instance web-1 .* no longer exists in Nova/);
      stack.sim.trilio.setOriginalVmsExist(TRILIO_SEED.webWorkloadId, true);
      const previewed = await stack.run("preview", [inplace]);
      expect(previewed.ok, shown(previewed)).to.equal(true);
    });

    it("an endpoint override without the project path reaches the project's API", async () => {
      const override = { endpointOverrides: { workloads: `${stack.sim.url}/trilio/v1` } };
      const result = await stack.run("up", [webRestore("web-restore", { connection: override })]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(stack.requestsTo("trilio").every((r) => r.status < 400)).to.equal(true);
    });

    it("a snapshot that is restoring fails the preview with that reason", async () => {
      stack.sim.trilio.setBehaviour({ restoreDurationMs: 60_000 });
      await stack.run("up", [webRestore("first", { waitForCompletion: false })]);
      const result = await stack.run("preview", [
        webRestore("first", { waitForCompletion: false }),
        webRestore("second"),
      ]);
      expect(result.ok).to.equal(false);
      expect(shown(result)).to.match(/snapshotId: snapshot .* is restoring \(a restore of it is running\)/);
    });

    it("an async error is recorded as a failed create with its id, and replaced by the next up", async () => {
      stack.sim.trilio.setBehaviour({
        outcomes: [{ status: "error", message: "Error creating instance web-1" }],
      });
      const failed = await stack.run("up", [webRestore()]);
      expect(failed.ok).to.equal(false);
      const [recorded] = restoresIn(stack);
      expect(recorded.id).to.match(/^[0-9a-f-]{36}$/);
      expect(recorded.initErrors?.[0]).to.contain("Error creating instance web-1");
      expect(recorded.outputs.status).to.equal("error");
      expect(shown(failed)).to.contain(
        `Error restoring trilio.Restore "web-restore" (id ${recorded.id}): the restore ended in status error`,
      );
      const retried = await stack.run("up", [webRestore()]);
      expect(retried.ok, shown(retried)).to.equal(true);
      expect(restoreSteps(retried, "replace")[0].detailedDiff?.replaces).to.deep.equal(["status"]);
      expect(restoresIn(stack)[0].outputs.status).to.equal("available");
      expect(stack.sim.trilio.state.restores).to.have.length(1);
    });

    it("a deadline cancels the restore and records it", async () => {
      stack.sim.trilio.setBehaviour({ restoreDurationMs: 60_000 });
      const result = await stack.run("up", [webRestore("slow", { timeouts: { create: "2s" } })]);
      expect(result.ok).to.equal(false);
      const [recorded] = restoresIn(stack);
      expect(shown(result)).to.match(/did not finish within 2s \(timeouts\.create\) and was cancelled/);
      expect(recorded.outputs.status).to.equal("cancelled");
      expect(
        stack.requestsTo("trilio", "GET").some((r) => r.path.endsWith(`/restores/${recorded.id}/cancel`)),
      ).to.equal(true);
    });

    it("destroy of a running restore cancels it, waits, then deletes its record", async () => {
      stack.sim.trilio.setBehaviour({ restoreDurationMs: 60_000 });
      const up = await stack.run("up", [webRestore("running", { waitForCompletion: false })]);
      expect(up.ok, shown(up)).to.equal(true);
      const id = restoresIn(stack)[0].id;
      expect(restoresIn(stack)[0].outputs.status).to.equal("restoring");
      const destroy = await stack.run("destroy", []);
      expect(destroy.ok, shown(destroy)).to.equal(true);
      const calls = stack.requestsTo("trilio").filter((r) => r.path.includes(id));
      const cancel = calls.findIndex((r) => r.path.endsWith("/cancel"));
      const remove = calls.findIndex((r) => r.method === "DELETE");
      expect(cancel).to.be.greaterThan(-1);
      expect(remove).to.be.greaterThan(cancel);
      expect(calls[remove].status).to.equal(200);
      expect(stack.sim.trilio.state.restores).to.have.length(0);
      expect(shown(destroy)).to.match(/the restored instances and volumes stay/);
    });

    it("a crash right after TrilioVault accepted the restore: the next up adopts it, no second restore", async () => {
      const stop = stack.sim.onRequest((request) => {
        if (request.service === "trilio" && request.method === "POST" && request.status === 202) {
          stack.engine?.host?.kill("SIGKILL");
        }
      });
      const crashed = await stack.run("up", [webRestore()]);
      stop();
      expect(crashed.ok).to.equal(false);
      expect(restoresIn(stack)).to.have.length(0);
      const resumed = await stack.run("up", [webRestore()]);
      expect(resumed.ok, shown(resumed)).to.equal(true);
      expect(shown(resumed)).to.match(
        /adopting restore .* started by an earlier attempt that was interrupted/,
      );
      expect(stack.sim.trilio.restoreStarts).to.equal(1);
      expect(restoresIn(stack)[0].id).to.equal(stack.sim.trilio.state.restores[0].id);
    });

    it("retries through a burst of 503s and a 429 with Retry-After, and starts one restore", async () => {
      stack.sim.faults.add({ service: "trilio", method: "POST", status: 503, times: 3 });
      stack.sim.faults.add({
        service: "trilio",
        method: "GET",
        path: /\/restores\/[^/]+$/,
        status: 429,
        retryAfter: 1,
      });
      const result = await stack.run("up", [webRestore()]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(stack.sim.trilio.restoreStarts).to.equal(1);
      const statuses = stack.requestsTo("trilio").map((r) => r.status);
      expect(statuses.filter((s) => s === 503)).to.have.length(3);
      expect(statuses.filter((s) => s === 429)).to.have.length(1);
      expect(shown(result)).to.match(/HTTP 429; retrying in 1\.0s/);
    });
  });
});
