// Restores that do not run again by surprise: with `pinSource: true`, a restore whose source (snapshot, backup)
// the program names anew (a lookup found a newer one) keeps what it restored, and only a change of `triggers`
// restores again, from the source named then. Without it, another source replaces, as it always did, and
// preview says how to keep the restore. For each of the four restores: real programs through the engine and the
// real dynamic-provider host, the simulator's request log showing what the server was asked to do.
import { expect } from "chai";
import { CINDER_SEED, POWERVC_SEED, TRILIO_SEED, WALDUR_SEED, type Simulator } from "../../simulator";
import { shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

const POWERVC = { projectName: "powervc", projectDomainName: "Default" };

/** One restore resource as these scenarios drive it. */
interface PinnedCase {
  type: string;
  /** Its source input, and what the preview line calls what it names. */
  source: string;
  noun: string;
  /** The arguments of the program's restore of `source`, with `extra` ones. */
  args(source: string, extra: Record<string, unknown>): Record<string, unknown>;
  /** Two sources to restore, the second one newer (made now where the seed has only one). */
  sources(sim: Simulator): Promise<[string, string]>;
  /** How many restores of `source` the server was asked to start. */
  restoresOf(stack: TestStack, source: string): number;
}

/** The program's restore "drill" of `source`, with `extra` arguments. */
const restoreOf = (
  pinned: PinnedCase,
  source: string,
  extra: Record<string, unknown> = {},
): DeclaredResource => ({
  type: pinned.type,
  name: "drill",
  args: pinned.args(source, extra),
});

const posts = (stack: TestStack, service: string, pathEnd: string) =>
  stack.requestsTo(service, "POST").filter((r) => r.path.endsWith(pathEnd) && r.status < 300).length;

const CASES: PinnedCase[] = [
  {
    type: "trilio.Restore",
    source: "snapshotId",
    noun: "snapshot",
    args: (snapshotId, extra) => ({
      snapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web1InstanceId, name: "web-1-drill" }],
      ...extra,
    }),
    sources: () => Promise.resolve([TRILIO_SEED.webFullSnapshotId, TRILIO_SEED.webSnapshotId]),
    restoresOf: (stack, snapshotId) => posts(stack, "trilio", `/snapshots/${snapshotId}`),
  },
  {
    type: "waldur.VolumeRestoration",
    source: "snapshotUuid",
    noun: "snapshot",
    args: (snapshotUuid, extra) => ({ snapshotUuid, name: "db-data-drill", ...extra }),
    sources: () =>
      Promise.resolve([WALDUR_SEED.scheduleSnapshotUuids[0], WALDUR_SEED.scheduleSnapshotUuids[1]]),
    restoresOf: (stack, uuid) => posts(stack, "waldur", `/openstack-snapshots/${uuid}/restore/`),
  },
  {
    type: "cinder.BackupRestore",
    source: "backupId",
    noun: "backup",
    args: (backupId, extra) => ({ backupId, newVolumeName: "data-drill", ...extra }),
    sources: async (sim) => [await finishedBackup(sim, "older"), await finishedBackup(sim, "newer")],
    restoresOf: (stack, backupId) => posts(stack, "cinder", `/backups/${backupId}/restore`),
  },
  {
    type: "powervc.InstanceRestore",
    source: "instanceSnapshotId",
    noun: "instance snapshot",
    args: (instanceSnapshotId, extra) => ({
      serverId: POWERVC_SEED.appServerId,
      instanceSnapshotId,
      confirmOverwrite: true,
      connection: POWERVC,
      ...extra,
    }),
    sources: async (sim) => [POWERVC_SEED.instanceSnapshotId, await newerInstanceSnapshot(sim)],
    restoresOf: (stack, snapshotId) =>
      stack
        .requestsTo("powervc-compute", "POST")
        .filter((r) => r.status < 300)
        .map(
          (r) =>
            (r.body as { "vm-restore"?: { instance_snapshot_id?: string; retry?: boolean } })["vm-restore"],
        )
        .filter((action) => action?.instance_snapshot_id === snapshotId && !action.retry).length,
  },
];

async function startStack(): Promise<TestStack> {
  const stack = await TestStack.start({ cinder: { backupMs: 200, restoreMs: 300 } });
  stack.sim.waldur.setBehaviour({ volumeCreateMs: 300, deleteMs: 300, orderMs: 300, updateMs: 300 });
  stack.sim.powervc.setBehaviour({ snapshotMs: 300, restoreMs: 400, deleteMs: 300 });
  return stack;
}

/** Requests since the `since`-th that change something on a server (not reads, not Keystone logins). */
function changingSince(stack: TestStack, since: number): string[] {
  return stack.sim.requests
    .slice(since)
    .filter((r) => r.method !== "GET" && r.service !== "keystone")
    .map((r) => `${r.method} ${r.path}`);
}

for (const pinned of CASES) {
  describe(`${pinned.type} with pinSource: true`, function () {
    this.timeout(120_000);
    let stack: TestStack;
    let first: string;
    let newer: string;
    const declare = (source: string, extra: Record<string, unknown> = {}) => [
      restoreOf(pinned, source, { pinSource: true, triggers: { drill: "1" }, ...extra }),
    ];
    const recorded = () => stack.resourcesOf(pinned.type)[0];

    before(async () => {
      stack = await startStack();
      [first, newer] = await pinned.sources(stack.sim);
      const up = await stack.run("up", declare(first));
      expect(up.ok, shown(up)).to.equal(true);
      expect(pinned.restoresOf(stack, first)).to.equal(1);
    });
    after(async () => stack.dispose());

    it("another source named: preview says it is pinned, up changes nothing, the outputs name the one restored", async () => {
      const sent = stack.sim.requests.length;
      const preview = await stack.run("preview", declare(newer));
      expect(preview.ok, shown(preview)).to.equal(true);
      expect(summaryOf(preview, pinned.type)).to.deep.equal({ same: 1 });
      expect(shown(preview)).to.include(
        `pinned: restored ${pinned.noun} ${first}; the program now names ${newer} — change \`triggers\` to restore it`,
      );
      const up = await stack.run("up", declare(newer));
      expect(up.ok, shown(up)).to.equal(true);
      expect(summaryOf(up, pinned.type)).to.deep.equal({ same: 1 });
      expect(changingSince(stack, sent), "requests that change something").to.deep.equal([]);
      expect(recorded().outputs[pinned.source]).to.equal(first);
      expect(recorded().inputs[pinned.source], "the state records what was restored").to.equal(first);
    });

    it("refresh keeps the source restored, and the next preview is still pinned", async () => {
      const refresh = await stack.run("refresh", declare(newer));
      expect(refresh.ok, shown(refresh)).to.equal(true);
      expect(recorded().outputs[pinned.source]).to.equal(first);
      const preview = await stack.run("preview", declare(newer));
      expect(summaryOf(preview, pinned.type)).to.deep.equal({ same: 1 });
      expect(pinned.restoresOf(stack, newer)).to.equal(0);
    });

    it("a change of triggers replaces: one restore of the source the program names now", async () => {
      const preview = await stack.run("preview", declare(newer, { triggers: { drill: "2" } }));
      expect(summaryOf(preview, pinned.type)).to.deep.equal({ replace: 1 });
      const up = await stack.run("up", declare(newer, { triggers: { drill: "2" } }));
      expect(up.ok, shown(up)).to.equal(true);
      expect(summaryOf(up, pinned.type)).to.deep.equal({ replace: 1 });
      expect(pinned.restoresOf(stack, newer)).to.equal(1);
      expect(pinned.restoresOf(stack, first)).to.equal(1);
      expect(recorded().outputs[pinned.source]).to.equal(newer);
      const refresh = await stack.run("refresh", declare(newer, { triggers: { drill: "2" } }));
      expect(refresh.ok, shown(refresh)).to.equal(true);
      expect(recorded().outputs[pinned.source]).to.equal(newer);
      const again = await stack.run("preview", declare(newer, { triggers: { drill: "2" } }));
      expect(summaryOf(again, pinned.type)).to.deep.equal({ same: 1 });
    });

    it("turning pinSource off or on alone changes the record only: nothing restores", async () => {
      const sent = stack.sim.requests.length;
      for (const pinSource of [false, true]) {
        const up = await stack.run("up", declare(newer, { triggers: { drill: "2" }, pinSource }));
        expect(up.ok, shown(up)).to.equal(true);
        expect(summaryOf(up, pinned.type)).to.deep.equal({ update: 1 });
        expect(recorded().outputs.pinSource).to.equal(pinSource);
      }
      expect(changingSince(stack, sent), "requests that change something").to.deep.equal([]);
      expect(pinned.restoresOf(stack, newer)).to.equal(1);
    });
  });

  describe(`${pinned.type} without pinSource`, function () {
    this.timeout(120_000);
    let stack: TestStack;
    beforeEach(async () => (stack = await startStack()));
    afterEach(async () => stack.dispose());

    it("another source replaces: it is restored, and preview says pinSource keeps a restore instead", async () => {
      const [first, newer] = await pinned.sources(stack.sim);
      const up = await stack.run("up", [restoreOf(pinned, first)]);
      expect(up.ok, shown(up)).to.equal(true);
      const preview = await stack.run("preview", [restoreOf(pinned, newer)]);
      expect(summaryOf(preview, pinned.type)).to.deep.equal({ replace: 1 });
      expect(shown(preview)).to.include(
        `will restore again: the program names ${pinned.noun} ${newer}, not ${first} which this resource ` +
          "restored; set `pinSource: true` to keep this restore when the id comes from a lookup",
      );
      const again = await stack.run("up", [restoreOf(pinned, newer)]);
      expect(again.ok, shown(again)).to.equal(true);
      expect(summaryOf(again, pinned.type)).to.deep.equal({ replace: 1 });
      expect(pinned.restoresOf(stack, newer)).to.equal(1);
      expect(stack.resourcesOf(pinned.type)[0].outputs[pinned.source]).to.equal(newer);
    });

    it("pinSource turned on in the run whose lookup names a newer source keeps the restore: nothing restores", async () => {
      const [first, newer] = await pinned.sources(stack.sim);
      const up = await stack.run("up", [restoreOf(pinned, first)]);
      expect(up.ok, shown(up)).to.equal(true);
      const sent = stack.sim.requests.length;
      const pinning = await stack.run("up", [restoreOf(pinned, newer, { pinSource: true })]);
      expect(pinning.ok, shown(pinning)).to.equal(true);
      expect(summaryOf(pinning, pinned.type)).to.deep.equal({ update: 1 });
      expect(shown(pinning)).to.include(`pinned: restored ${pinned.noun} ${first}`);
      expect(changingSince(stack, sent), "requests that change something").to.deep.equal([]);
      expect(pinned.restoresOf(stack, newer)).to.equal(0);
      expect(stack.resourcesOf(pinned.type)[0].outputs[pinned.source]).to.equal(first);
    });
  });
}

/** A finished Cinder backup of the seeded data volume, named `name`. */
async function finishedBackup(sim: Simulator, name: string): Promise<string> {
  const backup = sim.cinder.backUp(CINDER_SEED.dataVolumeId, { name });
  await until(() => sim.cinder.getBackup(backup.id).status === "available", `backup ${name}`);
  return backup.id;
}

/** A second available instance snapshot of the seeded app server, newer than the seeded one. */
async function newerInstanceSnapshot(sim: Simulator): Promise<string> {
  const { snapshot } = sim.powervc.createInstanceSnapshot(POWERVC_SEED.appServerId, {
    name: "newer",
    description: "a newer snapshot",
  });
  await until(() => sim.powervc.getInstanceSnapshot(snapshot.id).status === "available", "instance snapshot");
  return snapshot.id;
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > 10_000) throw new Error(`${what} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
