/**
 * A small Pulumi engine for tests, demos and benchmarks: runs a real Pulumi program (see `runner.ts`) and
 * drives the real NodeJS dynamic-provider host over gRPC (see `host.ts`), keeping the stack's state in a
 * JSON file. It does what `pulumi preview`, `up`, `refresh` and `destroy` do for dynamic resources.
 */
import * as os from "node:os";
import * as path from "node:path";
import { providerConfig, resolveConfig, type ResolvedConfig } from "./config";
import { destroyAll } from "./destroy";
import type { HostHandle } from "./host";
import type { OperationEnv } from "./operations";
import { ChildProcesses } from "./processes";
import { runProgram } from "./program";
import { readProjectFile } from "./project";
import { ProviderRegistry } from "./provider-registry";
import { refreshAll } from "./refresh";
import { Limiter, RunContext } from "./run-context";
import { DEFAULT_TEST_PASSPHRASE } from "./secrets";
import { readStateFile, StateStore, type StackState } from "./state";
import type { EngineEvent, EngineOptions, RunKind, RunResult } from "./types";
import { UpdateDeployment } from "./update";
import { toDisplay } from "./wire";

/**
 * The CLI's default number of resource operations at once: four per CPU (pulumi/pulumi#14989), or
 * `PULUMI_PARALLEL` when set.
 */
export const DEFAULT_PARALLEL = Number(process.env.PULUMI_PARALLEL) || os.availableParallelism() * 4;

/** A test engine for one stack of one project. */
export class Engine {
  /** The project name from `Pulumi.yaml`. */
  readonly project: string;
  /** The stack name. */
  readonly stack: string;
  private readonly projectDir: string;
  private providers?: ProviderRegistry;
  private running = false;
  private readonly children = new ChildProcesses();

  constructor(private readonly options: EngineOptions) {
    this.projectDir = path.resolve(options.projectDir);
    this.project = readProjectFile(this.projectDir).name;
    this.stack = options.stack ?? "dev";
  }

  /**
   * The ids of every process this engine has started (program runners, provider hosts): none of them is left
   * running once a run has ended, however it ended.
   */
  get processIds(): readonly number[] {
    return this.children.pids;
  }

  /** Stops the processes of the run in progress (the program and the provider host), e.g. on Ctrl-C. */
  stopProcesses(): Promise<void> {
    return this.children.stopAll();
  }

  /** The dynamic-provider host while a run has one (crash tests kill it). */
  get host(): HostHandle | undefined {
    return this.providers?.dynamic.handle;
  }

  /** Runs the program as a preview: Check and Diff only, never Create, Update, Delete or Read changes. */
  preview(): Promise<RunResult> {
    return this.run("preview");
  }

  /** Runs the program and applies the changes. */
  up(): Promise<RunResult> {
    return this.run("up");
  }

  /** Reads every resource in the state through its provider. */
  refresh(): Promise<RunResult> {
    return this.run("refresh");
  }

  /** Deletes every resource in the state, dependents first; does not run the program. */
  destroy(): Promise<RunResult> {
    return this.run("destroy");
  }

  /** The state file as stored (secrets still encrypted). */
  state(): StackState {
    return readStateFile(this.options.stateFile, this.stack, this.project);
  }

  private async run(kind: RunKind): Promise<RunResult> {
    if (this.running) throw new Error("an engine runs one operation at a time");
    this.running = true;
    const onEvent = (e: EngineEvent): void => this.options.onEvent?.(e);
    const ctx = new RunContext(kind, new Limiter(this.options.parallel ?? DEFAULT_PARALLEL), onEvent);
    ctx.emit({ type: "run-start", kind, stack: this.stack, project: this.project });
    let store: StateStore | undefined;
    try {
      const config = resolveConfig(this.project, this.options.config ?? {});
      store = new StateStore(
        this.options.stateFile,
        this.stack,
        this.project,
        this.passphrase(),
        kind !== "preview",
      );
      this.providers = this.newProviders(ctx, config);
      const env: OperationEnv = { ctx, store, providers: this.providers };
      this.reportPendingOperations(env);
      if (kind === "refresh") await refreshAll(env);
      else if (kind === "destroy") await destroyAll(env);
      else await this.update(env, config);
    } catch (e) {
      ctx.fail(e instanceof Error ? e.message : String(e), "engine");
    } finally {
      await this.providers?.close();
      this.providers = undefined;
      await this.children.stopAll();
      this.running = false;
    }
    try {
      store?.close();
    } catch (e) {
      ctx.fail(`could not write the state file: ${e instanceof Error ? e.message : String(e)}`, "engine");
    }
    const outputs = toDisplay(store?.outputs ?? {}) as Record<string, unknown>;
    if (Object.keys(outputs).length > 0) ctx.emit({ type: "outputs", outputs });
    const result = ctx.result(outputs);
    ctx.emit({ type: "run-end", result });
    return result;
  }

  /** `up` or `preview`: runs the program, then deletes what it no longer declares. */
  private async update(env: OperationEnv, config: ResolvedConfig): Promise<void> {
    const deployment = new UpdateDeployment(env, this.stack, this.project);
    const outcome = await runProgram(
      {
        projectDir: this.projectDir,
        env: this.options.env ?? {},
        stack: this.stack,
        preview: env.ctx.preview,
        config: config.values,
        secretKeys: config.secretKeys,
        children: this.children,
      },
      {
        register: (req) => deployment.register(req),
        read: (req) => deployment.read(req),
        invoke: (req) => env.providers.invoke(req.token, req.args),
        outputs: (urn, outputs) => deployment.outputs(urn, outputs),
        diagnostic: (d) =>
          d.severity === "error"
            ? env.ctx.fail(d.message, "program", d.urn)
            : env.ctx.diagnostic({ ...d, source: "program" }),
      },
    );
    if (outcome.error !== undefined) env.ctx.fail(outcome.error, "program");
    else if (!outcome.ok) env.ctx.failed = true;
    await deployment.finish();
  }

  /** Warns about operations a previous run left unfinished, and clears them (not in a preview). */
  private reportPendingOperations({ ctx, store }: OperationEnv): void {
    if (store.pendingOperations.length === 0) return;
    const list = store.pendingOperations
      .map((op) => `  * ${op.urn}, interrupted while ${op.type}`)
      .join("\n");
    ctx.diagnostic({
      severity: "warning",
      source: "engine",
      message:
        `Attempting to deploy or update resources with ${store.pendingOperations.length} pending operations ` +
        `from previous deployment.\n${list}\nThese resources are in an unknown state because the previous ` +
        "run was interrupted while waiting for changes to these resources to complete. You should confirm " +
        "whether or not the operations listed completed successfully by checking the state of the " +
        "appropriate provider.",
    });
    store.setPendingOperations([]);
  }

  private newProviders(ctx: RunContext, config: ResolvedConfig): ProviderRegistry {
    return new ProviderRegistry(
      {
        projectDir: this.projectDir,
        project: this.project,
        stack: this.stack,
        env: this.options.env,
        children: this.children,
        onOutput: (line, stream) =>
          ctx.diagnostic({
            severity: stream === "stderr" ? "info#err" : "info",
            message: line,
            source: "provider",
          }),
      },
      providerConfig(config),
    );
  }

  private passphrase(): string {
    return this.options.passphrase ?? process.env["PULUMI_CONFIG_PASSPHRASE"] ?? DEFAULT_TEST_PASSPHRASE;
  }
}
