/** The command line of `npm run engine`: operations, a program folder and options. */
import type { RunKind } from "./types";

/** What the command was asked to do. */
export interface CliArgs {
  operations: RunKind[];
  /** The program folder as given (relative to where the user ran the command). */
  folder: string;
  stack: string;
  simulator: boolean;
}

/** The usage text. */
export const USAGE = `Usage: npm run engine -- <operation...> <program folder> [options]

Runs a Pulumi program (a folder with Pulumi.yaml) with the project's engine, without the Pulumi CLI.

Operations, run in the order given (the first failure stops the command):
  preview   show what up would do
  up        create, update or delete resources to match the program
  refresh   read every resource in the state through its provider
  destroy   delete every resource in the state

Options:
  --stack <name>  stack name (default dev): config from Pulumi.<name>.yaml in the folder,
                  state in <folder>/.engine/<name>.json
  --simulator     start an in-memory simulator for this command and connect to it; its data, and
                  so the stack's state (kept in a temporary file), is gone when the command ends.
                  Without it the connection comes from the environment (OS_*, WALDUR_*): a real
                  cloud, or the export lines that npm run simulator prints
  --help          show this text

Example: npm run engine -- --simulator up destroy examples/trilio-restore`;

const OPERATIONS: readonly string[] = ["preview", "up", "refresh", "destroy"] satisfies RunKind[];

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses the arguments after `npm run engine --`; `undefined` when help was asked for. */
export function parseCliArgs(argv: readonly string[]): CliArgs | undefined {
  const operations: RunKind[] = [];
  const folders: string[] = [];
  let stack = "dev";
  let simulator = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return undefined;
    else if (arg === "--simulator") simulator = true;
    else if (arg === "--stack" || arg.startsWith("--stack=")) {
      stack = arg === "--stack" ? (argv[++i] ?? "") : arg.slice("--stack=".length);
      if (!/^[\w.-]+$/.test(stack)) throw new UsageError(`--stack needs a name (letters, digits, _ . -)`);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (OPERATIONS.includes(arg)) operations.push(arg as RunKind);
    else folders.push(arg);
  }
  if (operations.length === 0) throw new UsageError("no operation: give preview, up, refresh or destroy");
  if (folders.length !== 1) {
    throw new UsageError(
      folders.length === 0
        ? "no program folder"
        : `one program folder, not ${folders.length} (${folders.join(", ")}); operations are ${OPERATIONS.join(", ")}`,
    );
  }
  return { operations, folder: folders[0], stack, simulator };
}
