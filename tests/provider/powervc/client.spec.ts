// PowerVC specifics against the simulator, in-process: endpoint roots, task URIs, FlashCopy mappings.
import { expect } from "chai";
import {
  requireOpenStackConnection,
  type OpenStackConnectionInput,
} from "../../../provider/openstack/connection";
import { withVersionRoot } from "../../../provider/openstack/service-client";
import { PowerVCClient, taskQuery } from "../../../provider/powervc/client";
import { getFlashCopyMappings } from "../../../sdk/powervc";
import { POWERVC_SEED, startSimulator, type Simulator } from "../../../simulator";

describe("PowerVC client", () => {
  let sim: Simulator;
  beforeEach(async () => (sim = await startSimulator({ powervc: { snapshotMs: 60_000 } })));
  afterEach(async () => sim.close());

  const connection = () => sim.connection("powervc") as OpenStackConnectionInput;

  it("reports FlashCopy mappings through the SDK, typed, while a snapshot of the volume is copying, and none otherwise", async () => {
    expect(
      await getFlashCopyMappings({ volumeId: POWERVC_SEED.appDataVolumeId, connection: connection() }),
    ).to.deep.equal([]);
    const client = new PowerVCClient(requireOpenStackConnection(connection()));
    await client.createInstanceSnapshot(POWERVC_SEED.appServerId, { name: "copying", description: "" });
    const mappings = await getFlashCopyMappings({
      volumeId: POWERVC_SEED.appDataVolumeId,
      connection: connection(),
    });
    expect(mappings).to.have.length(1);
    expect(mappings[0]).to.include({ status: "copying", restoring: false, incremental: false });
    expect(mappings[0].progress).to.be.a("number").within(0, 100);
  });

  it("reads a task's progress from the configured endpoint, whatever host its task_uri names", async () => {
    const client = new PowerVCClient(requireOpenStackConnection(connection()));
    const started = await client.createInstanceSnapshot(POWERVC_SEED.appServerId, {
      name: "t",
      description: "",
    });
    expect(started.task_uri).to.match(/^https:\/\/powervc\.invalid:9000\//);
    const details = await client.taskProgress(started.task_uri);
    expect(details.progress).to.be.a("number");
    expect(Object.keys(details.flow_details ?? {})).to.deep.equal(["InstSnapshotFlow"]);
  });
});

describe("task URIs and endpoint roots", () => {
  it("keeps only the task's action, id and snapshot id from a task URI", () => {
    expect(
      taskQuery(
        "https://elsewhere:9000/v3/p/instance-snapshots/get_progress?action=restore&task_id=t1&id=s1&x=evil",
      ),
    ).to.equal("action=restore&task_id=t1&id=s1");
    expect(() => taskQuery("https://elsewhere/get_progress?action=restore")).to.throw(/without task_id/);
  });

  it("accepts catalogs with or without the version and project in the endpoint", () => {
    const token = { projectId: "p1" };
    expect(withVersionRoot("https://h:8774/v2.1/p0", "v2.1", token)).to.equal("https://h:8774/v2.1/p0");
    expect(withVersionRoot("https://h:8774/v2.1/", "v2.1", token)).to.equal("https://h:8774/v2.1/p1");
    expect(withVersionRoot("https://h:8774", "v2.1", token)).to.equal("https://h:8774/v2.1/p1");
    expect(withVersionRoot("https://h:9000/v3/p0", "v3", token)).to.equal("https://h:9000/v3/p0");
    expect(() => withVersionRoot("https://h:9000", "v3", {})).to.throw(/scope it to a project/);
  });
});
