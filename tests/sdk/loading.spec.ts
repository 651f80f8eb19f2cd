// What a program loads. Importing the package runs in every Pulumi program, so it must load the SDK classes only:
// the provider's implementation is loaded by the dynamic-provider host when an operation runs, or by a lookup
// (getFlashCopyMappings) when it is called. Waldur is no OpenStack service: its code never loads the OpenStack
// connection, Keystone or the service catalog.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const DIST = path.resolve(__dirname, "../..");

/** The files below dist/ a fresh Node process has loaded after requiring `modules` (paths relative to dist/). */
function loadedBy(...modules: string[]): string[] {
  const script = `
    for (const m of ${JSON.stringify(modules)}) require(require("path").join(${JSON.stringify(DIST)}, m));
    const root = ${JSON.stringify(DIST + path.sep)};
    console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(root) && !f.includes("node_modules")).map((f) => f.slice(root.length))));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as string[];
}

describe("what a program loads", function () {
  this.timeout(30_000);

  it("importing the package loads the SDK and no provider implementation", () => {
    const loaded = loadedBy("index.js");
    expect(loaded).to.include("sdk/waldur/snapshot.js");
    expect(loaded.filter((file) => file.startsWith("provider/"))).to.deep.equal([]);
  });

  it("the Waldur resources load no OpenStack code", () => {
    const loaded = loadedBy("provider/waldur/snapshot.js", "provider/waldur/volume-restoration.js");
    expect(loaded).to.include("provider/core/http/service-client.js");
    expect(loaded.filter((file) => file.startsWith("provider/openstack/"))).to.deep.equal([]);
  });

  it("the OpenStack resources share one OpenStack layer", () => {
    const loaded = loadedBy("provider/cinder/backup.js");
    expect(loaded).to.include.members([
      "provider/openstack/keystone.js",
      "provider/openstack/service-client.js",
    ]);
  });
});
