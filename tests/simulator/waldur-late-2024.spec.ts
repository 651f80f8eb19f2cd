import { expect } from "chai";
import { WALDUR_LATE_2024, WALDUR_SEED } from "../../simulator";
import { call } from "./helpers";
import {
  type DrfErrorJson,
  type RestorationJson,
  statesOver,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

describe("simulator: Waldur behaviours seen on a late-2024 waldur-mastermind", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const volumeCreateMs = 3_000;
  const orderMs = 1_200;
  const deleteMs = 1_000;
  const updateMs = 1_000;
  const t = useWaldurSimulator({ volumeCreateMs, orderMs, deleteMs, updateMs });
  const terminate = (resourceUuid: string) =>
    t.waldur.request<{ order_uuid: string } & DrfErrorJson>(
      "POST",
      `marketplace-resources/${resourceUuid}/terminate/`,
    );
  /** The order's state at each of `times` (clock ms after now, ascending). */
  const orderStatesAt = async (orderUuid: string, times: readonly number[]) => {
    const start = t.clock.now();
    const seen: string[] = [];
    for (const time of times) {
      t.clock.set(start + time);
      seen.push((await t.waldur.order(orderUuid)).state);
    }
    return seen;
  };
  const restorations = async (uuid: string) =>
    (await t.waldur.get<RestorationJson[]>(`openstack-snapshots/${uuid}/restorations/`)).body;

  describe("restorationDescriptions", () => {
    it("puts the restore's description on restoration records and on the new volume by default", async () => {
      const volume = await t.waldur.restore(snapshotUuid, { name: "r", description: "marker-1" });
      expect(volume.description).to.equal("marker-1");
      expect((await restorations(snapshotUuid)).map((record) => record.description)).to.deep.equal([
        "marker-1",
      ]);
      expect((await t.waldur.snapshot(snapshotUuid)).restorations[0]).to.have.property(
        "description",
        "marker-1",
      );
      expect((await t.waldur.volume(volume.uuid)).description).to.equal("marker-1");
    });

    it("leaves description out of restoration records when false; the new volume keeps it", async () => {
      t.sim.waldur.setBehaviour({ restorationDescriptions: false });
      const volume = await t.waldur.restore(snapshotUuid, { name: "r", description: "marker-2" });
      expect(volume.description).to.equal("marker-2");
      t.clock.advance(volumeCreateMs);
      const [record] = await restorations(snapshotUuid);
      expect(record).to.not.have.property("description");
      expect(record).to.include({ volume: volume.url, volume_name: "r", volume_state: "OK" });
      expect(Object.keys(record ?? {})).to.deep.equal([
        "uuid",
        "created",
        "volume",
        "volume_name",
        "volume_state",
        "volume_runtime_state",
        "volume_size",
        "volume_device",
      ]);
      const embedded = (await t.waldur.snapshot(snapshotUuid)).restorations;
      expect(embedded).to.deep.equal([record]);
      const listed = (await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/")).body;
      expect(listed.find((snapshot) => snapshot.uuid === snapshotUuid)?.restorations).to.deep.equal([record]);
      expect((await t.waldur.volume(volume.uuid)).description).to.equal("marker-2");
      const volumes = (await t.waldur.get<WaldurVolumeJson[]>("openstack-volumes/")).body;
      expect(volumes.find((candidate) => candidate.uuid === volume.uuid)?.description).to.equal("marker-2");
    });
  });

  describe("ordersPendingProject", () => {
    const quarter = orderMs / 4;

    it("starts terminate orders in pending-project, then pending-consumer, pending-provider, executing, done", async () => {
      t.sim.waldur.setBehaviour({ ordersPendingProject: true });
      const answer = await terminate(WALDUR_SEED.dbDataResourceUuid);
      expect(answer.status).to.equal(200);
      const orderUuid = answer.body.order_uuid;
      expect(
        await orderStatesAt(orderUuid, [0, quarter - 1, quarter, 2 * quarter, 3 * quarter, orderMs - 1]),
      ).to.deep.equal([
        "pending-project",
        "pending-project",
        "pending-consumer",
        "pending-provider",
        "executing",
        "executing",
      ]);
      expect((await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid)).state).to.equal("OK");
      t.clock.advance(1);
      expect(await t.waldur.order(orderUuid)).to.include({ state: "done", error_message: "" });
      expect((await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid)).state).to.equal("DELETION_SCHEDULED");
      t.clock.advance(deleteMs);
      expect((await t.waldur.get(`openstack-volumes/${WALDUR_SEED.dbDataVolumeUuid}/`)).status).to.equal(404);
    });

    it("counts pending-project as pending: a second terminate answers 400", async () => {
      t.sim.waldur.setBehaviour({ ordersPendingProject: true });
      const first = await terminate(WALDUR_SEED.dbDataResourceUuid);
      expect((await t.waldur.order(first.body.order_uuid)).state).to.equal("pending-project");
      const second = await terminate(WALDUR_SEED.dbDataResourceUuid);
      expect(second.status).to.equal(400);
      expect(second.body).to.deep.equal({ detail: "Pending order for resource already exists." });
      expect(t.sim.waldur.terminations).to.equal(1);
    });

    it("ends an order with the next outcome from orderOutcomes after the four steps; the volume stays", async () => {
      t.sim.waldur.setBehaviour({
        ordersPendingProject: true,
        orderOutcomes: [{ state: "rejected", errorMessage: "Not approved." }],
      });
      const answer = await terminate(WALDUR_SEED.dbDataResourceUuid);
      expect(
        await orderStatesAt(answer.body.order_uuid, [0, quarter, 2 * quarter, 3 * quarter]),
      ).to.deep.equal(["pending-project", "pending-consumer", "pending-provider", "executing"]);
      t.clock.advance(quarter);
      expect(await t.waldur.order(answer.body.order_uuid)).to.include({
        state: "rejected",
        error_message: "Not approved.",
      });
      t.clock.advance(deleteMs);
      expect((await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid)).state).to.equal("OK");
    });

    it("keeps an order's steps when the behaviour changes while it runs", async () => {
      const answer = await terminate(WALDUR_SEED.dbDataResourceUuid);
      t.sim.waldur.setBehaviour({ ordersPendingProject: true });
      const third = orderMs / 3;
      expect(await orderStatesAt(answer.body.order_uuid, [0, third, 2 * third, orderMs])).to.deep.equal([
        "pending-consumer",
        "pending-provider",
        "executing",
        "done",
      ]);
    });
  });

  describe("patchAlwaysUpdates", () => {
    const path = `openstack-snapshots/${snapshotUuid}/`;
    const write = (method: string, body: unknown) =>
      t.waldur.request<WaldurSnapshotJson & DrfErrorJson>(method, path, body);
    const snapshotStates = () => statesOver(t.clock, () => t.waldur.snapshot(snapshotUuid), 4, updateMs / 4);

    it("takes a PATCH of metadata or kept_until alone, or of nothing, and a PUT changing nothing through UPDATE_SCHEDULED, UPDATING, OK", async () => {
      t.sim.waldur.setBehaviour({ patchAlwaysUpdates: true });
      const { name, description } = await t.waldur.snapshot(snapshotUuid);
      const writes: [string, unknown][] = [
        ["PATCH", { metadata: { team: "data" } }],
        ["PATCH", { kept_until: "2027-01-01T00:00:00Z" }],
        ["PATCH", {}],
        ["PUT", { name, description, metadata: { team: "data" }, kept_until: "2027-01-01T00:00:00Z" }],
      ];
      for (const [method, body] of writes) {
        const answer = await write(method, body);
        expect(answer.status, `${method} ${JSON.stringify(body)}`).to.equal(200);
        expect(answer.body.state).to.equal("UPDATE_SCHEDULED");
        expect(await snapshotStates()).to.deep.equal(["UPDATE_SCHEDULED", "UPDATING", "OK"]);
      }
      const after = await t.waldur.snapshot(snapshotUuid);
      expect(after).to.include({ name, description, kept_until: "2027-01-01T00:00:00Z" });
      expect(after.metadata).to.deep.equal({ team: "data" });
    });

    it("answers 409 to PATCH, PUT, restore and DELETE until the update is over, then accepts them", async () => {
      t.sim.waldur.setBehaviour({ patchAlwaysUpdates: true });
      expect((await write("PATCH", { metadata: { a: "1" } })).body.state).to.equal("UPDATE_SCHEDULED");
      const attempts: [string, string, unknown][] = [
        ["PATCH", path, { metadata: { a: "2" } }],
        ["PUT", path, { name: "x" }],
        ["POST", `${path}restore/`, { name: "r" }],
      ];
      const start = t.clock.now();
      const window: [number, string][] = [
        [0, "UPDATE_SCHEDULED"],
        [updateMs / 4, "UPDATING"],
        [updateMs - 1, "UPDATING"],
      ];
      for (const [offset, state] of window) {
        t.clock.set(start + offset);
        expect((await t.waldur.snapshot(snapshotUuid)).state).to.equal(state);
        for (const [method, target, body] of attempts) {
          const response = await t.waldur.request<DrfErrorJson>(method, target, body);
          expect(response.status, `${method} ${target} at +${offset} ms`).to.equal(409);
          expect(response.body).to.deep.equal({ detail: "Valid states for operation: OK." });
        }
        const removal = await t.waldur.request<DrfErrorJson>("DELETE", path);
        expect(removal.status).to.equal(409);
        expect(removal.body).to.deep.equal({ detail: "Valid states for operation: OK, ERRED." });
      }
      expect((await t.waldur.snapshot(snapshotUuid)).metadata).to.deep.equal({ a: "1" });
      expect(t.sim.waldur.restores).to.equal(0);
      t.clock.advance(1);
      expect((await t.waldur.snapshot(snapshotUuid)).state).to.equal("OK");
      expect((await write("PATCH", { metadata: { a: "2" } })).status).to.equal(200);
      t.clock.advance(updateMs);
      expect((await t.waldur.restore(snapshotUuid, { name: "r" })).state).to.equal("CREATION_SCHEDULED");
      expect((await t.waldur.request("DELETE", path)).status).to.equal(202);
    });

    it("starts no update for a write refused with 400", async () => {
      t.sim.waldur.setBehaviour({ patchAlwaysUpdates: true });
      const refused = await write("PATCH", { kept_until: "tomorrow" });
      expect(refused.status).to.equal(400);
      expect((await t.waldur.snapshot(snapshotUuid)).state).to.equal("OK");
      const noName = await write("PUT", { metadata: {} });
      expect(noName.body).to.deep.equal({ name: ["This field is required."] });
      expect((await t.waldur.snapshot(snapshotUuid)).state).to.equal("OK");
    });

    it("leaves the state alone for metadata and kept_until alone when false (the default)", async () => {
      expect(t.sim.waldur.behaviour.patchAlwaysUpdates).to.equal(false);
      expect((await write("PATCH", { metadata: { a: "1" }, kept_until: null })).body.state).to.equal("OK");
      expect((await write("PATCH", {})).body.state).to.equal("OK");
      expect((await write("PATCH", { name: "renamed" })).body.state).to.equal("UPDATE_SCHEDULED");
    });
  });
});

describe("simulator: Waldur's WALDUR_LATE_2024 preset", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const t = useWaldurSimulator(WALDUR_LATE_2024);
  const late = { restorationDescriptions: false, ordersPendingProject: true, patchAlwaysUpdates: true };
  /** A restore, a metadata PATCH and a terminate, as a client sees them. */
  const drive = async () => {
    const volume = await t.waldur.restore(snapshotUuid, { name: "r", description: "marker" });
    expect(volume.description).to.equal("marker");
    const [record] = (
      await t.waldur.get<RestorationJson[]>(`openstack-snapshots/${snapshotUuid}/restorations/`)
    ).body;
    expect(record).to.not.have.property("description");
    const patched = await t.waldur.request<WaldurSnapshotJson>(
      "PATCH",
      `openstack-snapshots/${snapshotUuid}/`,
      {
        metadata: { k: "v" },
      },
    );
    expect(patched.body.state).to.equal("UPDATE_SCHEDULED");
    const busy = await t.waldur.request<DrfErrorJson>(
      "POST",
      `openstack-snapshots/${snapshotUuid}/restore/`,
      {
        name: "again",
      },
    );
    expect(busy.status).to.equal(409);
    expect(busy.body).to.deep.equal({ detail: "Valid states for operation: OK." });
    const answer = await t.waldur.request<{ order_uuid: string }>(
      "POST",
      `marketplace-resources/${WALDUR_SEED.dbDataResourceUuid}/terminate/`,
    );
    expect((await t.waldur.order(answer.body.order_uuid)).state).to.equal("pending-project");
  };

  it("bundles the three late-2024 behaviours, and cannot be changed", () => {
    expect(WALDUR_LATE_2024).to.deep.equal(late);
    expect(Object.isFrozen(WALDUR_LATE_2024)).to.equal(true);
  });

  it("runs a simulator started with it as the late-2024 server answered, after reset() too", async () => {
    expect(t.sim.waldur.behaviour).to.include(late);
    await drive();
    t.sim.reset();
    expect(t.sim.waldur.behaviour).to.include(late);
    await drive();
  });

  it("applies with setBehaviour, and through POST /__admin/waldur/behaviour as JSON", async () => {
    t.sim.waldur.setBehaviour({
      restorationDescriptions: true,
      ordersPendingProject: false,
      patchAlwaysUpdates: false,
    });
    t.sim.waldur.setBehaviour(WALDUR_LATE_2024);
    await drive();
    t.sim.reset();
    t.sim.waldur.setBehaviour({
      restorationDescriptions: true,
      ordersPendingProject: false,
      patchAlwaysUpdates: false,
    });
    const admin = (body: unknown) =>
      call<{ behaviour: Record<string, unknown> }>(`${t.sim.url}/__admin/waldur/behaviour`, {
        method: "POST",
        body,
      });
    const set = await admin(WALDUR_LATE_2024);
    expect(set.status).to.equal(200);
    expect(set.body.behaviour).to.include(late);
    await drive();
    for (const field of Object.keys(late)) {
      const refused = await admin({ [field]: "yes" });
      expect(refused.status, field).to.equal(400);
      expect(refused.text, field).to.contain(`${field} must be a boolean`);
    }
  });
});
