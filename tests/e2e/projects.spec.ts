// The example and the repository root are Pulumi projects a user runs with `pulumi up`; they run here through
// the real host, which finds this package in the project's node_modules as it would in a user's project.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "../engine";
import { startSimulator, type Simulator } from "../../simulator";

const ROOT = path.resolve(__dirname, "../../..");

describe("runnable projects", function () {
  this.timeout(120_000);
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ trilio: { restoreDurationMs: 800 } })));
  after(async () => sim.close());

  for (const [label, projectDir] of [
    ["examples/trilio-restore", path.join(ROOT, "examples/trilio-restore")],
    ["the repository root (main: examples/trilio-restore/index.ts)", ROOT],
  ]) {
    it(`${label}: up restores, destroy removes the restore record`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
      const engine = new Engine({ projectDir, stateFile: path.join(dir, "state.json"), env: sim.openrc() });
      const up = await engine.up();
      expect(up.ok, up.error).to.equal(true);
      expect(up.outputs.status).to.equal("available");
      expect(up.outputs.restoredInstances).to.have.length(1);
      const destroy = await engine.destroy();
      expect(destroy.ok, destroy.error).to.equal(true);
      expect(sim.trilio.state.restores).to.have.length(0);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
