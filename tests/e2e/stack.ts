/**
 * A stack of the end-to-end test project `tests/projects/trilio-restores` against an in-process simulator:
 * each scenario declares its restores as data and runs them through the test engine and the real
 * dynamic-provider host.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, type ConfigValue, type EngineEvent, type RunResult } from "../engine";
import { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from "../../simulator";

/** The test project (from dist/tests/e2e, three levels below the repository root). */
export const TRILIO_PROJECT = path.resolve(__dirname, "../../../tests/projects/trilio-restores");

/** One restore the program declares: a resource name and `trilio.Restore` arguments. */
export interface DeclaredRestore {
  name: string;
  args: Record<string, unknown>;
}

/** A temporary stack against its own simulator. */
export class TrilioStack {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "trilio-e2e-"));
  readonly stateFile = path.join(this.dir, "state.json");
  /** Events of the last run. */
  events: EngineEvent[] = [];
  /** The engine of the current or last run (its `host` can be killed mid-run). */
  engine?: Engine;

  private constructor(
    readonly sim: Simulator,
    private readonly passwordAsSecret: boolean,
  ) {}

  /**
   * Starts a simulator (restores take `restoreDurationMs`, 800 ms by default) and a new stack. With
   * `passwordAsSecret`, the password is not in the environment: the program passes it in each restore's
   * `connection` from a secret config value, as a user would with `pulumi config set --secret`.
   */
  static async start(options: SimulatorOptions & { passwordAsSecret?: boolean } = {}): Promise<TrilioStack> {
    const sim = await startSimulator({ ...options, trilio: { restoreDurationMs: 800, ...options.trilio } });
    return new TrilioStack(sim, options.passwordAsSecret ?? false);
  }

  /** Runs `operation` on a program that declares `restores`, with extra stack config. */
  run(
    operation: "preview" | "up" | "refresh" | "destroy",
    restores: DeclaredRestore[],
    config: Record<string, ConfigValue> = {},
  ): Promise<RunResult> {
    this.events = [];
    this.engine = new Engine({
      projectDir: TRILIO_PROJECT,
      stateFile: this.stateFile,
      config: {
        restores: JSON.stringify(restores),
        ...(this.passwordAsSecret ? { password: { secret: this.sim.credentials.password } } : {}),
        ...config,
      },
      env: this.environment(),
      onEvent: (event) => this.events.push(event),
    });
    return this.engine[operation]();
  }

  /** The `OS_*` environment of the program and the host. */
  private environment(): Record<string, string> {
    const { OS_PASSWORD, ...rest } = this.sim.openrc();
    // The engine adds to the test process's environment: an empty value hides a password set there.
    return this.passwordAsSecret ? { ...rest, OS_PASSWORD: "" } : { ...rest, OS_PASSWORD };
  }

  /** Requests the simulator received from Trilio clients, optionally of one method. */
  trilioRequests(method?: string): RecordedRequest[] {
    return this.sim.requests.filter((r) => r.service === "trilio" && (!method || r.method === method));
  }

  /** The raw state file. */
  stateText(): string {
    return fs.readFileSync(this.stateFile, "utf8");
  }

  /** Stops the simulator and removes the stack's files. */
  async dispose(): Promise<void> {
    await this.sim.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every diagnostic message of a run, one per line, for assertions on what the user saw. */
export function shown(result: RunResult): string {
  return [result.error ?? "", ...result.diagnostics.map((d) => d.message)].join("\n");
}
