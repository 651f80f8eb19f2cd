// A lookup's Output form in a real program, through the engine and the dynamic-provider host: the program finds
// the newest available Cinder backup of a volume (or TrilioVault snapshot of a workload) and restores it, with the
// password only in stack config (`dataprotection:password`), which the lookup reads in the program's process as the
// providers read it in the host.
import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { shown, TestStack, type DeclaredResource } from "./stack";

describe("lookups in a program (engine, against the simulator)", function () {
  this.timeout(120_000);
  let stack: TestStack;

  beforeEach(async () => {
    stack = await TestStack.start({ cinder: { backupMs: 50, restoreMs: 50 }, env: { OS_PASSWORD: "" } });
  });
  afterEach(async () => stack.dispose());

  /** A finished backup of `volumeId`; Cinder's `created_at` counts seconds, so backups are a second apart. */
  async function backUp(volumeId: string): Promise<string> {
    const { id } = stack.sim.cinder.backUp(volumeId);
    await sleep(1100);
    stack.sim.cinder.settle();
    return id;
  }

  const config = () => ({ "dataprotection:password": { secret: stack.sim.credentials.password } });
  const newestAvailable = (volumeId: string) => [
    {
      name: "latest",
      lookup: "cinder.getBackupsOutput",
      args: { volumeId, status: "available", mostRecent: true },
    },
  ];
  const restoreOfLatest: DeclaredResource = {
    type: "cinder.BackupRestore",
    name: "restore",
    args: { backupId: { $ref: "latest.id" }, newVolumeName: "restored" },
  };

  it("restores the newest available backup the lookup finds (not a newer failed one)", async () => {
    const volume = stack.sim.cinder.addVolume();
    await backUp(volume.id);
    const newest = await backUp(volume.id);
    stack.sim.cinder.setBehaviour({ backupOutcomes: [{ status: "error" }] });
    await backUp(volume.id);

    const result = await stack.run("up", [restoreOfLatest], {
      ...config(),
      lookups: JSON.stringify(newestAvailable(volume.id)),
    });
    expect(result.ok, shown(result)).to.equal(true);
    expect((result.outputs.lookups as { latest: { id: string } }).latest).to.include({ id: newest });
    expect(stack.resourcesOf("cinder.BackupRestore")[0].outputs).to.include({ backupId: newest });
  });

  it("a trilio.Restore restores the workload's newest available snapshot (not a newer failed one)", async () => {
    const { workloadId, instanceIds, snapshotIds } = stack.sim.trilio.addWorkload({
      name: "app",
      snapshots: [{}, {}, { status: "error" }],
    });
    const restore: DeclaredResource = {
      type: "trilio.Restore",
      name: "drill",
      args: {
        snapshotId: { $ref: "latest.id" },
        restoreType: "selective",
        instances: [{ id: instanceIds[0], name: "app-1-drill" }],
      },
    };
    const lookups = [{ name: "latest", lookup: "trilio.getLatestSnapshotOutput", args: { workloadId } }];

    const result = await stack.run("up", [restore], { ...config(), lookups: JSON.stringify(lookups) });
    expect(result.ok, shown(result)).to.equal(true);
    expect((result.outputs.lookups as { latest: object }).latest).to.include({
      id: snapshotIds[1],
      status: "available",
      workloadId,
    });
    expect(stack.resourcesOf("trilio.Restore")[0].outputs).to.include({ snapshotId: snapshotIds[1] });
    expect(stack.sim.trilio.listRestores(snapshotIds[1])).to.have.length(1);
  });

  it("a lookup that finds nothing fails the preview, naming what it looked for, and the run ends", async () => {
    const volume = stack.sim.cinder.addVolume();
    const result = await stack.run("preview", [restoreOfLatest], {
      ...config(),
      lookups: JSON.stringify(newestAvailable(volume.id)),
    });
    expect(result.ok).to.equal(false);
    expect(shown(result)).to.contain(
      `Error looking up cinder.getBackups: no Cinder backup of volume ${volume.id} with status available`,
    );
    expect(stack.sim.requests.filter((r) => r.method !== "GET" && r.service !== "keystone")).to.deep.equal(
      [],
    );
  });
});
