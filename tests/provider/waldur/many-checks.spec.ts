// Waldur resources' preview-time checks in a stack of many, over real HTTP against the simulator: after a few
// individual reads, the first page of the volume or snapshot list answers the checks, and never refuses on its own.
import { expect } from "chai";
import { BULK_LOOKUP_POLICY } from "../../../provider/core/bulk-lookup";
import { snapshotProvider } from "../../../provider/waldur/snapshot";
import { volumeRestorationProvider } from "../../../provider/waldur/volume-restoration";
import { startSimulator, WALDUR_SEED, type Simulator } from "../../../simulator";

const { individually } = BULK_LOOKUP_POLICY;

describe("Waldur checks in a stack of many resources (against the simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  let suffix = 0;

  // A simulator per test: its own address, so its own connection and its own lists in this process.
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => sim.close());

  const connection = () => ({ apiUrl: sim.waldur.apiUrl, token: sim.waldur.token });
  const identity = (type: string) => ({ type, name: `r-${++suffix}`, project: "test", stack: "dev" });
  const gets = (pattern: RegExp) =>
    sim.requests.filter((r) => r.service === "waldur" && r.method === "GET" && pattern.test(r.path)).length;
  const newSnapshot = () =>
    sim.waldur.addSnapshot({ sourceVolume: WALDUR_SEED.scratchVolumeUuid, name: `s-${++suffix}` }).uuid;
  const checkRestoration = (snapshotUuid: string) =>
    volumeRestorationProvider.check!(
      {},
      {
        __identity: identity("waldur.VolumeRestoration"),
        snapshotUuid,
        name: "copy",
        connection: connection(),
      },
    );

  it("waldur.Snapshot: reads each volume for the first few checks, then one page of the volume list", async () => {
    const volumes = Array.from({ length: 8 }, (_, i) => sim.waldur.addVolume({ name: `v-${i}` }).uuid);
    for (const volumeUuid of volumes) {
      const result = await snapshotProvider.check!(
        {},
        { __identity: identity("waldur.Snapshot"), volumeUuid, connection: connection() },
      );
      expect(result.failures).to.deep.equal([]);
    }
    expect(gets(/\/openstack-volumes\/[^/]+\/$/)).to.equal(individually);
    expect(gets(/\/openstack-volumes\/$/)).to.equal(1);
  });

  it("waldur.VolumeRestoration: a snapshot being updated passes preview: the restore waits for it", async () => {
    const updating = newSnapshot();
    sim.waldur.makeBusy(updating, 300);
    expect((await checkRestoration(updating)).failures).to.deep.equal([]);
  });

  it("waldur.VolumeRestoration: a snapshot listed busy is read again, and passes once it is OK", async () => {
    const busy = newSnapshot();
    sim.waldur.makeBusy(busy, 300, "CREATING"); // still being made: a restore of it is refused
    for (let i = 0; i < individually; i++) {
      expect((await checkRestoration(newSnapshot())).failures).to.deep.equal([]);
    }
    expect((await checkRestoration(busy)).failures?.[0].reason).to.match(/is CREATING; Waldur restores only/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await checkRestoration(busy)).failures, "the list, still fresh, shows it busy").to.deep.equal([]);
    expect(gets(/\/openstack-snapshots\/$/)).to.equal(1);
    expect(gets(new RegExp(`/openstack-snapshots/${busy}/$`)), "read on its own each time").to.equal(2);
  });
});
