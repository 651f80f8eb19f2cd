import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { type WaldurSnapshotJson, useWaldurSimulator } from "./waldur-client";
import {
  loadWaldurVendorTables,
  type ShapeAllowances,
  tableDifferences,
  type VendorField,
} from "./waldur-vendor-page";

/** Marketplace fields that are null without a marketplace resource (snapshots never have one). */
const MARKETPLACE_NULLABLE = [
  "marketplace_offering_name",
  "marketplace_offering_plugin_options",
  "marketplace_category_name",
  "marketplace_resource_state",
  "is_usage_based",
  "is_limit_based",
];

/** UUID fields of the marketplace, left out (never null) without a marketplace resource. */
const MARKETPLACE_OPTIONAL = [
  "marketplace_offering_uuid",
  "marketplace_category_uuid",
  "marketplace_resource_uuid",
  "marketplace_plan_uuid",
];

const SNAPSHOT: ShapeAllowances = {
  optional: [...MARKETPLACE_OPTIONAL, "source_volume_marketplace_uuid"],
  nullable: [...MARKETPLACE_NULLABLE, "kept_until", "source_volume", "source_volume_name", "access_url"],
};

const VOLUME: ShapeAllowances = {
  optional: [...MARKETPLACE_OPTIONAL, "instance_marketplace_uuid"],
  nullable: [...MARKETPLACE_NULLABLE, "source_snapshot", "image", "instance", "instance_name", "access_url"],
};

const names = (fields: readonly VendorField[]) => fields.map((field) => field.name);

describe("simulator: Waldur objects match the vendor page's field tables", () => {
  const tables = loadWaldurVendorTables();
  const responses = tables.filter((table) => table.kind === "response").map((table) => table.fields);
  const requests = tables.filter((table) => table.kind === "request").map((table) => table.fields);
  const snapshotTables = responses.filter((fields) => names(fields).includes("source_volume"));
  const [snapshotFields = []] = snapshotTables;
  const volumeFields = responses.find((fields) => names(fields).includes("source_snapshot")) ?? [];
  const restorationFields = responses.find((fields) => !names(fields).includes("url")) ?? [];
  const [scheduled = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const t = useWaldurSimulator();

  it("finds the tables on the page: snapshot (list, retrieve, update, partial update), restorations, volume", () => {
    expect(snapshotTables).to.have.length(4);
    for (const fields of snapshotTables) expect(fields).to.deep.equal(snapshotFields);
    expect(snapshotFields).to.have.length(54);
    expect(names(snapshotFields)).to.include.members([
      "kept_until",
      "metadata",
      "restorations.volume_device",
    ]);
    expect(names(volumeFields)).to.include.members(["marketplace_resource_uuid", "runtime_state", "device"]);
    expect(names(restorationFields)).to.deep.equal([
      "uuid",
      "created",
      "description",
      "volume",
      "volume_name",
      "volume_state",
      "volume_runtime_state",
      "volume_size",
      "volume_device",
    ]);
    expect(
      requests.map((fields) => fields.map((field) => `${field.name}${field.required ? "*" : ""}`)),
    ).to.deep.equal([
      ["name*", "description", "metadata", "kept_until"],
      ["name", "description", "metadata", "kept_until"],
      ["name*", "description"],
    ]);
  });

  it("checks shapes: extra and missing keys, wrong types, null only where allowed", () => {
    const fields: VendorField[] = [
      { name: "uuid", type: "string (uuid)", required: false },
      { name: "size", type: "integer", required: false },
      { name: "items", type: "array of objects", required: false },
      { name: "items.when", type: "string (date-time)", required: false },
      { name: "gone", type: "string", required: false },
    ];
    expect(
      tableDifferences(
        { uuid: "a".repeat(32), size: 1, items: [{ when: "2026-01-01T00:00:00Z" }], gone: "x" },
        fields,
      ),
    ).to.deep.equal([]);
    expect(
      tableDifferences(
        { uuid: "a-b", size: 1.5, items: [{ when: "2026-01-01T00:00:00+00:00", extra: 1 }], more: 0 },
        fields,
        {
          nullable: [],
        },
      ),
    ).to.deep.equal([
      "more: not on the page",
      "uuid (string (uuid)): a-b is not a 32-hex uuid",
      "size (integer): 1.5 is not an integer",
      "items.extra: not on the page",
      "items.when (string (date-time)): 2026-01-01T00:00:00+00:00 is not a UTC date-time with a Z",
      "gone: missing",
    ]);
    expect(
      tableDifferences({ uuid: null, size: 1, items: [] }, fields, {
        nullable: ["uuid"],
        optional: ["gone"],
      }),
    ).to.deep.equal([]);
  });

  it("sends snapshots with the page's fields and types: seeded, listed, new, updated, with restorations", async () => {
    const seeded = await t.waldur.snapshot(scheduled);
    const listed = (await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/")).body;
    const created = await t.waldur.createSnapshot(WALDUR_SEED.scratchVolumeUuid, {
      name: "shaped",
      metadata: { a: "b" },
      kept_until: "2027-01-01T00:00:00+01:00",
    });
    const patched = await t.waldur.request<WaldurSnapshotJson>("PATCH", `openstack-snapshots/${scheduled}/`, {
      kept_until: "2027-01-01T00:00:00.5Z",
    });
    await t.waldur.restore(scheduled, { name: "from-shaped" });
    const withRestorations = await t.waldur.snapshot(scheduled);
    expect(withRestorations.restorations).to.have.length(1);
    expect(seeded).to.have.property("source_volume_marketplace_uuid", WALDUR_SEED.dbDataResourceUuid);
    expect(created).to.not.have.property("source_volume_marketplace_uuid");
    for (const snapshot of [seeded, ...listed, created, patched.body, withRestorations]) {
      expect(
        tableDifferences(snapshot as unknown as Record<string, unknown>, snapshotFields, SNAPSHOT),
        snapshot.name,
      ).to.deep.equal([]);
    }
  });

  it("sends volumes with the page's fields and types: in use, unlinked, restored with and without a marketplace resource", async () => {
    const restored = await t.waldur.restore(scheduled, { name: "linked" });
    t.sim.waldur.setBehaviour({ restoredVolumesInMarketplace: false });
    const unlinked = await t.waldur.restore(scheduled, { name: "unlinked" });
    t.clock.advance(10_000);
    const volumes = [
      await t.waldur.volume(WALDUR_SEED.dbDataVolumeUuid),
      await t.waldur.volume(WALDUR_SEED.scratchVolumeUuid),
      restored,
      unlinked,
      await t.waldur.volume(restored.uuid),
    ];
    for (const volume of volumes) {
      expect(
        tableDifferences(volume as unknown as Record<string, unknown>, volumeFields, VOLUME),
        volume.name,
      ).to.deep.equal([]);
    }
    const dbData = volumes[0] as unknown as Record<string, unknown>;
    expect(dbData).to.include({ device: "/dev/vdb", instance_name: "db-1" });
    expect(dbData.instance_marketplace_uuid).to.match(/^[0-9a-f]{32}$/);
  });

  it("sends restoration records with the page's fields and types", async () => {
    await t.waldur.restore(scheduled, { name: "r", description: "d" });
    const records = (
      await t.waldur.get<Record<string, unknown>[]>(`openstack-snapshots/${scheduled}/restorations/`)
    ).body;
    expect(records).to.have.length(1);
    for (const record of records) expect(tableDifferences(record, restorationFields)).to.deep.equal([]);
  });

  it("accepts exactly the request tables' writable fields, requiring what they mark required", async () => {
    const [put = [], patch = [], restore = []] = requests;
    const values: Record<string, unknown> = {
      name: "n",
      description: "d",
      metadata: { k: "v" },
      kept_until: "2027-01-01T00:00:00Z",
    };
    for (const field of patch) {
      t.clock.advance(60_000); // past any update the previous field started
      const response = await t.waldur.request<Record<string, unknown>>(
        "PATCH",
        `openstack-snapshots/${scheduled}/`,
        {
          [field.name]: values[field.name],
        },
      );
      expect(response.status, field.name).to.equal(200);
      expect(response.body[field.name], field.name).to.deep.equal(values[field.name]);
    }
    const required = (fields: readonly VendorField[]) =>
      Object.fromEntries(
        fields.filter((field) => field.required).map((field) => [field.name, ["This field is required."]]),
      );
    t.clock.advance(60_000);
    expect((await t.waldur.request("PUT", `openstack-snapshots/${scheduled}/`, {})).body).to.deep.equal(
      required(put),
    );
    expect(
      (await t.waldur.request("POST", `openstack-snapshots/${scheduled}/restore/`, {})).body,
    ).to.deep.equal(required(restore));
  });
});
