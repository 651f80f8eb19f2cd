/**
 * `npm run demo`: the main job, end to end, on the embedded simulator. It starts the simulator, then runs the
 * `examples/trilio-restore` program through the test engine and the real dynamic-provider host, as
 * `pulumi preview`, `pulumi up`, a change, `pulumi up` and `pulumi destroy` would, printing what a Pulumi user
 * sees, restore progress included.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliRenderer, Engine, type ConfigValue, type RunResult } from "../tests/engine";
import { startSimulator } from "../simulator";

const EXAMPLE = path.resolve(__dirname, "../../examples/trilio-restore");

async function main(): Promise<void> {
  // Restores take 8 s here, long enough to see progress, short enough for a demo.
  const sim = await startSimulator({ trilio: { restoreDurationMs: 8000 } });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "dataprotection-demo-"));
  const bold = process.stdout.isTTY ? (text: string) => `\x1b[1m${text}\x1b[0m` : (text: string) => text;
  const say = (text: string) => process.stdout.write(`\n${bold(text)}\n`);
  const run = async (command: "preview" | "up" | "destroy", config: Record<string, ConfigValue> = {}) => {
    say(`$ pulumi ${command}`);
    const engine = new Engine({
      projectDir: EXAMPLE,
      stateFile: path.join(stateDir, "dev.json"),
      config,
      env: sim.openrc(),
      onEvent: new CliRenderer().handle,
    });
    const result: RunResult = await engine[command]();
    if (!result.ok) throw new Error(`pulumi ${command} failed: ${result.error ?? "see above"}`);
    return result;
  };

  try {
    say(
      `The simulator serves Keystone and TrilioVault at ${sim.url}; the program is ${path.relative(process.cwd(), EXAMPLE)}.`,
    );
    await run("preview");
    await run("up");
    say('A change: `pulumi config set description "Restore drill, Q4"` (an update: no second restore)');
    await run("up", { description: "Restore drill, Q4" });
    say(`TrilioVault ran ${sim.trilio.restoreStarts} restore in all.`);
    await run("destroy", { description: "Restore drill, Q4" });
  } finally {
    await sim.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
