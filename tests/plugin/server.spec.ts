// The provider plugin as the Pulumi CLI runs it: the executable started with the engine's address, its port read
// from its first line, driven over gRPC as the engine drives it (the engine's own client, engine/host.ts), against
// the simulator on the wall clock.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { HostHandle, type ProviderError, type ResourceRef } from "../../engine/host";
import { isSecret, makeSecret, UNKNOWN, type WireMap } from "../../engine/wire";
import { fieldsByType } from "../../provider";
import { diffTableOf } from "../../provider/core/fields";
import {
  requireOpenStackConnection,
  type OpenStackConnectionInput,
} from "../../provider/openstack/connection";
import { tokenOf } from "../../provider/plugin/tokens";
import { PowerVCClient } from "../../provider/powervc/client";
import { startSimulator, type Simulator } from "../../simulator";
import { CINDER_SEED, POWERVC_SEED, TRILIO_SEED, WALDUR_SEED } from "../../simulator";

/** The repository root (from `dist/tests/plugin`). */
const ROOT = path.resolve(__dirname, "../../..");
const EXECUTABLE = path.join(ROOT, "bin/pulumi-resource-openstack-dataprotection");
const PACKAGE = "openstack-dataprotection";

/** Every variable that could give the plugin a connection other than the one a test hands it. */
const NO_AMBIENT_CONNECTION = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => name.startsWith("OS_") || name.startsWith("WALDUR_"))
    .map((name) => [name, ""]),
);

describe("provider plugin over gRPC (the executable, against the simulator)", function () {
  this.timeout(120_000);
  let sim: Simulator;
  let plugin: HostHandle;
  let output: string[];
  let suffix = 0;
  let backups: string[] = [];

  before(async () => {
    sim = await startSimulator({
      cinder: { backupMs: 300, deleteMs: 200, volumeCreateMs: 0 },
      powervc: { snapshotMs: 300, deleteMs: 200, restoreMs: 300 },
      trilio: { restoreDurationMs: 300 },
      waldur: { snapshotCreateMs: 300, updateMs: 200, deleteMs: 200 },
    });
    ({ plugin, output } = await startPlugin());
    // Two backups to restore, available at once.
    sim.cinder.setBehaviour({ backupMs: 0 });
    backups = [
      sim.cinder.backUp(CINDER_SEED.dataVolumeId).id,
      sim.cinder.backUp(CINDER_SEED.dataVolumeId).id,
    ];
    sim.cinder.setBehaviour({ backupMs: 300 });
  });
  after(async () => {
    await plugin?.close();
    await sim?.close();
  });

  async function startPlugin(): Promise<{ plugin: HostHandle; output: string[] }> {
    const lines: string[] = [];
    const handle = await HostHandle.start({
      projectDir: ROOT,
      project: "test",
      stack: "dev",
      executable: EXECUTABLE,
      env: NO_AMBIENT_CONNECTION,
      onOutput: (line) => lines.push(line),
    });
    return { plugin: handle, output: lines };
  }

  /** A new resource of `type` (`cinder.Backup`) as the engine names it. */
  function resource(type: string): ResourceRef {
    const name = `plugin-${++suffix}`;
    const token = tokenOf(type);
    return { urn: `urn:pulumi:dev::test::${token}::${name}`, name, type: token };
  }

  function connectionOf(type: string): WireMap {
    if (type.startsWith("waldur.")) return { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token };
    return sim.connection(type.startsWith("powervc.") ? "powervc" : "default");
  }

  /**
   * Every resource type: its inputs, an update of them, a replace input with another value, and the inputs an
   * import reads back from the object.
   */
  const systems: {
    type: string;
    inputs: () => WireMap;
    update: WireMap;
    replace: () => WireMap;
    imported: string[];
    /** Why unchanged inputs may still differ: the diff also reads the server (a policy over objects). */
    diffReadsServer?: string;
  }[] = [
    {
      type: "cinder.Backup",
      inputs: () => ({ volumeId: CINDER_SEED.dataVolumeId }),
      update: { description: "nightly" },
      replace: () => ({ volumeId: sim.cinder.addVolume({ size: 1 }).id }),
      imported: ["volumeId"],
    },
    {
      type: "waldur.Snapshot",
      inputs: () => ({ volumeUuid: WALDUR_SEED.scratchVolumeUuid }),
      update: { description: "before the upgrade" },
      replace: () => ({ volumeUuid: WALDUR_SEED.dbDataVolumeUuid }),
      imported: [],
    },
    {
      type: "powervc.InstanceSnapshot",
      inputs: () => ({ serverId: POWERVC_SEED.dbServerId }),
      update: { description: "before the patch" },
      replace: () => ({ serverId: POWERVC_SEED.appServerId }),
      imported: ["serverId"],
    },
    {
      type: "trilio.Restore",
      inputs: () => ({
        snapshotId: TRILIO_SEED.webSnapshotId,
        restoreType: "selective",
        instances: [{ id: TRILIO_SEED.web1InstanceId, name: `web-1-copy-${suffix}` }],
      }),
      update: { description: "drill" },
      replace: () => ({ restoreType: "oneclick" }),
      imported: ["snapshotId", "restoreType", "instances"],
    },
    {
      type: "cinder.BackupRestore",
      inputs: () => ({ backupId: backups[0], newVolumeName: "restored-drill" }),
      update: { pinSource: true },
      replace: () => ({ backupId: backups[1] }),
      imported: [],
    },
    {
      type: "powervc.InstanceRestore",
      inputs: () => ({
        serverId: POWERVC_SEED.appServerId,
        instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
        confirmOverwrite: true,
      }),
      update: { maxRetries: 2 },
      replace: () => ({ serverId: POWERVC_SEED.dbServerId }),
      imported: [],
    },
    {
      type: "waldur.VolumeRestoration",
      inputs: () => ({ snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[1], name: "restored-drill" }),
      update: { description: "drill" },
      replace: () => ({ snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[2] }),
      imported: ["snapshotUuid", "name"],
    },
    {
      type: "waldur.SnapshotRetention",
      inputs: () => ({
        sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
        namePrefix: "db-data-schedule-",
        rule: { keepLast: 5 },
      }),
      update: { graceDays: 3 },
      replace: () => ({ namePrefix: "db-data-" }),
      imported: [],
      diffReadsServer: "the policy's diff counts the snapshots whose kept_until its rule would change",
    },
  ];

  /** The types that can take over an existing object: those with an adopt input. */
  const importable = systems.filter((system) =>
    Object.values(fieldsByType[system.type]).some((field) => field.adopts),
  );

  it("answers its version and its schema", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await plugin.getPluginInfo()).to.equal(pkg.version);
    const schema = await plugin.getSchema();
    expect(schema.name).to.equal(PACKAGE);
    const generated = path.join(ROOT, "provider/plugin/schema.json");
    if (fs.existsSync(generated))
      expect(schema).to.deep.equal(JSON.parse(fs.readFileSync(generated, "utf8")));
    else expect(schema.version).to.equal(pkg.version);
  });

  it("takes its configuration, secrets included, as the stack config resources fall back to", async () => {
    const { password, ...settings } = sim.connection();
    const configured = await plugin.configure({ ...settings, password: makeSecret(password) }, PACKAGE);
    expect(configured).to.include({ acceptSecrets: true, supportsPreview: true });
    // No connection input and no OS_* variable: only the provider configuration can reach Cinder.
    const ref = resource("cinder.Backup");
    const checked = await plugin.check(ref, {}, { volumeId: CINDER_SEED.dataVolumeId });
    expect(checked.failures).to.deep.equal([]);
    const created = await plugin.create(ref, checked.inputs);
    expect(created.properties.status).to.equal("available");
    await plugin.delete(ref, created.id, created.properties, checked.inputs);
    expect(output.join("\n")).not.to.include(password);
  });

  it("keeps a secret input secret in the checked inputs and the outputs", async () => {
    const ref = resource("cinder.Backup");
    const volumeId = sim.cinder.addVolume({ size: 1 }).id;
    const description = makeSecret("restore drill for ticket 4711");
    const checked = await plugin.check(
      ref,
      {},
      { volumeId, description, connection: connectionOf("cinder.Backup") },
    );
    expect(isSecret(checked.inputs.description)).to.equal(true);
    const created = await plugin.create(ref, checked.inputs);
    expect(isSecret(created.properties.description)).to.equal(true);
    expect(isSecret(created.properties.volumeId)).to.equal(false);
    await plugin.delete(ref, created.id, created.properties, checked.inputs);
  });

  it("fails Check on bad input, naming the property, without sending a request", async () => {
    const before = sim.requests.length;
    const checked = await plugin.check(
      resource("cinder.Backup"),
      {},
      {
        volumeId: "not-a-volume",
        timeouts: { create: "soon" },
        connection: connectionOf("cinder.Backup"),
      },
    );
    expect(checked.failures.map((failure) => failure.property).sort()).to.deep.equal([
      "timeouts.create",
      "volumeId",
    ]);
    expect(sim.requests.length).to.equal(before);
  });

  for (const system of systems) {
    it(`${system.type}: Check names each bad input and sends no request`, async () => {
      const before = sim.requests.length;
      const checked = await plugin.check(
        resource(system.type),
        {},
        {
          ...system.inputs(),
          timeouts: { create: "soon" },
          colour: "blue",
          connection: connectionOf(system.type),
        },
      );
      expect(checked.failures.map((failure) => failure.property).sort()).to.deep.equal([
        "colour",
        "timeouts.create",
      ]);
      expect(sim.requests.length).to.equal(before);
    });

    it(`${system.type}: Diff's detailed diff says what the field table says`, async () => {
      const ref = resource(system.type);
      const olds = { ...system.inputs(), connection: connectionOf(system.type) };
      const news = { ...olds, ...system.replace(), ...system.update };
      const diff = await plugin.diff(ref, "some-id", olds, news, olds);
      const table = diffTableOf(fieldsByType[system.type]) as Record<string, string>;
      const [replaced] = Object.keys(system.replace());
      const [updated] = Object.keys(system.update);
      expect(table[replaced]).to.equal("replace");
      expect(table[updated]).to.equal("update");
      expect(diff).to.deep.include({
        changes: "some",
        replaces: [replaced],
        detailedDiff: { [replaced]: "UPDATE_REPLACE", [updated]: "ADD" },
      });
      if (system.diffReadsServer) return;
      const unchanged = await plugin.diff(ref, "some-id", olds, olds, olds);
      expect(unchanged).to.deep.include({ changes: "none", replaces: [], detailedDiff: {} });
    });

    it(`${system.type}: preview, Create, Read, Update and Delete`, async () => {
      const ref = resource(system.type);
      const checked = await plugin.check(
        ref,
        {},
        {
          ...system.inputs(),
          connection: makeSecret(connectionOf(system.type)),
        },
      );
      expect(checked.failures).to.deep.equal([]);
      expect(isSecret(checked.inputs.connection)).to.equal(true);

      const before = changingRequests();
      const preview = await plugin.create(ref, checked.inputs, true);
      expect(changingRequests()).to.equal(before);
      expect(preview.id).to.equal("");

      const created = await plugin.create(ref, checked.inputs);
      expect(created.id).to.be.a("string").and.not.equal("");
      expect(isSecret(created.properties.connection)).to.equal(true);
      // What preview showed is what the create made: its marker at least, where it has one.
      const knownAtCreate = knownOutputs(preview.properties, checked.inputs);
      if ("marker" in created.properties) expect(knownAtCreate).to.have.property("marker");
      // Every output the create made was in the preview, known or named unknown.
      expect(preview.properties).to.include.all.keys(Object.keys(created.properties));
      expect(created.properties).to.deep.include(knownAtCreate);
      expect(created.properties).not.to.have.property("__identity");

      const read = await plugin.read(ref, created.id, created.properties, checked.inputs);
      expect(read.id).to.equal(created.id);
      expect(read.inputs).to.deep.include(stripVolatile(system.type));

      const news = { ...checked.inputs, ...system.update };
      const requestsBeforePreview = changingRequests();
      const previewed = await plugin.update(ref, created.id, created.properties, news, checked.inputs, true);
      expect(changingRequests()).to.equal(requestsBeforePreview);
      expect(previewed.properties).to.include(system.update);
      const updated = await plugin.update(ref, created.id, created.properties, news, checked.inputs);
      expect(updated.properties).to.include(system.update);
      // An in-place update keeps what the server made of the object (its marker, where it has one), and preview says so.
      const knownAtUpdate = knownOutputs(previewed.properties, news);
      if ("marker" in updated.properties) expect(knownAtUpdate).to.have.property("marker");
      expect(updated.properties).to.deep.include(knownAtUpdate);

      await plugin.delete(ref, created.id, updated.properties, news);
    });
  }

  it("waldur.Snapshot: preview shows the kept_until a retention in days sets, and names the rest unknown", async () => {
    const ref = resource("waldur.Snapshot");
    const volumeUuid = WALDUR_SEED.scratchVolumeUuid;
    const inputs = { volumeUuid, retention: { days: 7 }, connection: connectionOf("waldur.Snapshot") };
    const checked = await plugin.check(ref, {}, inputs);
    expect(checked.failures).to.deep.equal([]);

    const before = sim.requests.length;
    const previewedAt = Date.now();
    const preview = (await plugin.create(ref, checked.inputs, true)).properties;
    expect(sim.requests.length).to.equal(before);
    expect(preview).to.include({
      sourceVolumeUuid: volumeUuid,
      uuid: UNKNOWN,
      state: UNKNOWN,
      created: UNKNOWN,
    });
    expect(preview.sizeMib).to.equal(UNKNOWN);

    const created = await plugin.create(ref, checked.inputs);
    const made = created.properties;
    // Create counts the days from the snapshot's creation, a moment after preview counted them from its clock.
    expect(made.effectiveKeptUntil).to.equal(afterDays(made.created as string, 7));
    expect(Date.parse(preview.effectiveKeptUntil as string)).to.be.within(
      Date.parse(afterDays(new Date(previewedAt - 1000).toISOString(), 7)),
      Date.parse(made.effectiveKeptUntil as string),
    );
    expect(preview.marker).to.equal(made.marker);

    const news = { ...checked.inputs, retention: { days: 30 } };
    const requestsBeforePreview = sim.requests.length;
    const previewed = await plugin.update(ref, created.id, made, news, checked.inputs, true);
    expect(sim.requests.length).to.equal(requestsBeforePreview);
    expect(previewed.properties).to.include({
      effectiveKeptUntil: afterDays(made.created as string, 30),
      uuid: created.id,
      created: made.created,
      sizeMib: made.sizeMib,
      state: UNKNOWN,
    });
    const updated = await plugin.update(ref, created.id, made, news, checked.inputs);
    expect(updated.properties.effectiveKeptUntil).to.equal(previewed.properties.effectiveKeptUntil);

    // Retention removed: the update sets kept_until to null, and preview says so.
    const { retention: _removed, ...withoutRetention } = news;
    const removal = await plugin.update(ref, created.id, updated.properties, withoutRetention, news, true);
    expect(removal.properties.effectiveKeptUntil).to.equal(null);
    await plugin.delete(ref, created.id, updated.properties, news);
  });

  /** `start` (an ISO date-time) plus `days`, in Waldur's form (UTC, whole seconds). */
  function afterDays(start: string, days: number): string {
    const ms = Math.floor(Date.parse(start) / 1000) * 1000 + days * 86_400_000;
    return new Date(ms).toISOString().replace(".000Z", "Z");
  }

  /** The outputs a preview answered as known, beside the inputs (which it echoes). */
  function knownOutputs(previewed: WireMap, inputs: WireMap): WireMap {
    return Object.fromEntries(
      Object.entries(previewed).filter(([key, value]) => !(key in inputs) && value !== UNKNOWN),
    );
  }

  it("waldur.SnapshotRetention: preview shows the counts the up then makes, reading the snapshots only", async () => {
    const volume = sim.waldur.addVolume({ name: `retained-${suffix}` });
    const day = 86_400_000;
    for (let age = 1; age <= 5; age++) {
      sim.waldur.addSnapshot({
        sourceVolume: volume.uuid,
        name: `daily-${age}`,
        createdAt: Date.now() - age * day,
        keptUntil: new Date(Date.now() + 60 * day).toISOString(),
      });
    }
    const ref = resource("waldur.SnapshotRetention");
    const inputs = {
      sourceVolumeUuid: volume.uuid,
      rule: { keepLast: 2 },
      connection: connectionOf("waldur.SnapshotRetention"),
    };
    const checked = await plugin.check(ref, {}, inputs);
    expect(checked.failures).to.deep.equal([]);
    const before = sim.requests.length;
    const preview = (await plugin.create(ref, checked.inputs, true)).properties;
    expect(sim.requests.slice(before).filter((request) => request.method !== "GET")).to.deep.equal([]);
    expect(preview).to.include({ snapshotCount: 5, keptCount: 2, leavingCount: 3 });
    const created = await plugin.create(ref, checked.inputs);
    expect(created.properties).to.deep.include(knownOutputs(preview, checked.inputs));
  });

  /** How many requests asked a service to change something (a preview may read: a policy lists its snapshots). */
  function changingRequests(): number {
    return sim.requests.filter((request) => request.method !== "GET" && request.service !== "keystone")
      .length;
  }

  /** The inputs of `type` a read must give back (a restore's instance names carry the suffix of its test). */
  function stripVolatile(type: string): WireMap {
    const system = systems.find((candidate) => candidate.type === type)!;
    const { instances: _instances, ...rest } = system.inputs() as WireMap;
    return rest;
  }

  /** The plugin configuration a stack that manages `type` without `connection` inputs would give. */
  function configOf(type: string): WireMap {
    if (!type.startsWith("waldur.")) return connectionOf(type);
    return { waldurApiUrl: sim.waldur.apiUrl, waldurToken: makeSecret(sim.waldur.token) };
  }

  for (const system of importable) {
    it(`${system.type}: imports an existing object from its id alone, reading what defines it`, async () => {
      // An object made outside this stack (here by another resource, which the stack then forgets).
      const declared = { ...system.inputs(), connection: makeSecret(connectionOf(system.type)) };
      const checkedMade = await plugin.check(resource(system.type), {}, declared);
      const existing = await plugin.create(resource(system.type), checkedMade.inputs);
      // What an import reads back: the inputs every program of the type declares (an adopted Waldur snapshot needs
      // no volumeUuid), as they were declared.
      const defining = Object.fromEntries(system.imported.map((name) => [name, checkedMade.inputs[name]]));
      // `pulumi import` as the CLI runs it: a Read with the id alone, on a provider with the stack's configuration.
      const { plugin: importer } = await startPlugin();
      try {
        await importer.configure(configOf(system.type), PACKAGE);
        const ref = resource(system.type);
        const read = await importer.read(ref, existing.id, {}, {});
        expect(read.id).to.equal(existing.id);
        const adoptInput = Object.entries(fieldsByType[system.type]).find(([, field]) => field.adopts)![0];
        expect(read.inputs).to.deep.equal({ [adoptInput]: existing.id, ...defining });
        // What the CLI does next: Check the inputs read (the program it writes), then Diff them against the object.
        const checked = await importer.check(ref, {}, read.inputs!);
        expect(checked.failures).to.deep.equal([]);
        const diff = await importer.diff(ref, existing.id, read.properties, checked.inputs, checked.inputs);
        expect(diff.changes).to.equal("none");
      } finally {
        await importer.close();
      }
      await plugin.delete(resource(system.type), existing.id, existing.properties, checkedMade.inputs);
    });
  }

  it("refuses to import a resource that cannot take over an existing object, saying why", async () => {
    const read = plugin.read(resource("cinder.BackupRestore"), "some-id", {}, {});
    const error = (await read.catch((e: unknown) => e)) as ProviderError;
    expect(error.message).to.match(/cinder\.BackupRestore resources cannot be imported: it cannot take over/);
  });

  async function createBackup(ref: ResourceRef, timeoutSeconds = 0, on: HostHandle = plugin) {
    const volumeId = sim.cinder.addVolume({ size: 1 }).id;
    const inputs = { volumeId, connection: makeSecret(connectionOf("cinder.Backup")) };
    return on.create(ref, inputs, false, timeoutSeconds);
  }

  it("stops a create at the engine's timeout (customTimeouts), keeping the backup it started", async () => {
    sim.cinder.setBehaviour({ backupMs: 60_000 });
    try {
      const error = (await createBackup(resource("cinder.Backup"), 2).catch(
        (e: unknown) => e,
      )) as ProviderError;
      expect(error.message).to.match(/still creating at the deadline \(customTimeouts\.create\)/);
      expect(error.initFailure?.id).to.be.a("string");
      // It gave up while the backup was still being made (a minute long), and kept track of it.
      const kept = sim.cinder.listBackups().find((backup) => backup.id === error.initFailure?.id);
      expect(kept?.status).to.equal("creating");
    } finally {
      sim.cinder.setBehaviour({ backupMs: 300 });
    }
  });

  it("stops a delete at the engine's timeout (customTimeouts), naming it", async () => {
    const ref = resource("cinder.Backup");
    const backup = await createBackup(ref);
    sim.cinder.setBehaviour({ deleteMs: 60_000 });
    try {
      const deleting = plugin.delete(ref, backup.id, backup.properties, {}, 1);
      const error = (await deleting.catch((e: unknown) => e)) as ProviderError;
      expect(error.message).to.match(/when the deadline passed \(customTimeouts\.delete\)/);
    } finally {
      sim.cinder.setBehaviour({ deleteMs: 200 });
    }
  });

  it("answers each lookup through Invoke, a list as { items }", async () => {
    const cinder = connectionOf("cinder.Backup");
    const waldur = connectionOf("waldur.Snapshot");
    const backup = await createBackup(resource("cinder.Backup"));
    const volumeId = backup.properties.volumeId;
    const backups = await plugin.invoke(tokenOf("cinder.getBackups"), { volumeId, connection: cinder });
    expect((backups.items as WireMap[]).map((found) => found.id)).to.deep.equal([backup.id]);
    const one = await plugin.invoke(tokenOf("cinder.getBackup"), { id: backup.id, connection: cinder });
    expect(one).to.include({ id: backup.id, status: "available", volumeId });
    const sourceVolumeUuid = WALDUR_SEED.dbDataVolumeUuid;
    const snapshots = await plugin.invoke(tokenOf("waldur.getSnapshots"), {
      sourceVolumeUuid,
      connection: waldur,
    });
    const uuids = (snapshots.items as WireMap[]).map((found) => found.uuid);
    expect(uuids).to.include.members([...WALDUR_SEED.scheduleSnapshotUuids]);
    const schedules = await plugin.invoke(tokenOf("waldur.getSnapshotSchedules"), {
      sourceVolumeUuid,
      connection: waldur,
    });
    expect((schedules.items as WireMap[]).map((found) => found.uuid)).to.deep.equal([
      WALDUR_SEED.dbDataScheduleUuid,
    ]);
    const openstack = connectionOf("trilio.Restore");
    const workloadId = TRILIO_SEED.webWorkloadId;
    const trilioSnapshots = await plugin.invoke(tokenOf("trilio.getSnapshots"), {
      workloadId,
      connection: openstack,
    });
    const trilioIds = (trilioSnapshots.items as WireMap[]).map((found) => found.id);
    expect(trilioIds).to.include.members([TRILIO_SEED.webFullSnapshotId, TRILIO_SEED.webSnapshotId]);
    const latest = await plugin.invoke(tokenOf("trilio.getLatestSnapshot"), {
      workloadId,
      connection: openstack,
    });
    const newestAvailable = (trilioSnapshots.items as WireMap[]).find(
      (found) => found.status === "available",
    );
    expect(latest).to.include({ id: newestAvailable?.id, status: "available" });
    const instanceSnapshots = await plugin.invoke(tokenOf("powervc.getInstanceSnapshots"), {
      serverId: POWERVC_SEED.appServerId,
      connection: connectionOf("powervc.InstanceSnapshot"),
    });
    const instanceSnapshotIds = (instanceSnapshots.items as WireMap[]).map((found) => found.id);
    expect(instanceSnapshotIds).to.include(POWERVC_SEED.instanceSnapshotId);
  });

  it("answers powervc.getFlashCopyMappings through Invoke: a volume's mappings while a snapshot copies it", async () => {
    const connection = connectionOf("powervc.InstanceSnapshot");
    const volumeId = POWERVC_SEED.appDataVolumeId;
    const token = tokenOf("powervc.getFlashCopyMappings");
    expect(await plugin.invoke(token, { volumeId, connection })).to.deep.equal({ items: [] });
    sim.powervc.setBehaviour({ snapshotMs: 60_000 });
    try {
      const client = new PowerVCClient(requireOpenStackConnection(connection as OpenStackConnectionInput));
      await client.createInstanceSnapshot(POWERVC_SEED.appServerId, { name: "copying", description: "" });
      const { items } = await plugin.invoke(token, { volumeId, connection });
      expect(items).to.have.length(1);
      const [mapping] = items as WireMap[];
      expect(mapping).to.include({ status: "copying", restoring: false, incremental: false });
      expect(mapping.progress).to.be.a("number").within(0, 100);
    } finally {
      sim.powervc.setBehaviour({ snapshotMs: 300 });
    }
  });

  it("names a lookup's bad argument, and a function it does not have", async () => {
    const connection = connectionOf("cinder.Backup");
    const bad = plugin.invoke(tokenOf("cinder.getBackups"), { volumeId: 42, connection });
    expect(((await bad.catch((e: unknown) => e)) as ProviderError).message).to.match(
      /Error looking up cinder\.getBackups: invalid arguments: volumeId/,
    );
    const unknown = plugin.invoke(tokenOf("cinder.getVolumes"), {});
    expect(((await unknown.catch((e: unknown) => e)) as ProviderError).message).to.match(
      /no function "openstack-dataprotection:cinder:getVolumes" \(it has: .*\bcinder\.getBackup\b.*\)/,
    );
  });

  it("Cancel stops a create's wait at once, keeping the backup it started", async () => {
    const { plugin: cancelled } = await startPlugin();
    sim.cinder.setBehaviour({ backupMs: 120_000 });
    try {
      const posts = () =>
        sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/backups")).length;
      const postsBefore = posts();
      const creating = createBackup(resource("cinder.Backup"), 0, cancelled).catch((e: unknown) => e);
      await waitUntil(() => posts() > postsBefore);
      // Let the create reach its wait (the POST's answer, then the first sleep).
      await new Promise((resolve) => setTimeout(resolve, 500));
      await cancelled.cancel();
      const error = (await creating) as ProviderError;
      expect(error.message).to.match(/cancelled/);
      // The wait ended on Cancel, not with the two-minute backup, and the backup started is kept track of.
      const kept = sim.cinder.listBackups().find((backup) => backup.id === error.initFailure?.id);
      expect(kept?.status).to.equal("creating");
    } finally {
      sim.cinder.setBehaviour({ backupMs: 300 });
      await cancelled.close();
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
