import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import {
  type DrfErrorJson,
  type RestorationJson,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

const NAME_ERROR = ["Ensure this field has no more than 150 characters."];
const DESCRIPTION_ERROR = ["Ensure this field has no more than 2000 characters."];

describe("simulator: Waldur enforces name (150) and description (2000) lengths with a 400", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const updateMs = 1_000;
  const t = useWaldurSimulator({ updateMs });
  const longest = { name: "n".repeat(150), description: "d".repeat(2000) };
  const tooLong = { name: "n".repeat(151), description: "d".repeat(2001) };
  /** Each write that takes a name and a description: method, path, and the body's other fields. */
  const writes = (): [string, string, Record<string, unknown>][] => [
    ["POST", `openstack-volumes/${WALDUR_SEED.dbDataVolumeUuid}/snapshot/`, {}],
    ["PUT", `openstack-snapshots/${snapshotUuid}/`, {}],
    ["PATCH", `openstack-snapshots/${snapshotUuid}/`, {}],
    ["POST", `openstack-snapshots/${snapshotUuid}/restore/`, {}],
    ["PUT", `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/`, {}],
    ["PATCH", `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/`, {}],
  ];

  it("refuses a name of 151 and a description of 2001 characters in every write, reporting both, changing nothing", async () => {
    const before = t.sim.waldur.state;
    const names = [...before.snapshots, ...before.volumes].map((item) => [
      item.uuid,
      item.name,
      item.description,
    ]);
    for (const [method, path, extra] of writes()) {
      const response = await t.waldur.request<DrfErrorJson>(method, path, { ...tooLong, ...extra });
      expect(response.status, `${method} ${path}`).to.equal(400);
      expect(response.body, `${method} ${path}`).to.deep.equal({
        name: NAME_ERROR,
        description: DESCRIPTION_ERROR,
      });
      const nameOnly = await t.waldur.request<DrfErrorJson>(method, path, { name: tooLong.name });
      expect(nameOnly.body, `${method} ${path}`).to.deep.equal({ name: NAME_ERROR });
      const descriptionOnly = await t.waldur.request<DrfErrorJson>(method, path, {
        name: "ok",
        description: tooLong.description,
      });
      expect(descriptionOnly.body, `${method} ${path}`).to.deep.equal({ description: DESCRIPTION_ERROR });
    }
    const after = t.sim.waldur.state;
    expect(
      [...after.snapshots, ...after.volumes].map((item) => [item.uuid, item.name, item.description]),
    ).to.deep.equal(names);
    expect(t.sim.waldur.snapshotCreates + t.sim.waldur.restores).to.equal(0);
  });

  it("accepts exactly 150 and 2000 characters in every write, and sends them back whole", async () => {
    for (const [method, path, extra] of writes()) {
      const response = await t.waldur.request<WaldurSnapshotJson | WaldurVolumeJson>(method, path, {
        ...longest,
        ...extra,
      });
      expect(response.status, `${method} ${path}`).to.be.oneOf([200, 201]);
      expect(response.body, `${method} ${path}`).to.include(longest);
      t.clock.advance(updateMs);
    }
    const [record] = (
      await t.waldur.get<RestorationJson[]>(`openstack-snapshots/${snapshotUuid}/restorations/`)
    ).body;
    expect(record?.description).to.equal(longest.description);
    expect(record?.volume_name).to.equal(longest.name);
  });

  it("counts characters as Python does: an emoji is one, however many UTF-16 units it takes", async () => {
    const path = `openstack-snapshots/${snapshotUuid}/`;
    const emoji = "\u{1F642}";
    const fits = { name: emoji.repeat(150), description: emoji.repeat(2000) };
    const patched = await t.waldur.request<WaldurSnapshotJson>("PATCH", path, fits);
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include(fits);
    t.clock.advance(updateMs);
    const over = await t.waldur.request<DrfErrorJson>("PATCH", path, {
      name: emoji.repeat(151),
      description: `${emoji.repeat(1999)}ab`,
    });
    expect(over.status).to.equal(400);
    expect(over.body).to.deep.equal({ name: NAME_ERROR, description: DESCRIPTION_ERROR });
  });

  it("counts after trimming surrounding whitespace, as DRF does, and stores the trimmed text", async () => {
    const restored = await t.waldur.request<WaldurVolumeJson>(
      "POST",
      `openstack-snapshots/${snapshotUuid}/restore/`,
      { name: `  ${longest.name}\n`, description: ` ${longest.description} ` },
    );
    expect(restored.status).to.equal(201);
    expect(restored.body).to.include(longest);
    const appended = await t.waldur.request<DrfErrorJson>(
      "POST",
      `openstack-snapshots/${snapshotUuid}/restore/`,
      {
        name: "r",
        description: `${longest.description} marker`,
      },
    );
    expect(appended.status).to.equal(400);
    expect(appended.body).to.deep.equal({ description: DESCRIPTION_ERROR });
  });
});
