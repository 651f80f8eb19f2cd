// What `npm install <git url or tarball>` gives a user: the built package (installing from git runs `prepare`,
// which builds it), its licence and docs, and no tests.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../../..");

describe("the published package", function () {
  this.timeout(60_000);

  it("holds the built SDK, provider and simulator, the licence and the README, and no tests", () => {
    const packed = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const files = (JSON.parse(packed) as { files: { path: string }[] }[])[0].files.map((file) => file.path);
    expect(files).to.include.members([
      "LICENSE",
      "README.md",
      "package.json",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/sdk/index.js",
      "dist/provider/index.js",
      "dist/simulator/index.js",
    ]);
    expect(
      files.filter(
        (file) => /(^|\/)tests?\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts")),
      ),
    ).to.deep.equal([]);
  });

  it("is built when installed from git: `prepare` builds the package's own sources", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      license: string;
    };
    expect(manifest.scripts.prepare).to.equal("tsc -b tsconfig.json");
    expect(manifest.license).to.equal("Apache-2.0");
  });
});
