import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import {
  type DrfErrorJson,
  type RestorationJson,
  type WaldurOrderJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
  statesOver,
} from "./waldur-client";

describe("simulator: Waldur restores and marketplace terminations", () => {
  const [, snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const volumeCreateMs = 3_000;
  const orderMs = 1_500;
  const deleteMs = 1_000;
  const t = useWaldurSimulator({ volumeCreateMs, orderMs, deleteMs });
  const volumeStates = (uuid: string, steps: number, stepMs: number) =>
    statesOver(t.clock, () => t.waldur.volume(uuid), steps, stepMs);
  const terminate = (resourceUuid: string, body?: unknown) =>
    t.waldur.request<{ order_uuid: string } & DrfErrorJson>(
      "POST",
      `marketplace-resources/${resourceUuid}/terminate/`,
      body,
    );

  it("restores into a new volume: 201, CREATION_SCHEDULED, CREATING, then OK and available", async () => {
    const volume = await t.waldur.restore(snapshotUuid, { name: "db-data-restored", description: "drill" });
    expect(volume).to.include({
      name: "db-data-restored",
      description: "drill",
      state: "CREATION_SCHEDULED",
      size: 10240,
      source_snapshot: `${t.sim.waldur.apiUrl}openstack-snapshots/${snapshotUuid}/`,
    });
    expect(volume.uuid).to.match(/^[0-9a-f]{32}$/);
    expect(volume.marketplace_resource_uuid).to.match(/^[0-9a-f]{32}$/);
    expect(t.sim.waldur.restores).to.equal(1);
    expect((await t.waldur.snapshot(snapshotUuid)).state).to.equal("OK");
    expect(await volumeStates(volume.uuid, 4, volumeCreateMs / 4)).to.deep.equal([
      "CREATION_SCHEDULED",
      "CREATING",
      "OK",
    ]);
    expect((await t.waldur.volume(volume.uuid)).runtime_state).to.equal("available");
  });

  it("ends a restored volume ERRED with the queued message", async () => {
    t.sim.waldur.setBehaviour({ volumeOutcomes: [{ state: "ERRED", errorMessage: "No valid host" }] });
    const volume = await t.waldur.restore(snapshotUuid, { name: "doomed" });
    t.clock.advance(volumeCreateMs);
    expect(await t.waldur.volume(volume.uuid)).to.include({
      state: "ERRED",
      runtime_state: "error",
      error_message: "No valid host",
    });
  });

  it("needs a name, ignores other fields, and refuses a busy snapshot before reading the body", async () => {
    const missing = await t.waldur.request<DrfErrorJson>(
      "POST",
      `openstack-snapshots/${snapshotUuid}/restore/`,
      {
        description: "no name",
      },
    );
    expect(missing.status).to.equal(400);
    expect(missing.body).to.deep.equal({ name: ["This field is required."] });
    const extra = await t.waldur.restore(snapshotUuid, { name: "x", size: 1, volume_type: "fast" });
    expect(extra.size).to.equal(10240);
    t.sim.waldur.makeBusy(snapshotUuid, 1_000, "UPDATE_SCHEDULED");
    const busy = await t.waldur.request("POST", `openstack-snapshots/${snapshotUuid}/restore/`, { nope: 1 });
    expect(busy.status).to.equal(409);
    expect(t.sim.waldur.restores).to.equal(1);
  });

  it("lists restorations, unpaginated, and shows them on the snapshot", async () => {
    const first = await t.waldur.restore(snapshotUuid, { name: "r1", description: "first" });
    t.clock.advance(volumeCreateMs);
    const second = await t.waldur.restore(snapshotUuid, { name: "r2" });
    const response = await t.waldur.get<RestorationJson[]>(
      `openstack-snapshots/${snapshotUuid}/restorations/`,
    );
    expect(response.status).to.equal(200);
    expect(response.headers.get("link")).to.equal(null);
    expect(
      response.body.map((record) => [record.volume, record.volume_name, record.volume_state]),
    ).to.deep.equal([
      [first.url, "r1", "OK"],
      [second.url, "r2", "CREATION_SCHEDULED"],
    ]);
    expect(response.body[0]).to.include({
      description: "first",
      volume_runtime_state: "available",
      volume_size: 10240,
      volume_device: "",
    });
    expect((await t.waldur.snapshot(snapshotUuid)).restorations).to.deep.equal(response.body);
    const other = await t.waldur.get<RestorationJson[]>(
      `openstack-snapshots/${WALDUR_SEED.scheduleSnapshotUuids[0]}/restorations/`,
    );
    expect(other.body).to.deep.equal([]);
  });

  it("nulls source_snapshot once the snapshot is deleted; the restoration goes with it", async () => {
    const volume = await t.waldur.restore(snapshotUuid, { name: "orphan" });
    t.clock.advance(volumeCreateMs);
    expect((await t.waldur.request("DELETE", `openstack-snapshots/${snapshotUuid}/`)).status).to.equal(202);
    expect((await t.waldur.volume(volume.uuid)).source_snapshot).to.not.equal(null);
    t.clock.advance(deleteMs);
    expect((await t.waldur.volume(volume.uuid)).source_snapshot).to.equal(null);
    expect(t.sim.waldur.state.restorations).to.deep.equal([]);
  });

  it("terminates a volume through a marketplace order: pending-consumer to done, then the volume goes", async () => {
    const volume = await t.waldur.restore(snapshotUuid, { name: "temporary" });
    t.clock.advance(volumeCreateMs);
    const answer = await terminate(volume.marketplace_resource_uuid ?? "");
    expect(answer.status).to.equal(200);
    expect(Object.keys(answer.body)).to.deep.equal(["order_uuid"]);
    expect(answer.body.order_uuid).to.match(/^[0-9a-f]{32}$/);
    expect(t.sim.waldur.terminations).to.equal(1);
    const order = () => t.waldur.order(answer.body.order_uuid);
    expect(await order()).to.include({ type: "Terminate", resource_uuid: volume.marketplace_resource_uuid });
    const states = await statesOver(t.clock, order, 5, orderMs / 6);
    expect(states).to.deep.equal(["pending-consumer", "pending-provider", "executing"]);
    expect((await order()).state).to.equal("done");
    expect((await t.waldur.volume(volume.uuid)).state).to.equal("DELETION_SCHEDULED");
    t.clock.advance(deleteMs / 2);
    expect(await t.waldur.volume(volume.uuid)).to.include({ state: "DELETING", runtime_state: "deleting" });
    t.clock.advance(deleteMs / 2);
    expect((await t.waldur.get(`openstack-volumes/${volume.uuid}/`)).status).to.equal(404);
    expect(
      (await t.waldur.get<WaldurVolumeJson[]>("openstack-volumes/")).body.map((v) => v.uuid),
    ).to.not.include(volume.uuid);
    expect(
      t.sim.waldur.state.marketplaceResources.find((r) => r.uuid === volume.marketplace_resource_uuid)?.state,
    ).to.equal("Terminated");
  });

  it("ends an order erred, rejected or canceled with its message; the volume stays", async () => {
    t.sim.waldur.setBehaviour({
      orderOutcomes: [{ state: "rejected", errorMessage: "Not approved." }, { state: "erred" }, "done"],
    });
    const resource = WALDUR_SEED.dbDataResourceUuid;
    const rejected = await terminate(resource, {});
    t.clock.advance(orderMs);
    expect(await t.waldur.order(rejected.body.order_uuid)).to.include({
      state: "rejected",
      error_message: "Not approved.",
    });
    expect((await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid)).state).to.equal("OK");
    const erred = await terminate(resource);
    t.clock.advance(orderMs);
    const order: WaldurOrderJson = await t.waldur.order(erred.body.order_uuid);
    expect(order.state).to.equal("erred");
    expect(order.error_message).to.not.equal("");
    expect(t.sim.waldur.behaviour.orderOutcomes).to.deep.equal(["done"]);
  });

  it("refuses a second terminate while an order is pending (400), and a volume that is not OK or ERRED (409)", async () => {
    const resource = WALDUR_SEED.dbDataResourceUuid;
    expect((await terminate(resource)).status).to.equal(200);
    const again = await terminate(resource);
    expect(again.status).to.equal(400);
    expect(again.body.detail).to.be.a("string");
    const creating = await t.waldur.restore(snapshotUuid, { name: "young" });
    const early = await terminate(creating.marketplace_resource_uuid ?? "");
    expect(early.status).to.equal(409);
    expect(early.body).to.deep.equal({ detail: "Valid states for operation: OK, ERRED." });
    expect((await terminate("0".repeat(32))).status).to.equal(404);
    expect(t.sim.waldur.terminations).to.equal(1);
  });

  it("gives restored volumes no marketplace resource when told: they cannot be deleted through the API", async () => {
    t.sim.waldur.setBehaviour({ restoredVolumesInMarketplace: false });
    const volume = await t.waldur.restore(snapshotUuid, { name: "stray" });
    expect(volume).to.not.have.property("marketplace_resource_uuid");
    expect(volume).to.not.have.property("marketplace_offering_uuid");
    t.clock.advance(volumeCreateMs);
    const removed = await t.waldur.request("DELETE", `openstack-volumes/${volume.uuid}/`);
    expect(removed.status).to.equal(405);
    expect((await t.waldur.volume(volume.uuid)).state).to.equal("OK");
  });

  it("updates a volume's name and description with PUT and PATCH through UPDATE_SCHEDULED", async () => {
    const path = `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/`;
    const patched = await t.waldur.request<WaldurVolumeJson>("PATCH", path, { description: "tmp", size: 1 });
    expect(patched.body).to.include({
      name: "scratch",
      description: "tmp",
      state: "UPDATE_SCHEDULED",
      size: 1024,
    });
    expect((await t.waldur.request("PUT", path, { name: "scratch" })).status).to.equal(409);
    t.clock.advance(1_000);
    const put = await t.waldur.request<WaldurVolumeJson & DrfErrorJson>("PUT", path, { description: "x" });
    expect(put.body).to.deep.equal({ name: ["This field is required."] });
  });
});
