// PowerVC resources' preview-time checks in a stack of many, over real HTTP against the simulator: after a few
// individual reads, the server and instance snapshot lists answer the checks, and never refuse on their own.
import { expect } from "chai";
import { BULK_LOOKUP_POLICY } from "../../../provider/core/bulk-lookup";
import { instanceRestoreProvider } from "../../../provider/powervc/instance-restore";
import { instanceSnapshotProvider } from "../../../provider/powervc/instance-snapshot";
import { startSimulator, type Simulator } from "../../../simulator";

const { individually } = BULK_LOOKUP_POLICY;

describe("PowerVC checks in a stack of many resources (against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let suffix = 0;

  // A simulator per test: its own address, so its own connection and its own lists in this process.
  beforeEach(async () => {
    sim = await startSimulator({ powervc: { snapshotMs: 10 } });
  });
  afterEach(async () => sim.close());

  const identity = (type: string) => ({ type, name: `r-${++suffix}`, project: "test", stack: "dev" });
  const gets = (pattern: RegExp) =>
    sim.requests.filter((r) => r.service.startsWith("powervc") && r.method === "GET" && pattern.test(r.path))
      .length;
  const checkSnapshot = (serverId: string, extra: Record<string, unknown> = {}) =>
    instanceSnapshotProvider.check!(
      {},
      {
        __identity: identity("powervc.InstanceSnapshot"),
        serverId,
        connection: sim.connection("powervc"),
        ...extra,
      },
    );
  const checkRestore = (serverId: string, instanceSnapshotId: string) =>
    instanceRestoreProvider.check!(
      {},
      {
        __identity: identity("powervc.InstanceRestore"),
        serverId,
        instanceSnapshotId,
        confirmOverwrite: true,
        connection: sim.connection("powervc"),
      },
    );

  it("powervc.InstanceSnapshot: reads each server for the first few checks, then the server list once", async () => {
    const servers = Array.from({ length: 8 }, (_, i) => sim.powervc.addServer(`s-${i}`));
    for (const server of servers) expect((await checkSnapshot(server.id)).failures).to.deep.equal([]);
    expect(gets(/\/servers\/detail$/)).to.equal(1);
    expect(gets(/\/servers\/[^/]+$/) - gets(/\/servers\/detail$/)).to.equal(individually);

    const [first] = servers;
    const foreign = await checkSnapshot(first.id, { volumeIds: [servers[1].volumeIds[0]] });
    expect(foreign.failures?.[0].property).to.equal("volumeIds[0]");
    expect(gets(new RegExp(`/servers/${first.id}$`)), "listed without it, so read again").to.equal(2);
  });

  it("powervc.InstanceRestore: answers from the snapshot list, and reads a mismatched one again", async () => {
    const servers = Array.from({ length: individually + 1 }, (_, i) => sim.powervc.addServer(`s-${i}`));
    const snapshots = servers.map(
      (server) =>
        sim.powervc.createInstanceSnapshot(server.id, { name: server.name, description: "" }).snapshot,
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // the snapshots finish
    for (const [i, snapshot] of snapshots.entries()) {
      expect((await checkRestore(servers[i].id, snapshot.id)).failures).to.deep.equal([]);
    }
    expect(gets(/\/instance-snapshots$/)).to.equal(1);

    const wrongServer = await checkRestore(servers[1].id, snapshots[0].id);
    expect(wrongServer.failures?.[0].reason).to.match(/is of server .*, not serverId/);
    expect(gets(new RegExp(`/instance-snapshots/${snapshots[0].id}$`)), "read on its own twice").to.equal(2);
  });
});
