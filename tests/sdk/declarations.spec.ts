// The SDK classes against the field declarations and what the providers return: every argument is a declared
// input and the other way round, every input is readable back as an output, and every output the provider
// computes is declared on the class and in its list of names (and none that it does not). The argument and output
// checks are types: the build fails when they disagree. The computed outputs are checked against a create of
// each, in-process over HTTP against the simulator.
import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../../provider";
import type { BackupInputs } from "../../provider/cinder/backup";
import type { BackupRestoreInputs } from "../../provider/cinder/backup-restore";
import type { InstanceRestoreInputs } from "../../provider/powervc/instance-restore";
import type { InstanceSnapshotInputs } from "../../provider/powervc/instance-snapshot";
import type { RestoreInputs } from "../../provider/trilio/restore-inputs";
import type { SnapshotInputs } from "../../provider/waldur/snapshot-inputs";
import type { SnapshotRetentionInputs } from "../../provider/waldur/snapshot-retention-inputs";
import type { VolumeRestorationInputs } from "../../provider/waldur/volume-restoration";
import { BACKUP_OUTPUTS, type Backup, type BackupArgs } from "../../sdk/cinder/backup";
import {
  BACKUP_RESTORE_OUTPUTS,
  type BackupRestore,
  type BackupRestoreArgs,
} from "../../sdk/cinder/backup-restore";
import {
  INSTANCE_RESTORE_OUTPUTS,
  type InstanceRestore,
  type InstanceRestoreArgs,
} from "../../sdk/powervc/instance-restore";
import {
  INSTANCE_SNAPSHOT_OUTPUTS,
  type InstanceSnapshot,
  type InstanceSnapshotArgs,
} from "../../sdk/powervc/instance-snapshot";
import { RESTORE_OUTPUTS, type Restore, type RestoreArgs } from "../../sdk/trilio/restore";
import { SNAPSHOT_OUTPUTS, type Snapshot, type SnapshotArgs } from "../../sdk/waldur/snapshot";
import {
  SNAPSHOT_RETENTION_OUTPUTS,
  type SnapshotRetention,
  type SnapshotRetentionArgs,
} from "../../sdk/waldur/snapshot-retention";
import {
  VOLUME_RESTORATION_OUTPUTS,
  type VolumeRestoration,
  type VolumeRestorationArgs,
} from "../../sdk/waldur/volume-restoration";
import { startSimulator, WALDUR_SEED, type Simulator } from "../../simulator";
import { makeFixtures, MATRIX_RESOURCES, type FixtureIds } from "../reliability/fault-resources";

/** True when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The arguments a program gives: the declared inputs but the identity, which the class passes. */
type ArgumentsOf<Inputs> = Exclude<keyof Inputs, "__identity">;
/** The names a class must declare as outputs: every argument but the connection, and what the provider computes. */
type MustDeclare<Args, Computed extends readonly string[]> =
  Exclude<keyof Args, "connection"> | Computed[number];
/** The outputs a class declares, but the `urn` and `id` of every resource. */
type OutputsOf<Class> = Exclude<
  { [K in keyof Class]: Class[K] extends pulumi.Output<unknown> ? K : never }[keyof Class],
  keyof pulumi.CustomResource
>;
/**
 * Whether the class declares each of them as an output, and no other: a computed output the class declares but
 * the list of names misses would never be made.
 */
type Declares<Class, Args, Computed extends readonly string[]> = Same<
  OutputsOf<Class>,
  MustDeclare<Args, Computed>
>;

// Each line fails the build when the SDK and the declarations disagree.
const checks: true[] = [
  true as Same<keyof SnapshotArgs, ArgumentsOf<SnapshotInputs>>,
  true as Declares<Snapshot, SnapshotArgs, typeof SNAPSHOT_OUTPUTS>,
  true as Same<keyof VolumeRestorationArgs, ArgumentsOf<VolumeRestorationInputs>>,
  true as Declares<VolumeRestoration, VolumeRestorationArgs, typeof VOLUME_RESTORATION_OUTPUTS>,
  true as Same<keyof BackupArgs, ArgumentsOf<BackupInputs>>,
  true as Declares<Backup, BackupArgs, typeof BACKUP_OUTPUTS>,
  true as Same<keyof BackupRestoreArgs, ArgumentsOf<BackupRestoreInputs>>,
  true as Declares<BackupRestore, BackupRestoreArgs, typeof BACKUP_RESTORE_OUTPUTS>,
  true as Same<keyof InstanceSnapshotArgs, ArgumentsOf<InstanceSnapshotInputs>>,
  true as Declares<InstanceSnapshot, InstanceSnapshotArgs, typeof INSTANCE_SNAPSHOT_OUTPUTS>,
  true as Same<keyof InstanceRestoreArgs, ArgumentsOf<InstanceRestoreInputs>>,
  true as Declares<InstanceRestore, InstanceRestoreArgs, typeof INSTANCE_RESTORE_OUTPUTS>,
  true as Same<keyof RestoreArgs, ArgumentsOf<RestoreInputs>>,
  true as Declares<Restore, RestoreArgs, typeof RESTORE_OUTPUTS>,
  true as Same<keyof SnapshotRetentionArgs, ArgumentsOf<SnapshotRetentionInputs>>,
  true as Declares<SnapshotRetention, SnapshotRetentionArgs, typeof SNAPSHOT_RETENTION_OUTPUTS>,
];

/** The outputs each SDK class declares as computed, by type. */
const COMPUTED: Record<string, readonly string[]> = {
  "trilio.Restore": RESTORE_OUTPUTS,
  "waldur.Snapshot": SNAPSHOT_OUTPUTS,
  "waldur.VolumeRestoration": VOLUME_RESTORATION_OUTPUTS,
  "powervc.InstanceSnapshot": INSTANCE_SNAPSHOT_OUTPUTS,
  "powervc.InstanceRestore": INSTANCE_RESTORE_OUTPUTS,
  "cinder.Backup": BACKUP_OUTPUTS,
  "cinder.BackupRestore": BACKUP_RESTORE_OUTPUTS,
};

const SHORT = 300;

describe("the SDK's declarations", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let fixtures: FixtureIds;
  before(async () => {
    sim = await startSimulator({
      trilio: { restoreDurationMs: SHORT },
      powervc: { snapshotMs: SHORT, restoreMs: SHORT },
      cinder: { backupMs: SHORT, restoreMs: SHORT, volumeCreateMs: 100 },
      waldur: { snapshotCreateMs: SHORT, volumeCreateMs: SHORT },
    });
    fixtures = await makeFixtures(sim, SHORT);
  });
  after(async () => sim.close());

  it("agree with the field declarations (checked by the build)", () => {
    expect(checks.every((check) => check)).to.equal(true);
  });

  for (const resource of MATRIX_RESOURCES) {
    it(`${resource.type}: the class declares exactly the outputs the provider computes`, async () => {
      const { type, name, args } = resource.declare(0, fixtures);
      const project = (args.connection as { projectName?: string } | undefined)?.projectName;
      const connection =
        resource.auth === "waldur"
          ? { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token }
          : sim.connection(project === "powervc" ? "powervc" : "default");
      const inputs = { ...args, __identity: { type, name, project: "p", stack: "dev" }, connection };
      const created = await providerFor(type).create(inputs);
      const computed = Object.keys(created.outs ?? {}).filter((key) => !(key in inputs));
      expect(computed).to.have.members([...COMPUTED[type]]);
    });
  }

  it("waldur.SnapshotRetention: the class declares exactly the outputs the provider computes", async () => {
    const type = "waldur.SnapshotRetention";
    const inputs = {
      __identity: { type, name: "policy", project: "p", stack: "dev" },
      sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
      rule: { keepLast: 5 },
      connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
    };
    const created = await providerFor(type).create(inputs);
    const computed = Object.keys(created.outs ?? {}).filter((key) => !(key in inputs));
    expect(computed).to.have.members([...SNAPSHOT_RETENTION_OUTPUTS]);
  });
});
