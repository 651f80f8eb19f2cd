// What a user gets from `npm install ./pulumi-openstack-dataprotection-<version>.tgz`: the packed package,
// installed in a project folder of its own (no repository around it), runs an example program end to end,
// type-checked as the Pulumi CLI loads it. Needs the npm registry or a warm npm cache (about a minute).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { Engine, type RunResult } from "../../engine";
import { CINDER_SEED, startSimulator, type Simulator } from "../../simulator";
import { installExample } from "./installed-example";

// The CLI's NodeJS language host registers ts-node (the project's, else the SDK's vendored 7.0.1) with type
// checking on, unless the tsconfig says `noCheck` or PULUMI_NODEJS_TRANSPILE_ONLY says so (see
// @pulumi/pulumi/cmd/run/run.js). The engine registers it the same way but transpile-only by default; this
// turns checking on, as the CLI has it.
const AS_THE_CLI = { PULUMI_NODEJS_TRANSPILE_ONLY: "false" };

describe("the packed package, installed in an empty project", function () {
  this.timeout(300_000);
  let project: string;
  let sim: Simulator;

  const run = async (kind: "preview" | "up" | "destroy", projectDir = project): Promise<RunResult> =>
    await new Engine({
      projectDir,
      stateFile: path.join(projectDir, ".engine-state.json"),
      env: { ...sim.openrc(), ...sim.waldurEnv(), ...AS_THE_CLI },
    })[kind]();
  const said = (result: RunResult): string =>
    [result.error ?? "", ...result.diagnostics.map((diagnostic) => diagnostic.message)].join("\n");

  before(async () => {
    project = installExample("cinder-backup-restore");
    sim = await startSimulator();
    sim.cinder.setBehaviour({ backupMs: 500, restoreMs: 500 });
  });
  after(async () => {
    await sim?.close();
    if (project) fs.rmSync(path.dirname(project), { recursive: true, force: true });
  });

  it("is the installed copy, not the repository's", () => {
    const installed = fs.realpathSync(path.join(project, "node_modules/pulumi-openstack-dataprotection"));
    expect(installed.startsWith(path.dirname(project))).to.equal(true);
    expect(fs.existsSync(path.join(installed, "dist/provider/index.js"))).to.equal(true);
  });

  it("runs examples/cinder-backup-restore, type-checked: preview, up and destroy against the simulator", async () => {
    const preview = await run("preview");
    expect(preview.ok, said(preview)).to.equal(true);
    expect(preview.summary.create).to.equal(4);

    const up = await run("up");
    expect(up.ok, said(up)).to.equal(true);
    expect(up.outputs.restoredVolume).to.match(/^data-restore-drill \(\S+, available\)$/);
    expect(sim.cinder.state.backups.map((backup) => backup.volumeId)).to.deep.equal([
      CINDER_SEED.dataVolumeId,
      CINDER_SEED.dataVolumeId,
    ]);

    const destroy = await run("destroy");
    expect(destroy.ok, said(destroy)).to.equal(true);
    expect(destroy.summary.delete).to.equal(4);
    expect(sim.cinder.state.backups).to.deep.equal([]);
    expect(sim.cinder.state.volumes.map((volume) => volume.name)).to.not.include("data-restore-drill");
  });

  it("refuses a copy of the example with a type error in it, naming the line, before any request", async () => {
    const broken = path.join(path.dirname(project), "broken-example");
    fs.mkdirSync(broken);
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
      fs.copyFileSync(path.join(project, file), path.join(broken, file));
    }
    fs.symlinkSync(path.join(project, "node_modules"), path.join(broken, "node_modules"));
    const source = fs.readFileSync(path.join(project, "index.ts"), "utf8");
    const typeError = source.replace('newVolumeName: "data-restore-drill"', "newVolumeName: 42");
    expect(typeError).to.not.equal(source);
    fs.writeFileSync(path.join(broken, "index.ts"), typeError);
    const before = sim.requests.length;

    const preview = await run("preview", broken);
    expect(preview.ok).to.equal(false);
    expect(said(preview)).to.match(/index\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable/);
    expect(sim.requests.length).to.equal(before);
  });
});
