import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { canonicalUuid } from "../../simulator/waldur/uuids";
import {
  type DrfErrorJson,
  type RestorationJson,
  type WaldurOrderJson,
  type WaldurSnapshotJson,
  type WaldurVolumeJson,
  useWaldurSimulator,
} from "./waldur-client";

/** `0123…` as 8-4-4-4-12. */
function dashed(hex: string): string {
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/** Forms of a uuid other than its canonical one that Python's `uuid.UUID` parses. */
function forms(hex: string): string[] {
  const mixed = [...hex].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join("");
  return [
    hex.toUpperCase(),
    mixed,
    dashed(hex),
    dashed(hex).toUpperCase(),
    `{${dashed(hex)}}`,
    `urn:uuid:${dashed(hex)}`,
  ];
}

/** A path segment as a client sends it. */
const segment = (uuid: string) => encodeURIComponent(uuid);

describe("simulator: Waldur reads UUIDs in paths and filters as Python's uuid.UUID does", () => {
  const [snapshotUuid = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const updateMs = 1_000;
  const volumeCreateMs = 1_000;
  const orderMs = 1_000;
  const t = useWaldurSimulator({ updateMs, volumeCreateMs, orderMs });
  const snapshotPath = (uuid: string) => `openstack-snapshots/${segment(uuid)}/`;
  const volumePath = (uuid: string) => `openstack-volumes/${segment(uuid)}/`;
  const names = async (path: string) =>
    (await t.waldur.get<{ name: string }[]>(path)).body.map((item) => item.name);

  it("finds a snapshot by any form (GET, PATCH, PUT, restorations, restore, pull) and answers with the 32-hex form", async () => {
    const canonicalUrl = `${t.sim.waldur.apiUrl}openstack-snapshots/${snapshotUuid}/`;
    for (const form of forms(snapshotUuid)) {
      const got = await t.waldur.get<WaldurSnapshotJson>(snapshotPath(form));
      expect(got.status, form).to.equal(200);
      expect(got.body).to.include({ uuid: snapshotUuid, url: canonicalUrl });
      const patched = await t.waldur.request<WaldurSnapshotJson>("PATCH", snapshotPath(form), {
        metadata: { form },
      });
      expect(patched.status, form).to.equal(200);
      expect(patched.body).to.include({ uuid: snapshotUuid, url: canonicalUrl });
      expect(patched.body.metadata).to.deep.equal({ form });
      const put = await t.waldur.request<WaldurSnapshotJson>("PUT", snapshotPath(form), { name: form });
      expect(put.status, form).to.equal(200);
      expect(put.body).to.include({ uuid: snapshotUuid, name: form, state: "UPDATE_SCHEDULED" });
      t.clock.advance(updateMs);
      const restored = await t.waldur.request<WaldurVolumeJson>("POST", `${snapshotPath(form)}restore/`, {
        name: `from ${form}`,
      });
      expect(restored.status, form).to.equal(201);
      expect(restored.body.source_snapshot).to.equal(canonicalUrl);
      const records = await t.waldur.get<RestorationJson[]>(`${snapshotPath(form)}restorations/`);
      expect(records.status, form).to.equal(200);
      expect(records.body.at(-1)?.volume).to.equal(restored.body.url);
      expect((await t.waldur.request("POST", `${snapshotPath(form)}pull/`)).status, form).to.equal(202);
    }
    expect(t.sim.waldur.restores).to.equal(forms(snapshotUuid).length);
  });

  it("deletes and unlinks a snapshot named in another form", async () => {
    const [, second = "", third = ""] = WALDUR_SEED.scheduleSnapshotUuids;
    const deleted = await t.waldur.request<DrfErrorJson>(
      "DELETE",
      snapshotPath(dashed(second).toUpperCase()),
    );
    expect(deleted.status).to.equal(202);
    expect((await t.waldur.snapshot(second)).state).to.equal("DELETION_SCHEDULED");
    const unlinked = await t.waldur.request("POST", `${snapshotPath(`{${third.toUpperCase()}}`)}unlink/`);
    expect(unlinked.status).to.equal(204);
    expect((await t.waldur.get(snapshotPath(third))).status).to.equal(404);
  });

  it("finds a volume by any form (GET, PATCH, PUT, snapshot/) and answers with the 32-hex form", async () => {
    const volumeUuid = WALDUR_SEED.scratchVolumeUuid;
    for (const form of forms(volumeUuid)) {
      const got = await t.waldur.get<WaldurVolumeJson>(volumePath(form));
      expect(got.status, form).to.equal(200);
      expect(got.body.uuid).to.equal(volumeUuid);
      const patched = await t.waldur.request<WaldurVolumeJson>("PATCH", volumePath(form), {
        description: form,
      });
      expect(patched.body).to.include({ uuid: volumeUuid, description: form });
      t.clock.advance(updateMs);
      const put = await t.waldur.request<WaldurVolumeJson>("PUT", volumePath(form), { name: "scratch" });
      expect(put.status, form).to.equal(200);
      t.clock.advance(updateMs);
      const snapshot = await t.waldur.request<WaldurSnapshotJson>("POST", `${volumePath(form)}snapshot/`, {
        name: `of ${form}`,
      });
      expect(snapshot.status, form).to.equal(201);
      expect(snapshot.body.source_volume).to.equal(`${t.sim.waldur.apiUrl}openstack-volumes/${volumeUuid}/`);
    }
  });

  it("terminates a marketplace resource and reads its order by any form", async () => {
    const resource = WALDUR_SEED.dbDataResourceUuid;
    const answer = await t.waldur.request<{ order_uuid: string }>(
      "POST",
      `marketplace-resources/${segment(`urn:uuid:${dashed(resource).toUpperCase()}`)}/terminate/`,
    );
    expect(answer.status).to.equal(200);
    const orderUuid = answer.body.order_uuid;
    expect(orderUuid).to.match(/^[0-9a-f]{32}$/);
    for (const form of forms(orderUuid)) {
      const order = await t.waldur.get<WaldurOrderJson & { url: string }>(
        `marketplace-orders/${segment(form)}/`,
      );
      expect(order.status, form).to.equal(200);
      expect(order.body).to.include({
        uuid: orderUuid,
        resource_uuid: resource,
        url: `${t.sim.waldur.apiUrl}marketplace-orders/${orderUuid}/`,
      });
    }
  });

  it("answers 404 Not found. for what is not a UUID, and for another project's objects in any form", async () => {
    const notUuids = [
      "nope",
      snapshotUuid.slice(0, 31),
      `${snapshotUuid}0`,
      `${snapshotUuid.slice(0, 31)}g`,
      `${dashed(snapshotUuid)}x`,
      `_${snapshotUuid.slice(1)}`,
    ];
    for (const sent of notUuids) {
      for (const path of [
        snapshotPath(sent),
        `${snapshotPath(sent)}restorations/`,
        volumePath(sent),
        `marketplace-orders/${segment(sent)}/`,
      ]) {
        const response = await t.waldur.get<DrfErrorJson>(path);
        expect(response.status, path).to.equal(404);
        expect(response.body).to.deep.equal({ detail: "Not found." });
      }
      const restore = await t.waldur.request("POST", `${snapshotPath(sent)}restore/`, { name: "x" });
      expect(restore.status, sent).to.equal(404);
      const terminate = await t.waldur.request("POST", `marketplace-resources/${segment(sent)}/terminate/`);
      expect(terminate.status, sent).to.equal(404);
    }
    for (const form of forms(WALDUR_SEED.otherSnapshotUuid)) {
      expect((await t.waldur.get(snapshotPath(form))).status, form).to.equal(404);
    }
    for (const form of forms(WALDUR_SEED.otherVolumeResourceUuid)) {
      const response = await t.waldur.request("POST", `marketplace-resources/${segment(form)}/terminate/`);
      expect(response.status, form).to.equal(404);
    }
    expect(t.sim.waldur.restores + t.sim.waldur.terminations).to.equal(0);
  });

  it("filters source_volume_uuid and project_uuid by any form; blank filters nothing; anything else is a 400", async () => {
    const schedule = ["db-data-schedule-1", "db-data-schedule-2", "db-data-schedule-3"];
    for (const form of [...forms(WALDUR_SEED.dbDataVolumeUuid), ` ${WALDUR_SEED.dbDataVolumeUuid}\t`]) {
      const query = `openstack-snapshots/?source_volume_uuid=${encodeURIComponent(form)}`;
      expect(await names(query), form).to.deep.equal(schedule);
    }
    for (const form of forms(WALDUR_SEED.projectUuid)) {
      const query = `openstack-volumes/?project_uuid=${encodeURIComponent(form)}`;
      expect(await names(query), form).to.deep.equal(["db-data", "scratch"]);
    }
    expect(await names("openstack-snapshots/?source_volume_uuid=%20")).to.deep.equal(schedule);
    expect(await names(`openstack-volumes/?project_uuid=${WALDUR_SEED.otherProjectUuid}`)).to.deep.equal([]);
    for (const bad of ["nope", `${WALDUR_SEED.dbDataVolumeUuid}0`, `urn:${WALDUR_SEED.dbDataVolumeUuid}x`]) {
      const response = await t.waldur.get<DrfErrorJson>(
        `openstack-snapshots/?source_volume_uuid=${encodeURIComponent(bad)}`,
      );
      expect(response.status, bad).to.equal(400);
      expect(response.body).to.deep.equal({ source_volume_uuid: ["Enter a valid UUID."] });
    }
  });

  it("parses what CPython 3.11's uuid.UUID parses, to the same hex", () => {
    const hex = "0123456789abcdef0123456789abcdef";
    // expected values printed by CPython 3.11: uuid.UUID(text).hex, or None for a ValueError
    const cases: [string, string | undefined][] = [
      [hex, hex],
      ["01234567-89AB-cdef-0123-456789ABCDEF", hex],
      ["{{0123456789abcdef0123456789abcdef}}", hex],
      ["{0123456789abcdef0123456789abcdef", hex],
      ["{urn:uuid:01234567-89ab-cdef-0123-456789abcdef}", hex],
      ["uuid:0123456789abcdef0123456789abcdef", hex],
      ["0-1-2-3-4-5-6-7-8-9-a-b-c-d-e-f-0123456789abcdef", hex],
      ["--0123456789abcdef0123456789abcdef--", hex],
      ["0x23456789abcdef0123456789abcdef", "0023456789abcdef0123456789abcdef"],
      ["0X_3456789abcdef0123456789abcdef", "0003456789abcdef0123456789abcdef"],
      ["12_456789abcdef0123456789abcdef0", "012456789abcdef0123456789abcdef0"],
      [" 123456789abcdef0123456789abcdef", hex],
      ["+123456789abcdef0123456789abcdef", hex],
      ["\u00a0123456789abcdef0123456789abcdef", hex],
      ["\u0085123456789abcdef0123456789abcdef", hex],
      ["\u0661123456789abcdef0123456789abcdef", "1123456789abcdef0123456789abcdef"],
      ["\uff11123456789abcdef0123456789abcdef", "1123456789abcdef0123456789abcdef"],
      ["URN:UUID:01234567-89ab-cdef-0123-456789abcdef", undefined],
      [" 0123456789abcdef0123456789abcdef", undefined],
      ["_123456789abcdef0123456789abcdef", undefined],
      ["12__56789abcdef0123456789abcdef0", undefined],
      ["0x23456789abcdef0123456789abcde_", undefined],
      ["0x0x456789abcdef0123456789abcdef", undefined],
      ["++23456789abcdef0123456789abcdef", undefined],
      ["ab cd56789abcdef0123456789abcdef", undefined],
      ["\u001c123456789abcdef0123456789abcdef", undefined],
      ["\ufeff123456789abcdef0123456789abcdef", undefined],
      ["\uff41123456789abcdef0123456789abcdef", undefined],
      ["", undefined],
    ];
    for (const [text, expected] of cases)
      expect(canonicalUuid(text), JSON.stringify(text)).to.equal(expected);
  });
});
