/**
 * A stack of an end-to-end test project against an in-process simulator: each scenario declares its resources as
 * data and runs them through the test engine, on the real dynamic-provider host (`tests/projects/resources`) or
 * on the provider plugin (`tests/projects/plugin-resources`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, type ConfigValue, type EngineEvent, type RunResult, type StateResource } from "../../engine";
import {
  startSimulator,
  TRILIO_SEED,
  type RecordedRequest,
  type Simulator,
  type SimulatorOptions,
} from "../../simulator";

/** The test project (from dist/tests/e2e, three levels below the repository root). */
export const RESOURCES_PROJECT = path.resolve(__dirname, "../../../tests/projects/resources");

/** A test program and the type token its resources of a type ("cinder.Backup") get. */
export interface TestProgram {
  dir: string;
  typeToken(type: string): string;
}

/** The program of the dynamic resources (the default). */
export const DYNAMIC_PROGRAM: TestProgram = { dir: RESOURCES_PROJECT, typeToken: dynamicType };

/** The program of the provider plugin's resources. */
export const PLUGIN_PROGRAM: TestProgram = {
  dir: path.resolve(__dirname, "../../../tests/projects/plugin-resources"),
  typeToken: pluginType,
};

/** One resource the program declares: its type ("trilio.Restore"), name, arguments and options. */
export interface DeclaredResource {
  type: string;
  name: string;
  args: Record<string, unknown>;
  options?: {
    retainOnDelete?: boolean;
    protect?: boolean;
    dependsOn?: string[];
    /** Only the plugin program takes it: `{ create: "1s" }`. */
    customTimeouts?: Record<string, string>;
  };
}

/** The suites' usual restore: web-1 from the seeded web snapshot, as a new VM "web-1-drill", with `args` over it. */
export function webDrillRestore(name = "web-restore", args: Record<string, unknown> = {}): DeclaredResource {
  return {
    type: "trilio.Restore",
    name,
    args: {
      snapshotId: TRILIO_SEED.webSnapshotId,
      restoreType: "selective",
      instances: [{ id: TRILIO_SEED.web1InstanceId, name: "web-1-drill" }],
      ...args,
    },
  };
}

/** How a stack passes credentials. */
export interface StackOptions extends SimulatorOptions {
  /**
   * Pass credentials as secret config values, which the program puts in each resource's `connection` (as a user
   * passes secrets), instead of in the environment.
   */
  secretsInConfig?: boolean;
  /** Environment of the program and the provider host, over the credentials (`DATAPROTECTION_*` settings). */
  env?: Record<string, string>;
  /** The engine's number of resource operations at once (default: the CLI's). */
  parallel?: number;
  /** The program the stack runs; {@link DYNAMIC_PROGRAM} by default. */
  program?: TestProgram;
}

/** A temporary stack against its own simulator. */
export class TestStack {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataprotection-e2e-"));
  readonly stateFile = path.join(this.dir, "state.json");
  /** Events of the last run. */
  events: EngineEvent[] = [];
  /** The engine of the current or last run (its `host` can be killed mid-run). */
  engine?: Engine;
  /** Also receives each event of every run, as it happens (for example to act when a step starts). */
  onEvent?: (event: EngineEvent) => void;

  private constructor(
    private readonly simulator: Simulator | undefined,
    private readonly secretsInConfig: boolean,
    private readonly baseEnv: Record<string, string>,
    private readonly parallel?: number,
    private readonly program: TestProgram = DYNAMIC_PROGRAM,
  ) {}

  /** The stack's simulator (an error on a stack against a real service). */
  get sim(): Simulator {
    if (!this.simulator) throw new Error("this stack runs against a real service, not the simulator");
    return this.simulator;
  }

  /** True when the stack runs against the simulator. */
  get simulated(): boolean {
    return this.simulator !== undefined;
  }

  /** Starts a simulator (Trilio restores take 800 ms unless told otherwise) and a new stack. */
  static async start(options: StackOptions = {}): Promise<TestStack> {
    const sim = await startSimulator({ ...options, trilio: { restoreDurationMs: 800, ...options.trilio } });
    const env = { ...sim.openrc(), ...sim.waldurEnv(), ...options.env };
    return new TestStack(sim, options.secretsInConfig ?? false, env, options.parallel, options.program);
  }

  /** A stack against real services, reached with `env` (the `OS_*` of an openrc). */
  static againstRealServices(env: Record<string, string>): TestStack {
    return new TestStack(undefined, false, env);
  }

  /** Runs `operation` on a program that declares `resources`, with extra stack config. */
  run(
    operation: "preview" | "up" | "refresh" | "destroy",
    resources: DeclaredResource[],
    config: Record<string, ConfigValue> = {},
  ): Promise<RunResult> {
    this.events = [];
    this.engine = new Engine({
      projectDir: this.program.dir,
      stateFile: this.stateFile,
      config: { resources: JSON.stringify(resources), ...this.secretConfig(), ...config },
      env: this.environment(),
      onEvent: (event) => {
        this.events.push(event);
        this.onEvent?.(event);
      },
      parallel: this.parallel,
    });
    return this.engine[operation]();
  }

  /** The type token the stack's program gives resources of `type` ("cinder.Backup"). */
  typeToken(type: string): string {
    return this.program.typeToken(type);
  }

  /** The resources of one type ("waldur.Snapshot") in the state file. */
  resourcesOf(type: string): StateResource[] {
    const token = this.typeToken(type);
    return this.engine!.state().resources.filter((r) => r.type === token);
  }

  /** Requests the simulator received for `service`, optionally of one method. */
  requestsTo(service: string, method?: string): RecordedRequest[] {
    return this.sim.requests.filter((r) => r.service === service && (!method || r.method === method));
  }

  /** The raw state file. */
  stateText(): string {
    return fs.readFileSync(this.stateFile, "utf8");
  }

  /** Stops the simulator and removes the stack's files. */
  async dispose(): Promise<void> {
    await this.simulator?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private secretConfig(): Record<string, ConfigValue> {
    if (!this.secretsInConfig) return {};
    return {
      password: { secret: this.sim.credentials.password },
      waldurToken: { secret: this.sim.waldur.token },
    };
  }

  /** The environment of the program and the host: every credential, unless they travel in config. */
  private environment(): Record<string, string> {
    // The engine adds to the test process's environment: an empty value hides a credential set there.
    return this.secretsInConfig ? { ...this.baseEnv, OS_PASSWORD: "", WALDUR_TOKEN: "" } : this.baseEnv;
  }
}

/** The engine's type token of a resource type: "trilio.Restore" → "pulumi-nodejs:dynamic/trilio:Restore". */
export function dynamicType(type: string): string {
  const [module, name] = type.split(".");
  return `pulumi-nodejs:dynamic/${module}:${name}`;
}

/** The plugin's type token of a resource type: "trilio.Restore" → "openstack-dataprotection:trilio:Restore". */
export function pluginType(type: string): string {
  return `openstack-dataprotection:${type.replace(".", ":")}`;
}

/** What a run did to resources of `type` (of the program's `typeToken`), as counts per operation. */
export function summaryOf(result: RunResult, type: string, typeToken = dynamicType): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of result.steps.filter((s) => s.type === typeToken(type) && !s.replacing)) {
    counts[step.op] = (counts[step.op] ?? 0) + 1;
  }
  return counts;
}

/** Every diagnostic message of a run, one per line, for assertions on what the user saw. */
export function shown(result: RunResult): string {
  return [result.error ?? "", ...result.diagnostics.map((d) => d.message)].join("\n");
}
