/**
 * An example program in a folder of its own, with the package installed from the tarball `npm pack` makes, as a
 * user who runs `npm install ./pulumi-openstack-dataprotection-<version>.tgz` has it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root (from dist/tests/docs). */
export const ROOT = path.resolve(__dirname, "../../..");

/** The `@pulumi/pulumi` version the lockfile pins: the user's project gets the one the repository is tested with. */
function lockedPulumiVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages["node_modules/@pulumi/pulumi"]?.version;
  if (!version) throw new Error("package-lock.json pins no @pulumi/pulumi");
  return version;
}

/** Packs the built package (`dist/`, as `npm run build` left it) into `dir`; returns the tarball's path. */
function pack(dir: string): string {
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  return path.join(dir, filename);
}

const NETWORK_ERRORS = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/i;

/** `npm install` in `dir`; an unreachable registry is said as such, with npm's own words. */
function npmInstall(dir: string): void {
  const run = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (run.status === 0) return;
  const said = `${run.stderr ?? ""}${run.error ? String(run.error) : ""}`
    .trim()
    .split("\n")
    .slice(-15)
    .join("\n");
  const why = NETWORK_ERRORS.test(said)
    ? "it needs the npm registry (or an npm cache holding @pulumi/pulumi and the package's dependencies), " +
      "which it could not reach"
    : `it exited with ${run.status ?? run.signal ?? "no status"}`;
  throw new Error(`npm install of the packed package in ${dir} failed: ${why}.\n${said}`);
}

/**
 * Copies `examples/<example>` into a new temporary folder and installs it there: the package from a fresh
 * `npm pack` tarball, `@pulumi/pulumi` at the locked version, and the example's own dev dependencies
 * (TypeScript, Node's types). Returns the project's folder (its parent, a temporary folder, holds the tarball too);
 * on a failure the temporary folder is removed.
 */
export function installExample(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataprotection-install-"));
  try {
    const tarball = pack(dir);
    const project = path.join(dir, example);
    fs.cpSync(path.join(ROOT, "examples", example), project, { recursive: true });
    const manifestPath = path.join(project, "package.json");
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as {
      dependencies: Record<string, string>;
    };
    manifest.dependencies["pulumi-openstack-dataprotection"] = `file:${tarball}`;
    manifest.dependencies["@pulumi/pulumi"] = lockedPulumiVersion();
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    npmInstall(project);
    return project;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
