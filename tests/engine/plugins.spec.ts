// Which provider a resource runs on: the plugin named by Pulumi.yaml's `packages:` or the repository's own, the
// dynamic-provider host for dynamic resources, a message naming the type for any other package; and the
// customTimeouts the program sets, as the seconds each request carries.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { resolvePlugin } from "../../engine/plugins";
import { ProviderRegistry } from "../../engine/provider-registry";
import { durationSeconds } from "../../engine/runner-monitor";

const ROOT = path.resolve(__dirname, "../../..");
const PLUGIN = "openstack-dataprotection";
const EXECUTABLE = `pulumi-resource-${PLUGIN}`;

describe("engine units: provider plugins", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-plugins-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function project(packages?: string): string {
    const lines = ["name: p", "runtime: nodejs", ...(packages ? ["packages:", packages] : [])];
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), lines.join("\n") + "\n");
    return dir;
  }

  function executableIn(folder: string): string {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, EXECUTABLE);
    fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
    return file;
  }

  it("without a packages entry, runs the repository's plugin executable", () => {
    expect(resolvePlugin(project(), PLUGIN)).to.equal(path.join(ROOT, "bin", EXECUTABLE));
    expect(fs.existsSync(resolvePlugin(project(), PLUGIN))).to.equal(true);
  });

  it("runs the plugin the packages entry names: a path to the executable, a folder, or a folder's bin", () => {
    const direct = executableIn(path.join(dir, "direct"));
    expect(resolvePlugin(project(`  ${PLUGIN}: ./direct/${EXECUTABLE}`), PLUGIN)).to.equal(direct);
    expect(resolvePlugin(project(`  ${PLUGIN}: ./direct`), PLUGIN)).to.equal(direct);
    const inBin = executableIn(path.join(dir, "checkout", "bin"));
    expect(resolvePlugin(project(`  ${PLUGIN}:\n    source: ./checkout`), PLUGIN)).to.equal(inBin);
  });

  it("a packages entry that holds no plugin stops the run, naming the package and where it looked", () => {
    expect(() => resolvePlugin(project(`  ${PLUGIN}: ./nowhere`), PLUGIN)).to.throw(
      `Pulumi.yaml: the package "${PLUGIN}" points at ${path.join(dir, "nowhere")}, which holds no ${EXECUTABLE}`,
    );
  });

  it("refuses a resource of a package it has no provider for, naming the type", () => {
    const registry = new ProviderRegistry({ projectDir: project(), project: "p", stack: "dev" }, {});
    expect(() => registry.of("openstack:blockstorage:Volume")).to.throw(
      "openstack:blockstorage:Volume: the engine runs NodeJS dynamic resources (pulumi-nodejs:dynamic…) and the " +
        'resources of openstack-dataprotection; it has no provider for the package "openstack"',
    );
    expect(registry.of("pulumi-nodejs:dynamic/cinder:Backup")).to.equal(registry.dynamic);
    expect(registry.of(`${PLUGIN}:cinder:Backup`)).to.equal(registry.of(`${PLUGIN}:waldur:Snapshot`));
  });

  it("reads customTimeouts as the SDK passes them (Go durations) into seconds, and names a bad one", () => {
    expect(durationSeconds("30s")).to.equal(30);
    expect(durationSeconds("1h30m")).to.equal(5400);
    expect(durationSeconds("1.5m")).to.equal(90);
    expect(durationSeconds("500ms")).to.equal(0.5);
    expect(() => durationSeconds("soon")).to.throw('customTimeouts: "soon" is not a duration');
  });
});
