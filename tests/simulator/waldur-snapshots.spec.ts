import { expect } from "chai";
import { WALDUR_SEED } from "../../simulator";
import { type DrfErrorJson, type WaldurSnapshotJson, useWaldurSimulator, statesOver } from "./waldur-client";

describe("simulator: Waldur snapshots", () => {
  const [scheduled = ""] = WALDUR_SEED.scheduleSnapshotUuids;
  const createMs = 2_000;
  const updateMs = 1_000;
  const deleteMs = 1_000;
  const t = useWaldurSimulator({ snapshotCreateMs: createMs, updateMs, deleteMs });
  const path = (uuid: string) => `openstack-snapshots/${uuid}/`;
  const write = (method: string, uuid: string, body: unknown) =>
    t.waldur.request<WaldurSnapshotJson & DrfErrorJson>(method, path(uuid), body);
  /** The distinct states seen while stepping the t.clock `steps` times by `stepMs`. */
  const snapshotStates = (uuid: string, steps: number, stepMs: number) =>
    statesOver(t.clock, () => t.waldur.snapshot(uuid), steps, stepMs);

  it("creates a snapshot from a volume: 201, CREATION_SCHEDULED, CREATING, then OK and available", async () => {
    const created = await t.waldur.createSnapshot(WALDUR_SEED.dbDataVolumeUuid, {
      name: "manual",
      description: "before upgrade",
      size: 1,
      state: "OK",
      colour: "ignored",
    });
    expect(created).to.include({
      name: "manual",
      description: "before upgrade",
      state: "CREATION_SCHEDULED",
      runtime_state: "",
      size: 10240,
      metadata: "",
      kept_until: null,
    });
    expect(created.uuid).to.match(/^[0-9a-f]{32}$/);
    expect(created.url).to.equal(`${t.sim.waldur.apiUrl}openstack-snapshots/${created.uuid}/`);
    expect(t.sim.waldur.snapshotCreates).to.equal(1);
    expect(await snapshotStates(created.uuid, 4, createMs / 4)).to.deep.equal([
      "CREATION_SCHEDULED",
      "CREATING",
      "OK",
    ]);
    const done = await t.waldur.snapshot(created.uuid);
    expect(done.runtime_state).to.equal("available");
    expect(done.backend_id).to.match(/^[0-9a-f-]{36}$/);
    expect(done.created).to.equal("2026-11-22T10:00:00Z");
  });

  it("spells states the legacy way on request", async () => {
    t.sim.waldur.setBehaviour({
      legacyStateNames: true,
      snapshotOutcomes: [{ state: "ERRED", errorMessage: "quota" }],
    });
    const created = await t.waldur.createSnapshot(WALDUR_SEED.dbDataVolumeUuid, { name: "legacy" });
    expect(created.state).to.equal("Creation Scheduled");
    expect(await snapshotStates(created.uuid, 4, createMs / 4)).to.deep.equal([
      "Creation Scheduled",
      "Creating",
      "Erred",
    ]);
    const erred = await t.waldur.snapshot(created.uuid);
    expect(erred).to.include({ error_message: "quota", runtime_state: "error" });
    t.sim.waldur.makeBusy(scheduled, 1_000);
    const busy = await write("PATCH", scheduled, { name: "x" });
    expect(busy.status).to.equal(409);
    expect(busy.body).to.deep.equal({ detail: "Valid states for operation: OK." });
    const deleteBusy = await t.waldur.request<DrfErrorJson>("DELETE", path(scheduled));
    expect(deleteBusy.body).to.deep.equal({ detail: "Valid states for operation: OK, Erred." });
  });

  it("snapshots an ERRED volume; refuses a volume in a transitional state with 409", async () => {
    const erred = t.sim.waldur.addVolume({ name: "broken", state: "ERRED", errorMessage: "attach failed" });
    expect((await t.waldur.createSnapshot(erred.uuid, { name: "of-erred" })).state).to.equal(
      "CREATION_SCHEDULED",
    );
    await t.waldur.request("PATCH", `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/`, {
      name: "scratch-2",
    });
    const refused = await t.waldur.request<DrfErrorJson>(
      "POST",
      `openstack-volumes/${WALDUR_SEED.scratchVolumeUuid}/snapshot/`,
      { name: "x" },
    );
    expect(refused.status).to.equal(409);
    expect(refused.body).to.deep.equal({ detail: "Valid states for operation: OK, ERRED." });
  });

  it("PUT sets all four writable fields, resetting those left out; PATCH sets only what it has", async () => {
    const patched = await write("PATCH", scheduled, {
      metadata: { team: "data" },
      kept_until: "2027-01-01T00:00:00Z",
    });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({
      name: "db-data-schedule-1",
      state: "OK",
      kept_until: "2027-01-01T00:00:00Z",
    });
    expect(patched.body.metadata).to.deep.equal({ team: "data" });
    const put = await write("PUT", scheduled, { name: "db-data-schedule-1" });
    expect(put.status).to.equal(200);
    // the seeded description is cleared: a description change, which reaches OpenStack
    expect(put.body).to.include({
      description: "",
      metadata: "",
      kept_until: null,
      state: "UPDATE_SCHEDULED",
    });
    t.clock.advance(updateMs);
    const missing = await write("PUT", scheduled, { description: "no name" });
    expect(missing.status).to.equal(400);
    expect(missing.body).to.deep.equal({ name: ["This field is required."] });
  });

  it("takes a name or description change through UPDATE_SCHEDULED and UPDATING; metadata and kept_until alone stay OK", async () => {
    const renamed = await write("PATCH", scheduled, { name: "renamed", size: 1, state: "ERRED", uuid: "x" });
    expect(renamed.body).to.include({
      name: "renamed",
      state: "UPDATE_SCHEDULED",
      size: 10240,
      uuid: scheduled,
    });
    expect(await snapshotStates(scheduled, 4, updateMs / 4)).to.deep.equal([
      "UPDATE_SCHEDULED",
      "UPDATING",
      "OK",
    ]);
    const metadataOnly = await write("PATCH", scheduled, { metadata: { a: "1" }, kept_until: null });
    expect(metadataOnly.body.state).to.equal("OK");
    const { description } = await t.waldur.snapshot(scheduled);
    const sameName = await write("PUT", scheduled, { name: "renamed", description, metadata: { a: "2" } });
    expect(sameName.body.state).to.equal("OK");
  });

  it('sends metadata as the string "" until it is first set, then as an object', async () => {
    expect((await t.waldur.snapshot(scheduled)).metadata).to.equal("");
    const created = await t.waldur.createSnapshot(WALDUR_SEED.dbDataVolumeUuid, {
      name: "m",
      metadata: { k: "v" },
    });
    expect(created.metadata).to.deep.equal({ k: "v" });
    await write("PATCH", scheduled, { metadata: { owner: "alice" } });
    expect((await t.waldur.snapshot(scheduled)).metadata).to.deep.equal({ owner: "alice" });
  });

  it("normalises kept_until to UTC with a Z and refuses what DRF cannot read", async () => {
    const cases: [string, string][] = [
      ["2026-12-22T12:00:00+02:00", "2026-12-22T10:00:00Z"],
      ["2026-12-22T10:00", "2026-12-22T10:00:00Z"],
      ["2026-12-22 05:30:00-04:30", "2026-12-22T10:00:00Z"],
      ["2026-12-22T10:00:00.250Z", "2026-12-22T10:00:00.250000Z"],
      ["2026-12-22T10:00:00.000Z", "2026-12-22T10:00:00Z"],
    ];
    for (const [sent, stored] of cases) {
      expect((await write("PATCH", scheduled, { kept_until: sent })).body.kept_until, sent).to.equal(stored);
    }
    const created = await t.waldur.createSnapshot(WALDUR_SEED.dbDataVolumeUuid, {
      name: "k",
      kept_until: "2026-12-01T01:00:00+01:00",
    });
    expect(created.kept_until).to.equal("2026-12-01T00:00:00Z");
    for (const bad of [
      "tomorrow",
      "2026-12-22",
      "2026-13-01T00:00:00Z",
      "2026-02-30T00:00:00Z",
      1767225600,
    ]) {
      const response = await write("PATCH", scheduled, { kept_until: bad });
      expect(response.status, String(bad)).to.equal(400);
      expect(response.body).to.deep.equal({
        kept_until: [
          "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
        ],
      });
    }
    expect((await t.waldur.snapshot(scheduled)).kept_until).to.equal("2026-12-22T10:00:00Z");
  });

  it("reports every field error of a body at once, and DRF's errors for bad JSON and non-objects", async () => {
    const many = await write("PUT", scheduled, { name: "", description: null, kept_until: "x" });
    expect(many.status).to.equal(400);
    expect(many.body).to.have.keys("name", "description", "kept_until");
    expect(many.body.name).to.deep.equal(["This field may not be blank."]);
    expect(many.body.description).to.deep.equal(["This field may not be null."]);
    const malformed = await write("PATCH", scheduled, "{not json");
    expect(malformed.status).to.equal(400);
    expect(malformed.body.detail).to.match(/^JSON parse error - /);
    const list = await write("PATCH", scheduled, [1]);
    expect(list.body).to.deep.equal({
      non_field_errors: ["Invalid data. Expected a dictionary, but got list."],
    });
  });

  it("answers 409 while the snapshot is busy, checking the state before the body", async () => {
    t.sim.waldur.makeBusy(scheduled, 5_000);
    expect((await t.waldur.snapshot(scheduled)).state).to.equal("UPDATING");
    const attempts: [string, string, unknown][] = [
      ["PATCH", path(scheduled), { name: "x" }],
      ["PUT", path(scheduled), {}],
      ["PATCH", path(scheduled), "{not json"],
      ["PATCH", path(scheduled), { kept_until: "never" }],
      ["POST", `${path(scheduled)}restore/`, {}],
    ];
    for (const [method, target, body] of attempts) {
      const response = await t.waldur.request<DrfErrorJson>(method, target, body);
      expect(response.status, `${method} ${JSON.stringify(body)}`).to.equal(409);
      expect(response.body).to.deep.equal({ detail: "Valid states for operation: OK." });
    }
    const remove = await t.waldur.request<DrfErrorJson>("DELETE", path(scheduled));
    expect(remove.body).to.deep.equal({ detail: "Valid states for operation: OK, ERRED." });
    t.clock.advance(5_000);
    expect((await write("PATCH", scheduled, { metadata: { ok: true } })).status).to.equal(200);
  });

  it("deletes: 202 Deletion was scheduled., DELETION_SCHEDULED, DELETING, then 404 and gone from lists", async () => {
    const response = await t.waldur.request<DrfErrorJson>("DELETE", path(scheduled));
    expect(response.status).to.equal(202);
    expect(response.body).to.deep.equal({ detail: "Deletion was scheduled." });
    const first = await t.waldur.snapshot(scheduled);
    expect(first.state).to.equal("DELETION_SCHEDULED");
    t.clock.advance(deleteMs / 2);
    expect(await t.waldur.snapshot(scheduled)).to.include({ state: "DELETING", runtime_state: "deleting" });
    t.clock.advance(deleteMs / 2);
    const gone = await t.waldur.get<DrfErrorJson>(path(scheduled));
    expect(gone.status).to.equal(404);
    expect(gone.body).to.deep.equal({ detail: "Not found." });
    const list = (await t.waldur.get<WaldurSnapshotJson[]>("openstack-snapshots/")).body;
    expect(list.map((snapshot) => snapshot.uuid)).to.not.include(scheduled);
    expect((await t.waldur.request("DELETE", path(scheduled))).status).to.equal(404);
  });

  it("deletes an ERRED snapshot", async () => {
    const erred = t.sim.waldur.addSnapshot({
      sourceVolume: WALDUR_SEED.dbDataVolumeUuid,
      name: "bad",
      state: "ERRED",
    });
    expect((await t.waldur.request("DELETE", path(erred.uuid))).status).to.equal(202);
  });

  it("pulls (202, no body) and unlinks (204: gone at once, whatever the state)", async () => {
    const pulled = await t.waldur.request("POST", `${path(scheduled)}pull/`);
    expect(pulled.status).to.equal(202);
    expect(pulled.text).to.equal("");
    const stuck = t.sim.waldur.addSnapshot({
      sourceVolume: WALDUR_SEED.dbDataVolumeUuid,
      name: "stuck",
      state: "CREATING",
    });
    t.clock.advance(30 * 60_000);
    expect((await t.waldur.snapshot(stuck.uuid)).state).to.equal("CREATING");
    const unlinked = await t.waldur.request("POST", `${path(stuck.uuid)}unlink/`);
    expect(unlinked.status).to.equal(204);
    expect((await t.waldur.get(path(stuck.uuid))).status).to.equal(404);
  });
});
