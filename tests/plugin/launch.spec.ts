// PulumiPlugin.yaml: `pulumi package add <folder or git URL>` launches the plugin through Pulumi's Node.js language
// host, whose RunPlugin runs `node <@pulumi/pulumi/cmd/run-plugin> <program> <engine address>` with the manifest's
// `main` as the program. This starts it that way, with the run-plugin script of the @pulumi/pulumi installed here,
// and asks for its schema.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { HostHandle } from "../../engine/host";

/** The repository root (from `dist/tests/plugin`). */
const ROOT = path.resolve(__dirname, "../../..");

/** The manifest's fields, read as the CLI reads them (one `key: value` per line). */
function manifest(): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8");
  const entries = text
    .split("\n")
    .filter((line) => /^[a-z]+:/.test(line))
    .map((line) => line.split(/:\s*/, 2) as [string, string]);
  return Object.fromEntries(entries);
}

describe("PulumiPlugin.yaml: the plugin as Pulumi's Node.js language host runs it", function () {
  this.timeout(60_000);

  it("is a Node.js plugin whose main serves the package's schema through @pulumi/pulumi's run-plugin", async () => {
    const { runtime, main } = manifest();
    expect(runtime).to.equal("nodejs");
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [ROOT] });
    // The language host's command line, in a script the engine's host launcher can start as an executable.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-plugin-"));
    const launcher = path.join(dir, "launch");
    const command = [process.execPath, runPlugin, path.join(ROOT, main)].map((part) => `'${part}'`).join(" ");
    fs.writeFileSync(launcher, `#!/bin/sh\nexec ${command} "$@"\n`, { mode: 0o755 });
    const plugin = await HostHandle.start({
      projectDir: ROOT,
      project: "test",
      stack: "dev",
      executable: launcher,
    });
    try {
      const schema = await plugin.getSchema();
      expect(schema.name).to.equal("openstack-dataprotection");
    } finally {
      await plugin.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
