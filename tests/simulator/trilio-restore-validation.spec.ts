import { expect } from "chai";
import { ManualClock, type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { type FaultJson, login, ONE_CLICK, TrilioClient } from "./helpers";

describe("simulator: Trilio restore validation", () => {
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;
  const post = (snapshotId: string, body: unknown) =>
    trilio.request<FaultJson & { restore?: { id: string; restore_options: unknown } }>(
      "POST",
      `/snapshots/${snapshotId}`,
      body,
    );
  const badRequest = async (snapshotId: string, body: unknown): Promise<string> => {
    const response = await post(snapshotId, body);
    expect(response.status, response.text).to.equal(400);
    expect(response.body.badRequest?.code).to.equal(400);
    return response.body.badRequest?.message ?? "";
  };

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock });
    trilio = new TrilioClient(sim, await login(sim));
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("refuses a body without a restore object, even a non-JSON one", async () => {
    expect(await badRequest(TRILIO_SEED.webSnapshotId, { options: ONE_CLICK })).to.contain("'restore'");
    expect(await badRequest(TRILIO_SEED.webSnapshotId, "{oops")).to.contain("'restore'");
    expect(sim.trilio.restoreStarts).to.equal(0);
  });

  it("refuses options.type other than openstack and an unknown restore_type", async () => {
    const vmware = await badRequest(TRILIO_SEED.webSnapshotId, {
      restore: { options: { ...ONE_CLICK, type: "vmware" } },
    });
    expect(vmware).to.contain("openstack");
    const kind = await badRequest(TRILIO_SEED.webSnapshotId, {
      restore: { options: { ...ONE_CLICK, restore_type: "everything" } },
    });
    expect(kind).to.contain("everything");
  });

  it("lets restore_type win over oneclickrestore", async () => {
    const response = await post(TRILIO_SEED.webSnapshotId, {
      restore: {
        options: {
          type: "openstack",
          oneclickrestore: true,
          restore_type: "selective",
          openstack: { instances: [{ id: TRILIO_SEED.web2InstanceId, include: true }] },
        },
      },
    });
    expect(response.status).to.equal(202);
    expect(sim.trilio.state.restores[0]?.kind).to.equal("selective");
    expect(sim.trilio.state.restores[0]?.targets.map((target) => target.name)).to.deep.equal(["web-2"]);
  });

  it("accepts a one-click restore without vmware and echoes the options sent", async () => {
    const options = { type: "openstack", openstack: {}, oneclickrestore: true, restore_type: "oneclick" };
    const response = await post(TRILIO_SEED.webSnapshotId, {
      restore: { name: "n", description: "d", options },
    });
    expect(response.status).to.equal(202);
    expect(response.body.restore?.restore_options).to.deep.equal(options);
  });

  it("refuses selective and in-place instance ids that are not in the snapshot, and empty selections", async () => {
    for (const restoreType of ["selective", "inplace"]) {
      const unknown = await badRequest(TRILIO_SEED.webSnapshotId, {
        restore: {
          options: {
            type: "openstack",
            restore_type: restoreType,
            openstack: { instances: [{ id: TRILIO_SEED.db1InstanceId, include: true }] },
          },
        },
      });
      expect(unknown).to.contain(TRILIO_SEED.db1InstanceId);
      const empty = await badRequest(TRILIO_SEED.webSnapshotId, {
        restore: {
          options: {
            type: "openstack",
            restore_type: restoreType,
            openstack: { instances: [{ id: TRILIO_SEED.web1InstanceId, include: false }] },
          },
        },
      });
      expect(empty).to.contain("No instance selected");
    }
  });

  it("answers 404 itemNotFound for an unknown snapshot", async () => {
    const response = await post("f00", { restore: { options: ONE_CLICK } });
    expect(response.status).to.equal(404);
    expect(response.body.itemNotFound?.message).to.equal("Snapshot f00 could not be found.");
  });

  it("refuses a snapshot that is not available", async () => {
    const added = sim.trilio.addWorkload({ name: "broken", snapshots: [{ status: "error" }] });
    const message = await badRequest(added.snapshotIds[0] ?? "", { restore: { options: ONE_CLICK } });
    expect(message).to.contain("Snapshot status must be available");
  });

  it("answers 500 for bad states on start and cancel with legacyStatusErrors, as older servers do", async () => {
    sim.trilio.setBehaviour({ legacyStatusErrors: true, restoreDurationMs: 1_000 });
    const first = await post(TRILIO_SEED.webSnapshotId, { restore: { options: ONE_CLICK } });
    expect(first.status).to.equal(202);
    const second = await post(TRILIO_SEED.webSnapshotId, { restore: { options: ONE_CLICK } });
    expect(second.status).to.equal(500);
    expect(second.body.computeFault?.message).to.match(/locked/);
    clock.advance(1_000);
    const cancel = await trilio.request<FaultJson>("GET", `/restores/${first.body.restore?.id ?? ""}/cancel`);
    expect(cancel.status).to.equal(500);
    expect(cancel.body.computeFault?.message).to.contain("cannot be cancelled");
    // malformed bodies stay 400
    expect(await badRequest(TRILIO_SEED.webSnapshotId, {})).to.contain("'restore'");
  });

  it("answers 404 for cancel and delete of an unknown restore", async () => {
    expect((await trilio.request("GET", "/restores/nope/cancel")).status).to.equal(404);
    expect((await trilio.request("DELETE", "/restores/nope")).status).to.equal(404);
  });
});
