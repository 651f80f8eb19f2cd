/**
 * `npm run engine -- <operation...> <program folder> [options]`: runs a Pulumi program (an example or the
 * user's own) with the project's engine, as `pulumi preview | up | refresh | destroy` would on a local state
 * file, printing the run as the CLI does. Exit code 0 on success, 1 on failure, 2 on bad usage.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../simulator";
import { parseCliArgs, USAGE, UsageError, type CliArgs } from "./cli-args";
import { Engine } from "./engine";
import { CliRenderer } from "./render";
import { readStackConfig } from "./stack-config";

/** Resolves the program folder and checks that it holds a program that can run. */
function programFolder(args: CliArgs): string {
  // `npm run` starts the command in the repository root; INIT_CWD is where the user typed it.
  const dir = path.resolve(process.env["INIT_CWD"] ?? process.cwd(), args.folder);
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
    throw new UsageError(
      fs.existsSync(dir)
        ? `${dir} has no Pulumi.yaml: give the folder of a Pulumi program (for example examples/trilio-restore)`
        : `${dir} does not exist`,
    );
  }
  try {
    require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
  } catch {
    throw new Error(
      `${dir}: @pulumi/pulumi is not installed for this program; run npm install in that folder`,
    );
  }
  return dir;
}

async function run(args: CliArgs): Promise<boolean> {
  const projectDir = programFolder(args);
  const config = readStackConfig(projectDir, args.stack);
  let simulator: Simulator | undefined;
  let engine: Engine | undefined;
  let cleanup = (): unknown => undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping the program and the provider host\n`);
    void Promise.all([engine?.stopProcesses(), simulator?.close()]).finally(() => {
      cleanup();
      process.exit(1);
    });
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (args.simulator) {
      simulator = await startSimulator();
      process.stdout.write(
        `Simulator at ${simulator.url} for this command only: it keeps everything in memory, so the ` +
          "stack's state is kept in a temporary file and dropped when the command ends.\n",
      );
    }
    const stateFile = simulator
      ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "engine-simulator-")), `${args.stack}.json`)
      : path.join(projectDir, ".engine", `${args.stack}.json`);
    cleanup = () => simulator && fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
    for (const operation of args.operations) {
      engine = new Engine({
        projectDir,
        stack: args.stack,
        stateFile,
        config,
        env: {
          // The CLI type-checks a TypeScript program unless told not to; so does this command.
          PULUMI_NODEJS_TRANSPILE_ONLY: process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] ?? "false",
          ...(simulator ? { ...simulator.openrc(), ...simulator.waldurEnv() } : {}),
        },
        // The CLI's passphrase variable; unset, an empty passphrase, for local experiments.
        passphrase: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "",
        onEvent: new CliRenderer().handle,
      });
      const result = await engine[operation]();
      if (!result.ok) return false;
    }
    return true;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await simulator?.close();
    cleanup();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs | undefined;
  try {
    args = parseCliArgs(argv);
    if (!args) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return (await run(args)) ? 0 : 1;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${message}\n\n${args ? "" : `${USAGE}\n`}`);
      return 2;
    }
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
