// trilio.Restore's implementation over real HTTP against the simulator, in-process (no Pulumi engine): the
// provider contract in detail. The end-to-end suite runs the same provider through the real Pulumi host.
import { expect } from "chai";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { restoreProvider } from "../../../provider/trilio/restore";
import { UNKNOWN } from "../../../provider/core/values";
import { startSimulator, TRILIO_SEED, type Simulator } from "../../../simulator";
import { withEnvironment } from "../../helpers/environment";

type Props = Record<string, unknown>;

describe("trilio.Restore provider (in-process, against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let suffix = 0;

  before(async () => {
    sim = await startSimulator({ trilio: { restoreDurationMs: 300, cancelDurationMs: 100 } });
  });
  after(async () => sim.close());
  beforeEach(() => sim.reset());

  /** Inputs as the SDK class sends them, with the connection to the simulator. */
  function inputs(extra: Props = {}): Props {
    return {
      __identity: { type: "trilio.Restore", name: `restore-${++suffix}`, project: "test", stack: "dev" },
      __provider: "exports.handler = …",
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web1InstanceId, name: "web-1-copy" }],
      connection: sim.connection(),
      ...extra,
    };
  }

  const posts = () => sim.requests.filter((r) => r.service === "trilio" && r.method === "POST");

  it("check: accepts a restorable snapshot and sends nothing but reads", async () => {
    const result = await restoreProvider.check!({}, inputs());
    expect(result.failures).to.deep.equal([]);
    expect(posts()).to.have.length(0);
  });

  it("check: says why a snapshot cannot be restored, at snapshotId", async () => {
    const missing = await restoreProvider.check!(
      {},
      inputs({ snapshotId: "2e56d167-bad7-43c7-8ede-a613c3fe7844" }),
    );
    expect(missing.failures).to.deep.equal([
      {
        property: "snapshotId",
        reason: "snapshot 2e56d167-bad7-43c7-8ede-a613c3fe7844 does not exist in TrilioVault",
      },
    ]);
    const wrongInstance = await restoreProvider.check!(
      {},
      inputs({ instances: [{ id: TRILIO_SEED.db1InstanceId }] }),
    );
    expect(wrongInstance.failures?.[0].property).to.equal("instances[0].id");
    expect(wrongInstance.failures?.[0].reason).to.match(/is not in snapshot .* \(it has: web-1 /);
  });

  it("check: with remote checks switched off, validates the inputs without asking TrilioVault", async () => {
    const missingSnapshot = inputs({ snapshotId: "2e56d167-bad7-43c7-8ede-a613c3fe7844" });
    await withEnvironment({ DATAPROTECTION_REMOTE_CHECKS: "false" }, async () => {
      const before = sim.requests.length;
      expect((await restoreProvider.check!({}, missingSnapshot)).failures).to.deep.equal([]);
      expect(sim.requests.length).to.equal(before);
      const invalid = await restoreProvider.check!({}, inputs({ restoreType: "sideways" }));
      expect(invalid.failures?.[0].property).to.equal("restoreType");
    });
    expect((await restoreProvider.check!({}, missingSnapshot)).failures).to.have.length(1);
  });

  it("check: skips remote checks for unknown values and for an unchanged existing restore", async () => {
    const unknown = await restoreProvider.check!({}, inputs({ snapshotId: UNKNOWN }));
    expect(unknown.failures).to.deep.equal([]);
    const existing = inputs();
    const before = sim.requests.length;
    await restoreProvider.check!(existing, { ...existing, description: "renamed" });
    expect(sim.requests.length).to.equal(before);
  });

  it("check: names what to set when no connection can be resolved", async () => {
    const unset = Object.keys(process.env).filter((name) => name.startsWith("OS_"));
    await withEnvironment(Object.fromEntries(unset.map((name) => [name, undefined])), async () => {
      const result = await restoreProvider.check!({}, inputs({ connection: undefined }));
      expect(result.failures).to.have.length(1);
      expect(result.failures?.[0].property).to.equal("connection");
      expect(result.failures?.[0].reason).to.match(/OS_AUTH_URL/);
    });
  });

  it("create: restores and reports what TrilioVault did", async () => {
    const result = await restoreProvider.create(inputs());
    expect(result.outs.status).to.equal("available");
    expect(result.outs.progressPercent).to.equal(100);
    expect(result.outs.restoredInstances).to.have.length(1);
    expect((result.outs.restoredInstances as Props[])[0]).to.include({
      name: "web-1-copy",
      originalInstanceId: TRILIO_SEED.web1InstanceId,
    });
    expect(posts()).to.have.length(1);
    expect(sim.trilio.state.restores.find((r) => r.id === result.id)?.description).to.contain(
      String(result.outs.marker),
    );
  });

  it("create: an async error is thrown with the id and properties, so the engine records it", async () => {
    sim.trilio.setBehaviour({ outcomes: [{ status: "error", message: "Error creating instance web-1" }] });
    const error = (await restoreProvider.create(inputs()).catch((e: unknown) => e)) as Error & {
      id: string;
      properties: Props;
    };
    expect(error.message).to.match(
      /^Error restoring trilio\.Restore "restore-\d+" \(id [0-9a-f-]{36}\): the restore ended in status error: Error creating instance web-1$/,
    );
    expect(error.id).to.match(/^[0-9a-f-]{36}$/);
    expect(error.properties).to.include({ status: "error", __provider: "exports.handler = …" });
  });

  it("create: on the deadline, cancels the restore and records it", async () => {
    sim.trilio.setBehaviour({ restoreDurationMs: 60_000 });
    const error = (await restoreProvider
      .create(inputs({ timeouts: { create: "2s" } }))
      .catch((e: unknown) => e)) as {
      id: string;
      message: string;
      properties: Props;
    };
    expect(error.message).to.match(/did not finish within 2s \(timeouts\.create\) and was cancelled/);
    expect(error.properties.status).to.equal("cancelled");
    expect(sim.requests.some((r) => r.path.endsWith(`/restores/${error.id}/cancel`))).to.equal(true);
  });

  it("create: adopts the restore an interrupted attempt started instead of starting another", async () => {
    const declared = inputs();
    sim.faults.add({ service: "trilio", method: "POST", path: "*", reset: true, when: "after" });
    const result = await restoreProvider.create(declared);
    expect(result.outs.status).to.equal("available");
    expect(sim.trilio.restoreStarts).to.equal(1);
    // A second create of the same resource (as after a crash) adopts the same restore.
    const again = await restoreProvider.create(declared);
    expect(again.id).to.equal(result.id);
    expect(sim.trilio.restoreStarts).to.equal(1);
  });

  it("diff: defining inputs replace, name and description update, a failed restore is replaced", async () => {
    const olds = { ...inputs(), status: "available" };
    const diff = (news: Props): dynamic.DiffResult => restoreProvider.diff!("id", olds, news) as never;
    expect(await diff({ ...olds, description: "x" })).to.include({ changes: true });
    expect((await diff({ ...olds, description: "x" })).replaces).to.deep.equal([]);
    expect((await diff({ ...olds, triggers: { drill: "2" } })).replaces).to.deep.equal(["triggers"]);
    expect((await diff({ ...olds, connection: { authUrl: "http://elsewhere/v3" } })).replaces).to.deep.equal(
      [],
    );
    expect((await restoreProvider.diff!("id", { ...olds, status: "error" }, olds)).replaces).to.deep.equal([
      "status",
    ]);
  });

  it("read: keeps a restore whose record is gone, marked as such, with its inputs: it ran", async () => {
    const created = await restoreProvider.create(inputs());
    const read = await restoreProvider.read!(created.id, created.outs);
    expect(read.id).to.equal(created.id);
    expect(read.inputs).to.include({ snapshotId: TRILIO_SEED.webSnapshotId, restoreType: "selective" });
    expect(read.props).to.include({ recordDeleted: false });
    sim.trilio.forgetRestore(created.id);
    const gone = await restoreProvider.read!(created.id, created.outs);
    expect(gone.id).to.equal(created.id);
    expect(gone.props).to.include({ recordDeleted: true, status: "available" });
    expect(gone.inputs).to.include({ snapshotId: TRILIO_SEED.webSnapshotId });
  });

  it("read: refreshes a restore whose stored inputs a later rule would refuse", async () => {
    // State written before a rule tightened (here: a name longer than today's 255 characters) still refreshes.
    const created = await restoreProvider.create(inputs());
    const stored = { ...created.outs, name: "x".repeat(300) };
    const read = await restoreProvider.read!(created.id, stored);
    expect(read.id).to.equal(created.id);
    expect(read.props?.status).to.equal("available");
    expect(read.inputs).to.include({ name: "x".repeat(300) });
  });

  it("read: says what is wrong with a state this provider did not write", async () => {
    const created = await restoreProvider.create(inputs());
    const { __identity: _identity, ...withoutIdentity } = created.outs;
    const error = await restoreProvider.read!(created.id, withoutIdentity).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/trilio\.Restore.*the resource's state has no __identity\.name/);
    const badConnection = await restoreProvider.read!(created.id, {
      ...created.outs,
      connection: "cloud",
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(badConnection?.message).to.match(/the resource's state has a connection that is not an object/);
  });

  it("delete: cancels a running restore, waits for it to stop, then deletes its record", async () => {
    sim.trilio.setBehaviour({ restoreDurationMs: 60_000 });
    const created = await restoreProvider.create(inputs({ waitForCompletion: false }));
    expect(created.outs.status).to.equal("restoring");
    await restoreProvider.delete!(created.id, created.outs);
    const calls = sim.requests
      .filter((r) => r.path.includes(created.id))
      .map((r) => `${r.method} ${r.status}`);
    expect(calls[0]).to.equal("GET 200");
    expect(calls).to.include("DELETE 200");
    expect(sim.requests.some((r) => r.path.endsWith("/cancel"))).to.equal(true);
    expect(sim.trilio.state.restores.find((r) => r.id === created.id)).to.equal(undefined);
  });
});
