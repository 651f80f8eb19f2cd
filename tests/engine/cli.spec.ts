import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { readStateFile } from "../../engine/state";
import { startSimulator, type Simulator } from "../../simulator";
import { until } from "./fixture";

/** The compiled command (from dist/tests/engine) and the repository's examples. */
const CLI = path.resolve(__dirname, "../../engine/cli.js");
const TRILIO_EXAMPLE = path.resolve(__dirname, "../../../examples/trilio-restore");

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `npm run engine -- <args>` as npm would: from the repository root, INIT_CWD where the user is. */
function startCli(args: string[], env: Record<string, string> = {}, cwd = TRILIO_EXAMPLE) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: path.resolve(__dirname, "../../.."),
    env: { ...process.env, INIT_CWD: cwd, ...env },
  });
  const run: CliRun = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on("close", (code) => resolve(Object.assign(run, { code }))),
  );
  return { child, run, done };
}

/** Runs `npm run engine -- <args>` to the end. */
function engineCli(args: string[], env: Record<string, string> = {}, cwd = TRILIO_EXAMPLE): Promise<CliRun> {
  return startCli(args, env, cwd).done;
}

/** The ids of the running processes whose parent is `pid` (Linux). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // The fourth field of /proc/<pid>/stat is the parent's id (the name in parentheses has no spaces here).
        return Number(fs.readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.split(" ")[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** A stack name of this test run, so that its state and config files are its own. */
function testStack(label: string): string {
  return `cli-spec-${label}-${process.pid}`;
}

/**
 * A stack of the Trilio example for one `describe`, against a simulator the test starts as `npm run simulator`
 * would (restores take `restoreMs`); its files are removed afterwards.
 */
function simulatorStack(label: string, restoreMs: number) {
  const stack = testStack(label);
  let simulator: Simulator | undefined;
  before(async () => (simulator = await startSimulator({ trilio: { restoreDurationMs: restoreMs } })));
  after(async () => {
    await simulator?.close();
    removeStack(stack);
  });
  const sim = (): Simulator => simulator!;
  return { stack, sim, env: () => ({ ...sim().openrc(), ...sim().waldurEnv() }) };
}

/** Removes a test stack's state and config files from the example folder. */
function removeStack(stack: string): void {
  fs.rmSync(path.join(TRILIO_EXAMPLE, ".engine", `${stack}.json`), { force: true });
  fs.rmSync(path.join(TRILIO_EXAMPLE, ".engine", `${stack}.json.journal`), { force: true });
  fs.rmSync(path.join(TRILIO_EXAMPLE, `Pulumi.${stack}.yaml`), { force: true });
}

describe("npm run engine: a program folder run as the CLI runs it", function () {
  this.timeout(180_000);

  it("--simulator: up then destroy of an example, printed as the CLI prints, exit code 0", async () => {
    const run = await engineCli(["--simulator", "up", "destroy", "."]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include("Updating (dev):");
    expect(run.stdout).to.match(/\+ {2}pulumi-nodejs:dynamic\/trilio:Restore {2}web-restore {2}created/);
    expect(run.stdout).to.match(/Resources:\n {4}\+ 2 created/);
    expect(run.stdout).to.include("Destroying (dev):");
    expect(run.stdout).to.match(/Resources:\n {4}- 2 deleted/);
    expect(fs.existsSync(path.join(TRILIO_EXAMPLE, ".engine", "dev.json"))).to.equal(false);
  });

  describe("against a simulator started elsewhere (npm run simulator)", () => {
    const { stack, sim, env } = simulatorStack("env", 500);

    it("up keeps the state in <folder>/.engine/<stack>.json; a second command's preview shows no changes", async () => {
      const up = await engineCli(["up", ".", "--stack", stack], env());
      expect(up.code, up.stderr).to.equal(0);
      expect(up.stdout).to.match(/\+ 2 created/);
      expect(sim().trilio.restoreStarts).to.equal(1);
      expect(fs.existsSync(path.join(TRILIO_EXAMPLE, ".engine", `${stack}.json`))).to.equal(true);

      const preview = await engineCli(["preview", ".", "--stack", stack], env());
      expect(preview.code, preview.stderr).to.equal(0);
      expect(preview.stdout).to.include(`Previewing update (${stack}):`);
      expect(preview.stdout).to.match(/Resources:\n {4}2 unchanged/);
    });

    it("destroy deletes what the first command created", async () => {
      const destroy = await engineCli(["destroy", ".", `--stack=${stack}`], env());
      expect(destroy.code, destroy.stderr).to.equal(0);
      expect(destroy.stdout).to.match(/- 2 deleted/);
      expect(sim().requests.filter((r) => r.service === "trilio" && r.method === "DELETE")).to.have.length(1);
    });
  });

  describe("stopped with SIGTERM in the middle of an up", () => {
    const { stack, sim, env } = simulatorStack("signal", 60_000);

    it("stops the program and the provider host, and leaves a state that loads with the interrupted create", async () => {
      const { child, done } = startCli(["up", ".", "--stack", stack], env());
      await until(() => sim().requests.some((r) => r.service === "trilio" && r.method === "POST"), 60_000);
      const children = childrenOf(child.pid!);
      expect(children, "the program runner and the provider host").to.have.length(2);
      child.kill("SIGTERM");
      const run = await done;
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include("SIGTERM: stopping the program and the provider host");
      expect(children.filter((pid) => fs.existsSync(`/proc/${pid}`))).to.deep.equal([]);

      const stored = readStateFile(
        path.join(TRILIO_EXAMPLE, ".engine", `${stack}.json`),
        stack,
        "trilio-restore",
      );
      expect(stored.pendingOperations).to.deep.equal([
        {
          urn: `urn:pulumi:${stack}::trilio-restore::pulumi-nodejs:dynamic/trilio:Restore::web-restore`,
          type: "creating",
        },
      ]);
      const preview = await engineCli(["preview", ".", "--stack", stack], env());
      expect(preview.stdout).to.match(/1 pending operations[\s\S]*web-restore, interrupted while creating/);
    });
  });

  describe("stack config from Pulumi.<stack>.yaml", () => {
    const { stack, sim, env } = simulatorStack("config", 500);

    it("takes YAML booleans and numbers: remote checks off, a numeric trigger", async () => {
      fs.writeFileSync(
        path.join(TRILIO_EXAMPLE, `Pulumi.${stack}.yaml`),
        "config:\n  dataprotection:remoteChecks: false\n  trilio-restore:drill: 2\n",
      );
      const preview = await engineCli(["preview", ".", "--stack", stack], env());
      expect(preview.code, preview.stderr).to.equal(0);
      expect(preview.stdout).to.match(/\+ 2 to create/);
      // With remote checks on, Check reads the snapshot and says what it will restore.
      expect(preview.stdout).to.not.include("will restore");
      expect(sim().requests.filter((r) => r.service === "trilio")).to.deep.equal([]);

      const up = await engineCli(["up", ".", "--stack", stack], env());
      expect(up.code, up.stderr).to.equal(0);
      const state = fs.readFileSync(path.join(TRILIO_EXAMPLE, ".engine", `${stack}.json`), "utf8");
      expect(state).to.include('"drill": "2"');
      expect((await engineCli(["destroy", ".", "--stack", stack], env())).code).to.equal(0);
    });

    it("a value encrypted by the Pulumi CLI (secure:) is refused, naming the key", async () => {
      fs.writeFileSync(
        path.join(TRILIO_EXAMPLE, `Pulumi.${stack}.yaml`),
        "config:\n  trilio-restore:password:\n    secure: AAABAMcGtPo=\n",
      );
      const run = await engineCli(["preview", ".", "--stack", stack]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('"trilio-restore:password" is a secret encrypted by the Pulumi CLI');
    });
  });

  it("bad usage: exit code 2 and the usage text", async () => {
    const run = await engineCli(["up", "upp", "."]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include("one program folder, not 2");
    expect(run.stderr).to.include("Usage: npm run engine -- <operation...> <program folder> [options]");
    const none = await engineCli([]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include("no operation");
  });

  it("type-checks the program as the CLI does: a type error fails it, naming the line", async () => {
    // Inside the repository, so that the program resolves the package and @pulumi/pulumi as the examples do.
    const dir = fs.mkdtempSync(path.resolve(__dirname, "../../../tests/projects/.typecheck-"));
    try {
      for (const file of ["Pulumi.yaml", "tsconfig.json"]) {
        fs.copyFileSync(path.join(TRILIO_EXAMPLE, file), path.join(dir, file));
      }
      const program = fs.readFileSync(path.join(TRILIO_EXAMPLE, "index.ts"), "utf8");
      fs.writeFileSync(path.join(dir, "index.ts"), `${program}\nconst wrong: number = "not a number";\n`);
      const run = await engineCli(["--simulator", "preview", dir]);
      expect(run.code).to.equal(1);
      expect(run.stdout + run.stderr).to.match(
        /index\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a folder without Pulumi.yaml: says so", async () => {
    const run = await engineCli(["preview", "examples"], {}, path.resolve(__dirname, "../../.."));
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/examples has no Pulumi\.yaml: give the folder of a Pulumi program/);
  });
});
