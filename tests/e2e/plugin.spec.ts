// The provider plugin's resources end to end: real Pulumi programs whose resources carry the plugin's type tokens
// (tests/projects/plugin-resources), run by the engine on the plugin executable, as the CLI runs a package's
// plugin, against the simulator over HTTP. One resource per system goes through preview, up, an update in place, a
// replace, refresh after a change made outside Pulumi, and destroy, with the outcomes of the dynamic-provider suites
// (cinder, waldur, powervc, trilio-restore); then customTimeouts and a lookup invoked from the program.
import { expect } from "chai";
import { stepsOf, type RunResult, type Step, type StepOp } from "../../engine";
import { POWERVC_SEED, WALDUR_SEED } from "../../simulator";
import {
  PLUGIN_PROGRAM,
  pluginType,
  shown,
  summaryOf,
  TestStack,
  webDrillRestore,
  type DeclaredResource,
  type StackOptions,
} from "./stack";

/** One resource's lifecycle on one system: what the program declares at each stage, and what the system holds. */
interface Lifecycle {
  type: string;
  options: StackOptions;
  /** Makes what the resource needs in the simulator (a second volume, short operations). */
  setUp?(stack: TestStack): void;
  /** The resource as first declared, and the outputs it then has. */
  created(stack: TestStack): DeclaredResource;
  createdOutputs: Record<string, unknown>;
  /** A change the provider makes in place, and the plugin's detailed diff of it. */
  updated(stack: TestStack): DeclaredResource;
  updateDiff: Record<string, string>;
  /** A change that replaces the resource, the property that forces it, and the plugin's detailed diff of it. */
  replaced(stack: TestStack): DeclaredResource;
  replaceKey: string;
  replaceDiff: Record<string, string>;
  /** A change made outside Pulumi to the object `id`, the outputs refresh records, and what `up` then does. */
  drift(stack: TestStack, id: string): void;
  drifted: Record<string, unknown>;
  afterDrift: StepOp;
  /** True while the system holds the object `id`. */
  exists(stack: TestStack, id: string): boolean;
}

const CINDER: Lifecycle = {
  type: "cinder.Backup",
  options: { cinder: { backupMs: 300, deleteMs: 200, volumeCreateMs: 0 } },
  setUp: (stack) => {
    for (const name of ["plugin-a", "plugin-b"]) stack.sim.cinder.addVolume({ size: 1, name });
  },
  created: (stack) => backup(stack, "plugin-a", "nightly"),
  createdOutputs: { status: "available", isIncremental: false, name: "nightly" },
  updated: (stack) => backup(stack, "plugin-a", "renamed"),
  updateDiff: { name: "UPDATE" },
  replaced: (stack) => backup(stack, "plugin-b", "renamed"),
  replaceKey: "volumeId",
  replaceDiff: { volumeId: "UPDATE_REPLACE" },
  drift: (stack, id) => stack.sim.cinder.updateBackup(id, { name: "renamed-in-cinder" }),
  drifted: { name: "renamed-in-cinder" },
  afterDrift: "update",
  exists: (stack, id) => stack.sim.cinder.listBackups().some((b) => b.id === id),
};

function backup(stack: TestStack, volume: string, name: string): DeclaredResource {
  const volumeId = stack.sim.cinder.listVolumes().find((v) => v.name === volume)!.id;
  return { type: "cinder.Backup", name: "db", args: { volumeId, name } };
}

const WALDUR: Lifecycle = {
  type: "waldur.Snapshot",
  options: {},
  setUp: (stack) =>
    stack.sim.waldur.setBehaviour({ snapshotCreateMs: 300, updateMs: 200, deleteMs: 200, orderMs: 200 }),
  created: () => snapshot(WALDUR_SEED.dbDataVolumeUuid, 7),
  createdOutputs: { state: "OK", sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid },
  updated: () => snapshot(WALDUR_SEED.dbDataVolumeUuid, 45),
  updateDiff: { retention: "UPDATE" },
  replaced: () => snapshot(WALDUR_SEED.scratchVolumeUuid, 45),
  replaceKey: "volumeUuid",
  replaceDiff: { volumeUuid: "UPDATE_REPLACE" },
  drift: (stack, id) => stack.sim.waldur.setKeptUntil(id, "2099-01-01T00:00:00Z"),
  drifted: { effectiveKeptUntil: "2099-01-01T00:00:00Z" },
  afterDrift: "update",
  exists: (stack, id) => stack.sim.waldur.state.snapshots.some((s) => s.uuid === id),
};

function snapshot(volumeUuid: string, days: number): DeclaredResource {
  return {
    type: "waldur.Snapshot",
    name: "nightly",
    args: { volumeUuid, name: "nightly", retention: { days } },
  };
}

const POWERVC: Lifecycle = {
  type: "powervc.InstanceSnapshot",
  options: {},
  setUp: (stack) => stack.sim.powervc.setBehaviour({ snapshotMs: 300, deleteMs: 200 }),
  created: () => instanceSnapshot("before upgrade"),
  createdOutputs: { status: "available", instanceId: POWERVC_SEED.appServerId },
  updated: () => instanceSnapshot("renamed"),
  updateDiff: { description: "UPDATE" },
  replaced: () => instanceSnapshot("renamed", [POWERVC_SEED.appDataVolumeId]),
  replaceKey: "volumeIds",
  // All volumes when none are named: naming some adds the property.
  replaceDiff: { volumeIds: "ADD_REPLACE" },
  drift: (stack, id) => stack.sim.powervc.updateInstanceSnapshot(id, { name: "renamed-in-powervc" }),
  drifted: { powervcName: "renamed-in-powervc" },
  // The program names no snapshot: the name PowerVC shows is not one Pulumi manages, so up leaves it.
  afterDrift: "same",
  exists: (stack, id) => stack.sim.powervc.listInstanceSnapshots().some((s) => s.id === id),
};

function instanceSnapshot(description: string, volumeIds?: string[]): DeclaredResource {
  // PowerVC is its own Keystone project; the rest of the login comes from OS_* and the plugin's config.
  const connection = { projectName: "powervc", projectDomainName: "Default" };
  return {
    type: "powervc.InstanceSnapshot",
    name: "app-snapshot",
    args: {
      serverId: POWERVC_SEED.appServerId,
      description,
      connection,
      ...(volumeIds ? { volumeIds } : {}),
    },
  };
}

const TRILIO: Lifecycle = {
  type: "trilio.Restore",
  options: { trilio: { restoreDurationMs: 300 } },
  created: () => webDrillRestore("web-restore", { description: "drill" }),
  createdOutputs: { status: "available" },
  updated: () => webDrillRestore("web-restore", { description: "drill", name: "renamed" }),
  // TrilioVault cannot rename a restore; the name is recorded as given (the first one had none).
  updateDiff: { name: "ADD" },
  replaced: () =>
    webDrillRestore("web-restore", { description: "drill", name: "renamed", triggers: { drill: "2" } }),
  replaceKey: "triggers",
  replaceDiff: { triggers: "ADD_REPLACE" },
  // Housekeeping deletes old restore records: the restore stays run, only its record is gone.
  drift: (stack, id) => stack.sim.trilio.forgetRestore(id),
  drifted: { recordDeleted: true, status: "available" },
  afterDrift: "same",
  exists: (stack, id) => stack.sim.trilio.state.restores.some((r) => r.id === id),
};

/** The steps a run took on resources of `type` with operation `op`. */
function stepsFor(result: RunResult, type: string, op: StepOp): Step[] {
  return stepsOf(result, op).filter((step) => step.type === pluginType(type));
}

/**
 * A stack of the plugin program whose credentials are the plugin's own stack config, secrets as secrets: the
 * environment has no password and no Waldur token, so every call the plugin makes shows that `Configure` got them.
 */
class PluginStack {
  private constructor(readonly stack: TestStack) {}

  static async start(options: StackOptions = {}): Promise<PluginStack> {
    const env = { OS_PASSWORD: "", WALDUR_TOKEN: "", ...options.env };
    return new PluginStack(await TestStack.start({ ...options, program: PLUGIN_PROGRAM, env }));
  }

  run(
    operation: "preview" | "up" | "refresh" | "destroy",
    resources: DeclaredResource[],
    lookups: { name: string; token: string; args: Record<string, unknown> }[] = [],
    exports: string[] = [],
  ): Promise<RunResult> {
    return this.stack.run(operation, resources, {
      lookups: JSON.stringify(lookups),
      exports: JSON.stringify(exports),
      "openstack-dataprotection:password": { secret: this.stack.sim.credentials.password },
      "openstack-dataprotection:waldurToken": { secret: this.stack.sim.waldur.token },
    });
  }

  /** What a run did to resources of `type`, as counts per operation. */
  summary(result: RunResult, type: string): Record<string, number> {
    return summaryOf(result, type, pluginType);
  }

  dispose(): Promise<void> {
    return this.stack.dispose();
  }
}

describe("provider plugin resources end to end (the engine on the plugin executable)", function () {
  this.timeout(120_000);

  for (const system of [CINDER, WALDUR, POWERVC, TRILIO]) describeLifecycle(system);

  it("preview shows the kept_until a waldur.Snapshot's retention sets, and its uuid as unknown", async () => {
    const plugin = await PluginStack.start();
    try {
      const exports = ["nightly.effectiveKeptUntil", "nightly.uuid"];
      const previewedAt = Date.now();
      const preview = await plugin.run("preview", [snapshot(WALDUR_SEED.scratchVolumeUuid, 7)], [], exports);
      expect(preview.ok, shown(preview)).to.equal(true);
      const previewed = preview.outputs.exported as Record<string, unknown>;
      expect(previewed["nightly.uuid"]).to.equal("[unknown]");
      const up = await plugin.run("up", [snapshot(WALDUR_SEED.scratchVolumeUuid, 7)], [], exports);
      expect(up.ok, shown(up)).to.equal(true);
      const made = (up.outputs.exported as Record<string, unknown>)["nightly.effectiveKeptUntil"] as string;
      // Preview counts the 7 days from its clock, the create from the snapshot's creation a moment later.
      expect(Date.parse(previewed["nightly.effectiveKeptUntil"] as string)).to.be.within(
        Math.floor(previewedAt / 1000) * 1000 + 7 * 86_400_000,
        Date.parse(made),
      );
    } finally {
      await plugin.run("destroy", []).catch(() => undefined);
      await plugin.dispose();
    }
  });

  describe("customTimeouts and lookups", () => {
    let plugin: PluginStack;
    before(async () => {
      plugin = await PluginStack.start({ cinder: { backupMs: 300, deleteMs: 200, volumeCreateMs: 0 } });
      CINDER.setUp!(plugin.stack);
    });
    after(async () => {
      await plugin.run("destroy", []).catch(() => undefined);
      await plugin.dispose();
    });

    it("a create stopped by customTimeouts fails naming it, keeps the backup in the state, and the next up finishes it", async () => {
      const declared = CINDER.created(plugin.stack);
      plugin.stack.sim.cinder.setBehaviour({ backupMs: 3_600_000 });
      const timedOut = await plugin.run("up", [
        { ...declared, options: { customTimeouts: { create: "2s" } } },
      ]);
      expect(timedOut.ok).to.equal(false);
      expect(shown(timedOut)).to.match(/still creating at the deadline \(customTimeouts\.create\)/);
      const [kept] = plugin.stack.resourcesOf("cinder.Backup");
      expect(kept.initErrors).to.have.length.above(0);
      // The up gave up while the hour-long backup was still being made, and the state keeps it.
      const remote = plugin.stack.sim.cinder.listBackups().find((backup) => backup.id === kept.id);
      expect(remote?.status).to.equal("creating");

      plugin.stack.sim.cinder.setBehaviour({ backupMs: 300 });
      plugin.stack.sim.cinder.endBackupNow(kept.id);
      const finished = await plugin.run("up", [declared]);
      expect(finished.ok, shown(finished)).to.equal(true);
      expect(plugin.summary(finished, "cinder.Backup")).to.deep.equal({ update: 1 });
      const [backup] = plugin.stack.resourcesOf("cinder.Backup");
      expect(backup.id).to.equal(kept.id);
      expect(backup.outputs).to.include({ status: "available" });
      expect(backup.initErrors).to.equal(undefined);
    });

    it("a lookup invoked from the program runs on the plugin: getBackups lists the stack's backup", async () => {
      const declared = CINDER.created(plugin.stack);
      const result = await plugin.run(
        "up",
        [declared],
        [{ name: "backups", token: "openstack-dataprotection:cinder:getBackups", args: {} }],
      );
      expect(result.ok, shown(result)).to.equal(true);
      const [backup] = plugin.stack.resourcesOf("cinder.Backup");
      const found = (result.outputs.lookups as { backups: { items: { id: string }[] } }).backups;
      expect(found.items.map((item) => item.id)).to.include(backup.id);
    });

    it("a lookup the plugin refuses fails the program with the plugin's reason", async () => {
      const result = await plugin.run(
        "preview",
        [],
        [{ name: "one", token: "openstack-dataprotection:cinder:getBackup", args: {} }],
      );
      expect(result.ok).to.equal(false);
      expect(shown(result)).to.match(/Error looking up cinder\.getBackup: invalid arguments: id:/);
    });
  });
});

function describeLifecycle(system: Lifecycle): void {
  describe(`${system.type}: preview, up, update, replace, refresh, destroy`, () => {
    let plugin: PluginStack;
    let stack: TestStack;
    let id: string;
    const recorded = () => stack.resourcesOf(system.type);
    before(async () => {
      plugin = await PluginStack.start(system.options);
      stack = plugin.stack;
      system.setUp?.(stack);
    });
    after(async () => {
      await plugin.run("destroy", []).catch(() => undefined);
      await plugin.dispose();
    });

    it("preview plans a create on the plugin and changes nothing", async () => {
      const result = await plugin.run("preview", [system.created(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ create: 1 });
      const changes = stack.sim.requests.filter((r) => r.method !== "GET" && r.service !== "keystone");
      expect(changes.map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
    });

    it("up creates it, with the credentials from the plugin's secret config, kept out of the state", async () => {
      const result = await plugin.run("up", [system.created(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ create: 1 });
      const [resource] = recorded();
      expect(resource.outputs).to.include(system.createdOutputs);
      id = resource.id;
      expect(system.exists(stack, id)).to.equal(true);
      expect(stack.stateText()).to.not.contain(stack.sim.credentials.password);
      expect(stack.stateText()).to.not.contain(stack.sim.waldur.token);
    });

    it("a second up changes nothing", async () => {
      const result = await plugin.run("up", [system.created(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ same: 1 });
    });

    it("a change made in place is an update, and the step has the plugin's detailed diff", async () => {
      const preview = await plugin.run("preview", [system.updated(stack)]);
      expect(plugin.summary(preview, system.type)).to.deep.equal({ update: 1 });
      const result = await plugin.run("up", [system.updated(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ update: 1 });
      const [step] = stepsFor(result, system.type, "update");
      expect(step.detailedDiff?.replaces).to.deep.equal([]);
      expect(step.detailedDiff?.properties).to.deep.equal(system.updateDiff);
      expect(recorded()[0].id).to.equal(id);
    });

    it(`a change of ${system.replaceKey} replaces: a new object, the old one deleted, the step saying why`, async () => {
      const preview = await plugin.run("preview", [system.replaced(stack)]);
      expect(plugin.summary(preview, system.type)).to.deep.equal({ replace: 1 });
      const result = await plugin.run("up", [system.replaced(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ replace: 1 });
      const [step] = stepsFor(result, system.type, "replace");
      expect(step.detailedDiff?.replaces).to.deep.equal([system.replaceKey]);
      expect(step.detailedDiff?.properties).to.deep.equal(system.replaceDiff);
      const [replacement] = recorded();
      expect(replacement.id).to.not.equal(id);
      expect(system.exists(stack, id), "the old object is deleted").to.equal(false);
      id = replacement.id;
    });

    it("refresh records a change made outside Pulumi", async () => {
      system.drift(stack, id);
      const result = await plugin.run("refresh", [system.replaced(stack)]);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ "refresh-update": 1 });
      expect(recorded()[0].outputs).to.include(system.drifted);
      const up = await plugin.run("up", [system.replaced(stack)]);
      expect(up.ok, shown(up)).to.equal(true);
      expect(plugin.summary(up, system.type)).to.deep.equal({ [system.afterDrift]: 1 });
      expect(recorded()[0].id).to.equal(id);
    });

    it("destroy deletes it", async () => {
      const result = await plugin.run("destroy", []);
      expect(result.ok, shown(result)).to.equal(true);
      expect(plugin.summary(result, system.type)).to.deep.equal({ delete: 1 });
      expect(recorded()).to.deep.equal([]);
      expect(system.exists(stack, id)).to.equal(false);
    });
  });
}
