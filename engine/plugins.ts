/**
 * Where the engine finds a provider plugin, as the CLI does for a program that names one: the `packages:` entry of
 * the program's `Pulumi.yaml` (`packages: { openstack-dataprotection: ../path }`, a plugin executable or a folder
 * holding `pulumi-resource-<name>` or `bin/pulumi-resource-<name>`), else the repository's own executable.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** The provider plugins the engine can run: this repository's `openstack-dataprotection`. */
export const PLUGIN_PACKAGES = ["openstack-dataprotection"] as const;

/** The repository root (the engine runs from `dist/engine`). */
const REPOSITORY_ROOT = path.resolve(__dirname, "../..");

/** The executable of plugin `pkg` for the program in `projectDir`. */
export function resolvePlugin(projectDir: string, pkg: string): string {
  const entry = packageEntry(projectDir, pkg);
  const executable = `pulumi-resource-${pkg}`;
  if (entry === undefined) return path.join(REPOSITORY_ROOT, "bin", executable);
  const where = path.resolve(projectDir, entry);
  const candidates = [where, path.join(where, executable), path.join(where, "bin", executable)];
  const found = candidates.find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
  if (!found) {
    throw new Error(
      `Pulumi.yaml: the package "${pkg}" points at ${where}, which holds no ${executable}; give the path of the ` +
        "plugin executable or of the folder that holds it",
    );
  }
  return found;
}

/** The source of `pkg` in the `packages:` map of `Pulumi.yaml` (a path, or `{ source: path }`). */
function packageEntry(projectDir: string, pkg: string): string | undefined {
  const doc = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as
    { packages?: Record<string, string | { source?: string }> } | undefined;
  const entry = doc?.packages?.[pkg];
  return typeof entry === "string" ? entry : entry?.source;
}
