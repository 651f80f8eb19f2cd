/**
 * The lifecycles of the secrets suite: every resource type created, updated, refreshed, failed and destroyed
 * with known credentials passed one way (a {@link CredentialMode}), each run's readable output collected as
 * {@link Evidence} for the scan.
 */
import { expect } from "chai";
import { CINDER_SEED, KEYSTONE_SEED, POWERVC_SEED, TRILIO_SEED, WALDUR_SEED } from "../../simulator";
import { shown, TestStack, type DeclaredResource, type StackOptions } from "../e2e/stack";
import { type ConfigValue, type RunResult, SECRET_SIG, SIG_KEY } from "../../engine";
import { type Evidence, PLACES, recordingProcessOutput } from "./secrets-scan";

/** The credentials users pass, as the simulator's seed knows them. */
export const KNOWN = {
  password: KEYSTONE_SEED.user.password,
  applicationCredentialId: KEYSTONE_SEED.applicationCredential.id,
  applicationCredentialSecret: KEYSTONE_SEED.applicationCredential.secret,
  waldurToken: WALDUR_SEED.token,
  waldurUsername: WALDUR_SEED.username,
  waldurPassword: WALDUR_SEED.password,
} as const;

/** The secrets among {@link KNOWN}, by label: what must never be readable. */
export const KNOWN_SECRETS: ReadonlyMap<string, string> = new Map([
  ["OpenStack password", KNOWN.password],
  ["application credential secret", KNOWN.applicationCredentialSecret],
  ["Waldur token", KNOWN.waldurToken],
  ["Waldur password", KNOWN.waldurPassword],
]);

/** Which `connection` a resource takes: an OpenStack one on the default project, PowerVC's project, Waldur's. */
export type ConnectionKind = "openstack" | "powervc" | "waldur";

/** One way of passing the credentials. */
export interface CredentialMode {
  name: string;
  /** Environment of the program and the host, over the simulator's openrc and Waldur variables. */
  env: Record<string, string>;
  /** Stack config. */
  config: Record<string, ConfigValue>;
  /** The `connection` input of each kind of resource. */
  connection: Record<ConnectionKind, Record<string, unknown>>;
}

/** Environment values that hide the openrc's password and Waldur token, when credentials travel otherwise. */
const NO_ENV_CREDENTIALS = { OS_PASSWORD: "", WALDUR_TOKEN: "" };
const POWERVC_PROJECT = { projectName: KEYSTONE_SEED.powervcProject.name, projectDomainName: "Default" };
/** Trilio and Cinder log in with the application credential (it is scoped to their project), PowerVC with a password. */
const BY_APPLICATION_CREDENTIAL = { applicationCredentialId: KNOWN.applicationCredentialId };

/** Every way the suite passes credentials, by a short name. */
export const MODES = {
  secretConfig: {
    name: "secret stack config, put in the connection input by the program",
    env: NO_ENV_CREDENTIALS,
    config: {
      password: { secret: KNOWN.password },
      applicationCredentialSecret: { secret: KNOWN.applicationCredentialSecret },
      waldurToken: { secret: KNOWN.waldurToken },
    },
    connection: { openstack: BY_APPLICATION_CREDENTIAL, powervc: POWERVC_PROJECT, waldur: {} },
  },
  environment: {
    name: "environment: OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET, WALDUR_TOKEN",
    env: { OS_APPLICATION_CREDENTIAL_SECRET: KNOWN.applicationCredentialSecret },
    config: {},
    connection: { openstack: BY_APPLICATION_CREDENTIAL, powervc: POWERVC_PROJECT, waldur: {} },
  },
  providerConfig: {
    name: "secret provider config: dataprotection:password, …applicationCredentialSecret, …waldurPassword",
    env: NO_ENV_CREDENTIALS,
    config: {
      "dataprotection:password": { secret: KNOWN.password },
      "dataprotection:applicationCredentialSecret": { secret: KNOWN.applicationCredentialSecret },
      "dataprotection:waldurUsername": KNOWN.waldurUsername,
      "dataprotection:waldurPassword": { secret: KNOWN.waldurPassword },
    },
    connection: { openstack: BY_APPLICATION_CREDENTIAL, powervc: POWERVC_PROJECT, waldur: {} },
  },
  plainInput: {
    name: "plain (not secret) connection input",
    env: NO_ENV_CREDENTIALS,
    config: {},
    connection: {
      openstack: {
        ...BY_APPLICATION_CREDENTIAL,
        applicationCredentialSecret: KNOWN.applicationCredentialSecret,
      },
      powervc: { ...POWERVC_PROJECT, password: KNOWN.password },
      waldur: { token: KNOWN.waldurToken },
    },
  },
  plainConfig: {
    name: "plain (not secret) stack config, put in the connection input by the program",
    env: NO_ENV_CREDENTIALS,
    config: {
      password: KNOWN.password,
      applicationCredentialSecret: KNOWN.applicationCredentialSecret,
      waldurToken: KNOWN.waldurToken,
    },
    connection: { openstack: BY_APPLICATION_CREDENTIAL, powervc: POWERVC_PROJECT, waldur: {} },
  },
} satisfies Record<string, CredentialMode>;

/** Every way the suite passes credentials. */
export const CREDENTIAL_MODES: CredentialMode[] = Object.values(MODES);

/** Every resource type, with the kind of connection it takes. */
export const RESOURCE_TYPES: Record<string, ConnectionKind> = {
  "trilio.Restore": "openstack",
  "waldur.Snapshot": "waldur",
  "waldur.VolumeRestoration": "waldur",
  "powervc.InstanceSnapshot": "powervc",
  "powervc.InstanceRestore": "powervc",
  "cinder.Backup": "openstack",
  "cinder.BackupRestore": "openstack",
};

/** Short operations, so a lifecycle of every type takes seconds. */
export const FAST_SIMULATOR: StackOptions = {
  waldur: { snapshotCreateMs: 300, volumeCreateMs: 300, updateMs: 300, deleteMs: 300, orderMs: 300 },
  powervc: { snapshotMs: 400, restoreMs: 600, deleteMs: 300 },
  cinder: { backupMs: 500, restoreMs: 500 },
};

/** A resource of `type` with `args` and the mode's connection. */
function resource(
  mode: CredentialMode,
  type: string,
  name: string,
  args: Record<string, unknown>,
  options?: DeclaredResource["options"],
): DeclaredResource {
  return { type, name, args: { ...args, connection: mode.connection[RESOURCE_TYPES[type]] }, options };
}

/** One resource of every type; `updated` changes an updatable input of each (no replacement). */
export function everyType(mode: CredentialMode, updated = false): DeclaredResource[] {
  const description = updated ? "after the drill" : "drill";
  const timeouts = updated ? { create: "45m" } : undefined;
  return [
    resource(mode, "trilio.Restore", "web-restore", {
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web1InstanceId, name: "web-1-drill" }],
      description,
    }),
    resource(mode, "waldur.Snapshot", "nightly", {
      volumeUuid: WALDUR_SEED.dbDataVolumeUuid,
      name: "nightly",
      description,
    }),
    resource(mode, "waldur.VolumeRestoration", "drill", {
      snapshotUuid: { $ref: "nightly.uuid" },
      name: "db-data-drill",
      timeouts,
    }),
    resource(mode, "powervc.InstanceSnapshot", "app-snapshot", {
      serverId: POWERVC_SEED.appServerId,
      description,
    }),
    resource(
      mode,
      "powervc.InstanceRestore",
      "app-restore",
      {
        serverId: POWERVC_SEED.appServerId,
        instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
        confirmOverwrite: true,
        timeouts,
      },
      { dependsOn: ["app-snapshot"] },
    ),
    resource(mode, "cinder.Backup", "backup", { volumeId: CINDER_SEED.dataVolumeId, description }),
    resource(mode, "cinder.BackupRestore", "backup-restore", {
      backupId: { $ref: "backup.id" },
      newVolumeName: "data-1-drill",
      timeouts,
    }),
  ];
}

/** A resource of every type that fails: a bad input (PowerVC snapshot) or an operation that ends in error. */
export function failingOfEveryType(mode: CredentialMode): DeclaredResource[] {
  return [
    resource(mode, "trilio.Restore", "web-restore-fails", {
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web2InstanceId, name: "web-2-drill" }],
    }),
    resource(mode, "waldur.Snapshot", "scratch-fails", {
      volumeUuid: WALDUR_SEED.scratchVolumeUuid,
      name: "scratch",
    }),
    resource(mode, "waldur.VolumeRestoration", "drill-fails", {
      snapshotUuid: { $ref: "nightly.uuid" },
      name: "db-data-drill-2",
    }),
    resource(mode, "powervc.InstanceSnapshot", "no-such-server", {
      serverId: "00000000-0000-4000-8000-000000000000",
    }),
    resource(mode, "powervc.InstanceRestore", "app-restore-fails", {
      serverId: POWERVC_SEED.appServerId,
      instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
      confirmOverwrite: true,
    }),
    resource(mode, "cinder.Backup", "backup-fails", { volumeId: CINDER_SEED.dataVolumeId }),
    resource(mode, "cinder.BackupRestore", "backup-restore-fails", {
      backupId: { $ref: "backup.id" },
      newVolumeName: "data-1-drill-2",
    }),
  ];
}

/** Makes the next operation of every simulated service end in error (consumed by {@link failingOfEveryType}). */
export function failNextOperations(stack: TestStack): void {
  stack.sim.trilio.setBehaviour({
    outcomes: [{ status: "error", message: "Error creating instance web-2" }],
  });
  stack.sim.waldur.setBehaviour({
    snapshotOutcomes: [{ state: "ERRED", errorMessage: "Cinder quota exceeded" }],
    volumeOutcomes: [{ state: "ERRED", errorMessage: "No valid host was found" }],
  });
  stack.sim.powervc.setBehaviour({ restoreOutcomes: [{ failure: "restore-error" }] });
  stack.sim.cinder.setBehaviour({
    backupOutcomes: [{ status: "error", failReason: "backup driver failed" }],
    restoreOutcomes: [{ volumeStatus: "error_restoring" }],
  });
}

/** A stack whose every run is recorded as evidence: what it printed, its events and state, its requests. */
export class ScannedStack {
  /** Engine runs made. */
  runs = 0;
  /** Connections checked to be encrypted in the state file. */
  connectionsChecked = 0;

  private constructor(
    readonly stack: TestStack,
    private readonly evidence: Evidence,
    private readonly label: string,
    private readonly config: Record<string, ConfigValue>,
  ) {}

  /** Starts a stack with the simulator's short operations and `mode`'s environment and config. */
  static async start(
    evidence: Evidence,
    label: string,
    mode: Pick<CredentialMode, "env" | "config">,
  ): Promise<ScannedStack> {
    const stack = await TestStack.start({ ...FAST_SIMULATOR, env: mode.env });
    return new ScannedStack(stack, evidence, label, mode.config);
  }

  /** Runs `operation`, with `config` over the mode's; collects the run's output, events and state. */
  async run(
    operation: "preview" | "up" | "refresh" | "destroy",
    resources: DeclaredResource[],
    config: Record<string, ConfigValue> = {},
  ): Promise<RunResult> {
    this.runs++;
    const place = `${this.label}, run ${this.runs} (${operation})`;
    const { value: result, output } = await recordingProcessOutput(() =>
      this.stack.run(operation, resources, { ...this.config, ...config }),
    );
    this.evidence.add(PLACES.engineOutput, place, output);
    this.evidence.addRun(place, result, this.stack.events);
    if (operation !== "preview") this.evidence.addState(place, this.stack.stateText());
    return result;
  }

  /**
   * Asserts that every resource's `connection` output is an encrypted secret in the state file, and its
   * `connection` input too whenever it holds a credential.
   */
  expectConnectionsEncrypted(): void {
    const state = JSON.parse(this.stack.stateText()) as {
      resources: {
        name: string;
        custom: boolean;
        inputs: Record<string, unknown>;
        outputs: Record<string, unknown>;
      }[];
    };
    for (const resource of state.resources.filter((r) => r.custom && "connection" in r.inputs)) {
      this.connectionsChecked++;
      expect(isEncrypted(resource.outputs.connection), `${resource.name}: outputs.connection`).to.equal(true);
      const input = JSON.stringify(resource.inputs.connection);
      for (const [label, value] of KNOWN_SECRETS) {
        expect(input, `${resource.name}: inputs.connection holds the ${label}`).to.not.contain(value);
      }
    }
  }

  /**
   * Collects the URLs the simulator received and the tokens its services saw (Keystone's and Waldur's: credentials
   * too, scanned as such), then stops it.
   */
  async finish(): Promise<void> {
    const sim = this.stack.sim;
    for (const token of sim.waldur.state.tokens) this.evidence.tokens.add(token.key);
    for (const request of sim.requests) {
      this.evidence.add(PLACES.urls, `${this.label}: ${request.method} #${request.seq}`, request.url);
      for (const name of ["x-auth-token", "x-subject-token", "authorization"]) {
        const value = request.headers[name]?.replace(/^token\s+/i, "");
        if (value) this.evidence.tokens.add(value);
      }
    }
    await this.stack.dispose();
  }
}

/** True for an encrypted secret of the state file (`{ [SIG_KEY]: SECRET_SIG, ciphertext }`). */
function isEncrypted(value: unknown): boolean {
  const record = value as Record<string, unknown> | undefined;
  return record?.[SIG_KEY] === SECRET_SIG && typeof record.ciphertext === "string";
}

/** What one lifecycle did, for the report. */
export interface LifecycleFigures {
  mode: string;
  completed: boolean;
  runs: number;
  resourceTypes: number;
  connectionsChecked: number;
  durationMs: number;
}

/**
 * Preview, create, update, refresh, a failing run, and destroy of one resource of every type, with the
 * credentials passed as `mode` says; its figures are added to `lifecycles` (also when it fails half-way: its
 * evidence is scanned all the same).
 */
export async function runLifecycle(
  evidence: Evidence,
  mode: CredentialMode,
  lifecycles: LifecycleFigures[],
): Promise<void> {
  const begin = Date.now();
  const scanned = await ScannedStack.start(evidence, mode.name, mode);
  const figures: LifecycleFigures = {
    mode: mode.name,
    completed: false,
    runs: 0,
    resourceTypes: Object.keys(RESOURCE_TYPES).length,
    connectionsChecked: 0,
    durationMs: 0,
  };
  lifecycles.push(figures);
  const { stack } = scanned;
  try {
    const preview = await scanned.run("preview", everyType(mode));
    expect(preview.ok, shown(preview)).to.equal(true);

    const created = await scanned.run("up", everyType(mode));
    expect(created.ok, shown(created)).to.equal(true);
    for (const type of Object.keys(RESOURCE_TYPES)) expect(stack.resourcesOf(type), type).to.have.length(1);
    scanned.expectConnectionsEncrypted();

    const updated = await scanned.run("up", everyType(mode, true));
    expect(updated.ok, shown(updated)).to.equal(true);
    expect(updated.summary.update, shown(updated)).to.equal(7);
    scanned.expectConnectionsEncrypted();

    const refreshed = await scanned.run("refresh", everyType(mode, true));
    expect(refreshed.ok, shown(refreshed)).to.equal(true);

    failNextOperations(stack);
    const failed = await scanned.run("up", [...everyType(mode, true), ...failingOfEveryType(mode)]);
    expect(failed.ok).to.equal(false);
    expect(failed.steps.filter((step) => step.failed).length, shown(failed)).to.be.at.least(6);
    expect(shown(failed)).to.contain("no-such-server");
    scanned.expectConnectionsEncrypted();

    const destroyed = await scanned.run("destroy", []);
    expect(destroyed.ok, shown(destroyed)).to.equal(true);
    expect(stack.engine?.state().resources ?? []).to.have.length(0);
    figures.completed = true;
  } finally {
    figures.runs = scanned.runs;
    figures.connectionsChecked = scanned.connectionsChecked;
    figures.durationMs = Date.now() - begin;
    await scanned.finish();
  }
}
