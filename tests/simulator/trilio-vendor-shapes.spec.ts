import { expect } from "chai";
import { ManualClock, type Simulator, startSimulator, TRILIO_SEED } from "../../simulator";
import { login, ONE_CLICK, SELECTIVE_WEB_1, TrilioClient } from "./helpers";
import { jsonType, loadVendorSamples, shapeDifferences, type VendorSample } from "./vendor-samples";

/** Paths whose content is not a fixed shape: the echoed request options and instance metadata dicts. */
const SKIP = ["$.restore_options", "$.instances[].metadata"];

function restoreOf(sample: VendorSample | undefined): unknown {
  return (sample?.body as { restore: unknown }).restore;
}

describe("simulator: Trilio answers match the vendor's samples", () => {
  const samples = loadVendorSamples();
  const accepted = samples.filter((sample) => sample.status === 202);
  const withRestores = samples.filter(
    (sample) => jsonType((sample.body as { restores?: unknown })?.restores) === "array",
  );
  const [listSample] = withRestores;
  const detailSample = samples.find(
    (sample) =>
      sample.status === 200 && jsonType((sample.body as { restore?: unknown })?.restore) === "object",
  );
  const emptySamples = samples.filter((sample) => sample.status === 200 && sample.body === undefined);
  let clock: ManualClock;
  let sim: Simulator;
  let trilio: TrilioClient;

  before(async () => {
    clock = new ManualClock();
    sim = await startSimulator({ clock, trilio: { restoreDurationMs: 1_000 } });
    trilio = new TrilioClient(sim, await login(sim));
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("finds the samples on the vendor page", () => {
    expect(accepted).to.have.length(3);
    expect(withRestores).to.have.length(1);
    expect(detailSample).to.not.equal(undefined);
    expect(emptySamples).to.have.length(2);
  });

  it("compares shapes: reports missing and extra keys and changed types, skipping given paths", () => {
    const sample = { a: 1, b: null, c: [{ d: "x" }], e: { f: true } };
    expect(shapeDifferences({ a: 2, b: null, c: [{ d: "y" }], e: { f: false } }, sample)).to.deep.equal([]);
    expect(shapeDifferences({ a: "1", c: [{ d: 1 }], e: { f: true, g: 0 } }, sample)).to.deep.equal([
      "$.b: missing",
      "$.a: string where the sample has number",
      "$.c[].d: number where the sample has string (#0)",
      "$.e.g: not in the sample",
    ]);
    expect(shapeDifferences({ a: 1, b: null, c: [], e: 5 }, sample, ["$.e"])).to.deep.equal([]);
  });

  it("answers a restore start (202) with the fields and types of every 202 sample", async () => {
    for (const options of [ONE_CLICK, SELECTIVE_WEB_1]) {
      sim.reset();
      const response = await trilio.startRestore(TRILIO_SEED.webSnapshotId, options);
      expect(response.status).to.equal(202);
      for (const sample of accepted) {
        expect(shapeDifferences(response.body.restore, restoreOf(sample), SKIP)).to.deep.equal([]);
      }
      expect(response.headers.get("x-compute-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    }
  });

  it("lists finished restores with the fields and types of the list sample (success and error)", async () => {
    const [successSample, errorSample] = (listSample?.body as { restores: unknown[] }).restores;
    sim.trilio.setBehaviour({
      outcomes: ["available", { status: "error", message: "Failed restoring snapshot" }],
    });
    for (const expected of [successSample, errorSample]) {
      const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
      clock.advance(1_000);
      const list = await trilio.get<{ restores: { id: string }[] }>(`/restores/detail`);
      const listed = list.body.restores.find((restore) => restore.id === started.id);
      expect(shapeDifferences(listed, expected, SKIP)).to.deep.equal([]);
    }
  });

  it("shows a restore with the fields and types of the get sample, snapshot_details and instances included", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    clock.advance(1_000);
    const response = await trilio.get<{ restore: unknown }>(`/restores/${started.id}`);
    expect(shapeDifferences(response.body.restore, restoreOf(detailSample), SKIP)).to.deep.equal([]);
  });

  it("reproduces the field quirks: updated_at = created_at, 32-hex ids, wlm_backend links, naive timestamps", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    const restore = started as unknown as Record<string, unknown> & { links: { href: string }[] };
    expect(restore.updated_at).to.equal(restore.created_at);
    expect(restore.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(restore.user_id).to.match(/^[0-9a-f]{32}$/);
    expect(restore.project_id).to.match(/^[0-9a-f]{32}$/);
    expect(restore.links.map((link) => link.href)).to.deep.equal([
      `http://wlm_backend/v1/${sim.credentials.projectId}/restores/${started.id}`,
      `http://wlm_backend/${sim.credentials.projectId}/restores/${started.id}`,
    ]);
  });

  it("answers cancel and delete with 200 and an empty JSON body, as the samples", async () => {
    const started = await trilio.mustStartRestore(TRILIO_SEED.webSnapshotId);
    const cancel = await trilio.get(`/restores/${started.id}/cancel`);
    clock.advance(1_000);
    const remove = await trilio.request("DELETE", `/restores/${started.id}`);
    for (const [response, sample] of [cancel, remove].map((r, i) => [r, emptySamples[i]] as const)) {
      expect(response.status).to.equal(sample?.status);
      expect(response.text).to.equal("");
      expect(response.headers.get("content-type")).to.equal(sample?.headers["content-type"]);
      expect(response.headers.get("content-length")).to.equal(sample?.headers["content-length"]);
    }
  });
});
