// Server answers that are not what the API notes say (an HTML page, truncated JSON, a missing field, a status
// nobody documented) give a clear error that names the service and what was wrong: never a crash, never a
// silently wrong state. In-process, over HTTP against the simulator's fault rules.
import { expect } from "chai";
import { providerFor } from "../../provider";
import { ProviderError } from "../../provider/core/errors";
import { startSimulator, TRILIO_SEED, WALDUR_SEED, type Simulator } from "../../simulator";

describe("malformed server answers", function () {
  this.timeout(60_000);
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ trilio: { restoreDurationMs: 300 } })));
  after(async () => sim.close());
  beforeEach(() => sim.reset());

  const restore = (extra: Record<string, unknown> = {}) => ({
    __identity: { type: "trilio.Restore", name: "malformed", project: "p", stack: "dev" },
    __provider: "exports.handler = …",
    snapshotId: TRILIO_SEED.webSnapshotId,
    restoreType: "oneclick",
    connection: sim.connection(),
    ...extra,
  });
  const snapshotPath = `/trilio/v1/${TRILIO_SEED.projectId}/snapshots/${TRILIO_SEED.webSnapshotId}`;

  it("an HTML page where JSON was due fails check with what was received", async () => {
    sim.faults.add({
      service: "trilio",
      method: "GET",
      path: snapshotPath,
      status: 200,
      body: "<html><body>Maintenance</body></html>",
    });
    const result = await providerFor("trilio.Restore").check!({}, restore());
    expect(result.failures?.[0].property).to.equal("snapshotId");
    expect(result.failures?.[0].reason).to.match(
      /TrilioVault sent a response that is not valid JSON to GET .*\(starts with "<html>/,
    );
  });

  it("truncated JSON fails the operation with a clear error, not a crash", async () => {
    sim.faults.add({
      service: "trilio",
      method: "GET",
      path: snapshotPath,
      status: 200,
      body: '{"snapshot": {"id": "05e2',
    });
    const result = await providerFor("trilio.Restore").check!({}, restore());
    expect(result.failures?.[0].reason).to.match(/not valid JSON/);
  });

  it("a missing field names the field: the create fails instead of recording a wrong state", async () => {
    sim.faults.add({
      service: "trilio",
      method: "POST",
      status: 202,
      body: { restore: { id: "3df1d432-2f76-4ebd-8f89-1275428842ff" } },
    });
    const error = await providerFor("trilio.Restore")
      .create(restore())
      .catch((e: unknown) => e);
    expect(ProviderError.isInstance(error)).to.equal(true);
    expect((error as Error).message).to.match(/TrilioVault sent an unexpected restore: restore\.status: /);
  });

  it("a status nobody documented is waited on as transitional, and the deadline says what it was", async () => {
    sim.faults.add({
      service: "waldur",
      method: "GET",
      path: `/waldur/api/openstack-snapshots/${WALDUR_SEED.scheduleSnapshotUuids[0]}/`,
      status: 200,
      times: Infinity,
      body: {
        uuid: WALDUR_SEED.scheduleSnapshotUuids[0],
        name: "x",
        state: "Hibernating",
        created: "2026-11-20T00:00:00Z",
      },
    });
    const error = await providerFor("waldur.Snapshot")
      .create({
        __identity: { type: "waldur.Snapshot", name: "odd", project: "p", stack: "dev" },
        __provider: "exports.handler = …",
        adoptSnapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0],
        timeouts: { create: "2s" },
        connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).to.match(/the snapshot was still HIBERNATING at the deadline/);
    expect((error as { id?: string }).id).to.equal(WALDUR_SEED.scheduleSnapshotUuids[0]);
  });
});
