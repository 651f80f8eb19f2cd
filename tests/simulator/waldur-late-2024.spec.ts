import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import {
  type DrfErrorJson,
  type RestorationJson,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

describe("simulator: Waldur behaviours seen on a late-2024 waldur-mastermind", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const volumeCreateMs = 3_000;
  const orderMs = 1_200;
  const deleteMs = 1_000;
  const t = useWaldurSimulator({ volumeCreateMs, orderMs, deleteMs });
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
});
