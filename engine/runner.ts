/**
 * The program runner: a child process (started by the engine with `child_process.fork`, working directory =
 * the Pulumi project) that does what Pulumi's NodeJS language host does for a run, except the resource
 * monitor, which forwards every request to the engine over IPC (see `runner-monitor.ts`).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as settingsModule from "@pulumi/pulumi/runtime/settings";
import type * as configModule from "@pulumi/pulumi/runtime/config";
import type * as stackModule from "@pulumi/pulumi/runtime/stack";
import type * as errorsModule from "@pulumi/pulumi/errors";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { readProjectFile } from "./project";
import { startLogServer } from "./runner-log";
import { IpcMonitor, MONITOR_FEATURES } from "./runner-monitor";
import type { EngineMessage, EngineReply, RunnerMessage, RunnerStart } from "./protocol";

/** `@pulumi/pulumi/tsutils` (internal API, used by `cmd/run/run.js`). */
interface TsUtils {
  loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
  typeScriptRequireStrings(): { typescriptRequire: string; tsnodeRequire: string };
}

/** The store's feature flags that `runtime.setMocks` sets (internal API). */
type Store = Record<string, unknown>;

const waiters = new Map<number, (reply: EngineReply) => void>();

function send(message: RunnerMessage): void {
  process.send?.(message);
}

function call<T>(message: Extract<RunnerMessage, { seq: number }>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiters.set(message.seq, (reply) =>
      reply.error !== undefined ? reject(new Error(reply.error)) : resolve(reply.result as T),
    );
    send(message);
  });
}

function nextStart(): Promise<RunnerStart> {
  return new Promise((resolve) => {
    process.on("message", (m: EngineMessage) => {
      if (m.kind === "start") return resolve(m);
      waiters.get(m.seq)?.(m);
      waiters.delete(m.seq);
    });
  });
}

/** The program's entry point, resolved as `cmd/run/run.js` resolves it. */
function programPath(dir: string, main: string | undefined): string {
  if (main !== undefined && main !== ".") return path.resolve(dir, main);
  const pkgFile = path.join(dir, "package.json");
  const pkg = fs.existsSync(pkgFile)
    ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as Record<string, unknown>)
    : {};
  const exported = typeof pkg["exports"] === "string" ? pkg["exports"] : undefined;
  const entry = exported ?? (typeof pkg["main"] === "string" ? pkg["main"] : undefined);
  return entry !== undefined && fs.existsSync(path.join(dir, entry)) ? path.join(dir, entry) : dir + path.sep;
}

/** Registers ts-node as `cmd/run/run.js` does, with `transpileOnly` (type checking is the build's job). */
function registerTypeScript(load: NodeJS.Require): void {
  const tsutils = load("./tsutils") as TsUtils;
  const tsConfigPath = process.env["PULUMI_NODEJS_TSCONFIG_PATH"] ?? "tsconfig.json";
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const ts = load(typescriptRequire) as { version: string };
  const [major, minor] = ts.version.split(".").map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  const transpileOnlyEnv = process.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
  const tsNode = load(tsnodeRequire) as { register(options: object): void };
  tsNode.register({
    compiler: typescriptRequire,
    transpileOnly: transpileOnlyEnv ? transpileOnlyEnv === "true" : true,
    project: tsConfigPath,
    skipProject: !fs.existsSync(tsConfigPath),
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
}

/** Reports uncaught errors as the language host does, once each. */
function errorReporter(load: NodeJS.Require, program: string): (err: unknown) => void {
  const errors = load("./errors") as typeof errorsModule;
  const seen = new Set<unknown>();
  return (err) => {
    if (seen.has(err)) return;
    seen.add(err);
    let message: string;
    if (errors.RunError.isInstance(err)) message = err.message;
    else if (errors.ResourceError.isInstance(err) && err.hideStack) message = err.message;
    else {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      message = `Running program '${program}' failed with an unhandled exception:\n${text}`;
    }
    send({ kind: "program-error", message });
  };
}

async function main(): Promise<void> {
  const start = await nextStart();
  const projectDir = process.cwd();
  const project = readProjectFile(projectDir);
  const load = createRequire(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
  const logServer = await startLogServer(load, send);
  Object.assign(process.env, {
    PULUMI_NODEJS_PROJECT: project.name,
    PULUMI_NODEJS_STACK: start.stack,
    PULUMI_NODEJS_DRY_RUN: String(start.preview),
    PULUMI_NODEJS_ENGINE: logServer.address,
    PULUMI_NODEJS_ROOT_DIRECTORY: projectDir,
  });
  const settings = load("./runtime/settings") as typeof settingsModule;
  const config = load("./runtime/config") as typeof configModule;
  const stack = load("./runtime/stack") as typeof stackModule;
  const state = load("./runtime/state") as { getStore(): Store };
  const program = programPath(projectDir, project.main);
  const report = errorReporter(load, program);
  let failed = false;
  let finished = false;
  const finish = (ok: boolean): void => {
    if (finished) return;
    finished = true;
    logServer.close();
    process.send?.({ kind: "done", ok } satisfies RunnerMessage, () => process.exit(ok ? 0 : 1));
  };
  const onUncaught = (err: unknown): void => {
    if (!failed) endWhenIdle(() => finish(false));
    failed = true;
    report(err);
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);

  registerTypeScript(load);
  config.setAllConfig(start.config, start.secretKeys);
  const monitor = new IpcMonitor(
    {
      resproto: load("./proto/resource_pb") as typeof resproto,
      provproto: load("./proto/provider_pb") as typeof provproto,
      struct: load("google-protobuf/google/protobuf/struct_pb") as typeof structproto,
    },
    call,
    send,
  );
  settings.setMockOptions(monitor, project.name, start.stack, start.preview);
  setFeatureFlags(state.getStore());

  try {
    await stack.runInPulumiStack(async () => {
      const exported: unknown = load(program);
      return await (typeof exported === "function" ? (exported as () => unknown)() : exported);
    });
  } catch (err) {
    onUncaught(err);
  }
  await settings.disconnect();
  finish(!failed);
}

/** How long a failed program may go without a call to the engine before its run is over. */
const IDLE_AFTER_ERROR_MS = 2_000;

/**
 * After an uncaught error, ends the run once no call to the engine has been outstanding for a while. The language
 * host's process ends by itself when nothing is left to do, even when the stack still waits on an output that can
 * never resolve (a resource whose input rejected is never registered); here the IPC channel and the log server
 * keep the process alive, so without this such a program would hang.
 */
function endWhenIdle(end: () => void): void {
  let idleSince = Date.now();
  const timer = setInterval(() => {
    if (waiters.size > 0) idleSince = Date.now();
    else if (Date.now() - idleSince >= IDLE_AFTER_ERROR_MS) {
      clearInterval(timer);
      end();
    }
  }, 100);
}

/** Sets the store's feature flags as `runtime.setMocks` does, from {@link MONITOR_FEATURES}. */
function setFeatureFlags(store: Store): void {
  for (const [feature, supported] of Object.entries(MONITOR_FEATURES)) {
    store[`supports${feature[0].toUpperCase()}${feature.slice(1)}`] = supported;
  }
}

main().catch((err: unknown) => {
  send({ kind: "program-error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.send?.({ kind: "done", ok: false } satisfies RunnerMessage, () => process.exit(1));
});
