import { expect } from "chai";
import { POWERVC_SEED } from "../../simulator";
import { usePowerVCSimulator } from "./powervc-client";
import {
  loadPowerVCSamples,
  objectAfter,
  type PowerVCSample,
  pythonToJson,
  repairBrackets,
} from "./powervc-samples";
import { jsonType, shapeDifferences } from "./vendor-samples";

/** The sample whose parsed value has `key` at its top. */
function withKey(samples: readonly PowerVCSample[], key: string): PowerVCSample[] {
  return samples.filter(
    (sample) => typeof sample.value === "object" && sample.value !== null && key in sample.value,
  );
}

/** A task URI with its host, project and ids replaced by placeholders. */
function uriShape(uri: string): string {
  return uri
    .replace(/^https:\/\/[^/:]+/, "https://HOST")
    .replace(/[0-9a-f]{32}/g, "PROJECT")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "UUID");
}

describe("simulator: PowerVC answers match the vendor's samples", () => {
  const samples = loadPowerVCSamples();
  const [createRequest] = withKey(samples, "vm-snapshot");
  const restoreRequests = withKey(samples, "vm-restore");
  const [listSample] = withKey(samples, "instance_snapshots");
  const showSample = samples.find((sample) => sample.value === undefined);
  const [createSample, updateSample] = withKey(samples, "instance_snapshot");
  const taskUriSamples = withKey(samples, "task_uri");
  const [progressSample] = withKey(samples, "details");
  const [copySample] = withKey(samples, "copy_details");
  const listItem = () => (listSample?.value as { instance_snapshots: unknown[] }).instance_snapshots[0];
  const f = usePowerVCSimulator();

  it("reads the page's samples: Python literals, a list closed by a brace, and the broken show sample", () => {
    expect(samples).to.have.length(16);
    expect(pythonToJson(`{'a': True, 'b': "None", 'c': [None, False]}`)).to.equal(
      `{"a": true, "b": "None", "c": [null, false]}`,
    );
    expect(repairBrackets(`{"a": [{"b": 1}, {"c": "}]"}}`)).to.equal(`{"a": [{"b": 1}, {"c": "}]"}]}`);
    expect(restoreRequests.map((sample) => sample.value)).to.deep.equal([
      { "vm-restore": { instance_snapshot_id: "44fbf6f8-988d-4510-85a7-1393d990d188", force: "True" } },
      { "vm-restore": { instance_snapshot_id: "uuid", retry: true, force: true } },
      { "vm-restore": { instance_snapshot_id: "uuid", rollback: true, force: true } },
    ]);
    expect((copySample?.value as { copy_details: unknown[] }).copy_details).to.have.length(2);
    expect(updateSample?.value).to.deep.equal({
      instance_snapshot: { id: "a1c1d141-a593-42d8-b954-b16183483f14" },
    });
    expect(taskUriSamples).to.have.length(4);
    expect(showSample && objectAfter(showSample, '"instance_snapshot"')).to.deep.equal(listItem());
  });

  it("creates from the page's request (with this server's volumes) and answers with the sample's keys and URI shape", async () => {
    const request = createRequest?.value as { "vm-snapshot": Record<string, unknown> };
    const body = { "vm-snapshot": { ...request["vm-snapshot"], volumes: [POWERVC_SEED.dbDataVolumeId] } };
    const response = await f.pvc.action<{ instance_snapshot: { id: string; task_uri: string } }>(
      POWERVC_SEED.dbServerId,
      body,
    );
    expect(response.status).to.equal(200);
    expect(shapeDifferences(response.body, createSample?.value)).to.deep.equal([]);
    const sampleUri = (createSample?.value as { instance_snapshot: { task_uri: string } }).instance_snapshot
      .task_uri;
    expect(uriShape(response.body.instance_snapshot.task_uri)).to.equal(uriShape(sampleUri));
  });

  it("lists and shows instance snapshots with the keys, types and timestamp format of the samples", async () => {
    const list = await f.pvc.request<{ instance_snapshots: unknown[] }>(
      "GET",
      `${f.pvc.volume}/instance-snapshots`,
    );
    // `snapshots` is keyed by volume id: data, not shape; its values are snapshot ids
    expect(
      shapeDifferences(list.body, listSample?.value, ["$.instance_snapshots[].snapshots"]),
    ).to.deep.equal([]);
    const shown = await f.pvc.snapshot(POWERVC_SEED.instanceSnapshotId);
    const showItem = showSample && objectAfter(showSample, '"instance_snapshot"');
    expect(shapeDifferences(shown, showItem, ["$.snapshots"])).to.deep.equal([]);
    expect(Object.values(shown.snapshots).map(jsonType)).to.deep.equal(["string", "string"]);
    const sample = listItem() as { created_at: string; task_uri: string };
    const format = (time: string) => time.replace(/\d/g, "0");
    expect(format(shown.created_at)).to.equal(format(sample.created_at));
    expect(format(shown.updated_at)).to.equal(format(sample.created_at));
    expect(uriShape(shown.task_uri)).to.equal(uriShape(sample.task_uri));
  });

  it("takes the page's update, restore, retry and rollback requests and answers with the samples' keys", async () => {
    const url = `${f.pvc.volume}/instance-snapshots/${POWERVC_SEED.instanceSnapshotId}`;
    const updateRequest = withKey(samples, "instance-snapshot")[0]?.value;
    const update = await f.pvc.request("PUT", url, updateRequest);
    expect(update.status).to.equal(200);
    expect(shapeDifferences(update.body, updateSample?.value)).to.deep.equal([]);
    expect((await f.pvc.snapshot(POWERVC_SEED.instanceSnapshotId)).description).to.equal(" PUT request test");
    f.sim.powervc.setBehaviour({
      restoreOutcomes: [{ failure: "restore-error" }, { failure: "restore-error" }],
    });
    const [restore, retry, rollback] = restoreRequests.map((sample) => {
      const action = (sample.value as { "vm-restore": Record<string, unknown> })["vm-restore"];
      return { "vm-restore": { ...action, instance_snapshot_id: POWERVC_SEED.instanceSnapshotId } };
    });
    for (const [index, body] of [restore, retry, rollback].entries()) {
      const response = await f.pvc.action(POWERVC_SEED.appServerId, body);
      expect(response.status, JSON.stringify(body)).to.equal(202);
      expect(shapeDifferences(response.body, taskUriSamples[index + 1]?.value)).to.deep.equal([]);
      f.clock.advance(3_000);
    }
    expect((await f.pvc.snapshot(POWERVC_SEED.instanceSnapshotId)).status).to.equal("available");
    const removed = await f.pvc.request("DELETE", url);
    expect(shapeDifferences(removed.body, taskUriSamples[0]?.value)).to.deep.equal([]);
  });

  it("answers get_progress of a finished snapshot with the sample's keys, flow and task names", async () => {
    const created = await f.pvc.mustSnapshot(POWERVC_SEED.appServerId);
    f.clock.advance(2_000);
    const progress = await f.pvc.progress(created.task_uri);
    expect(progress.status).to.equal(200);
    expect(progress.body).to.deep.equal(progressSample?.value);
  });

  it("answers copy-progress (the page's request) with the sample's mapping keys and types", async () => {
    await f.pvc.mustSnapshot(POWERVC_SEED.appServerId);
    const url = `${f.pvc.volume}/volumes/${POWERVC_SEED.appBootVolumeId}/action`;
    const response = await f.pvc.request("POST", url, withKey(samples, "copy-progress")[0]?.value);
    expect(response.status).to.equal(202);
    expect(shapeDifferences(response.body, copySample?.value)).to.deep.equal([]);
  });
});
