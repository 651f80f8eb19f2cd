import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import {
  type RestorationJson,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

describe("simulator: Waldur behaviours seen on a late-2024 waldur-mastermind", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const volumeCreateMs = 3_000;
  const t = useWaldurSimulator({ volumeCreateMs });
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
});
