/**
 * Reading a cloud's settings from `clouds.yaml` (and `secure.yaml` beside it), as the OpenStack client and
 * openstacksdk do: `OS_CLIENT_CONFIG_FILE`, then `./clouds.yaml`, `~/.config/openstack/clouds.yaml`,
 * `/etc/openstack/clouds.yaml`; the first file that exists is used.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** One cloud entry, as written in clouds.yaml (snake_case, as the file has it). */
export interface CloudEntry {
  auth?: Record<string, unknown>;
  auth_type?: string;
  region_name?: string;
  interface?: string;
  cacert?: string;
  verify?: boolean;
  [key: string]: unknown;
}

/** Where a cloud entry came from, for messages. */
export interface FoundCloud {
  entry: CloudEntry;
  file: string;
}

/** The files searched, in order, for `clouds.yaml`. */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd = process.cwd()): string[] {
  const candidates = [
    path.join(cwd, "clouds.yaml"),
    path.join(os.homedir(), ".config", "openstack", "clouds.yaml"),
    "/etc/openstack/clouds.yaml",
  ];
  return env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE, ...candidates] : candidates;
}

/**
 * The named cloud from the first clouds.yaml found, with `secure.yaml` from the same folder merged over it.
 * Throws an Error that names the file when the file exists but the cloud is not in it, or the YAML is invalid.
 * Returns undefined when no clouds.yaml exists.
 */
export function findCloud(name: string, env: NodeJS.ProcessEnv, cwd?: string): FoundCloud | undefined {
  const file = cloudsYamlCandidates(env, cwd).find((candidate) => fs.existsSync(candidate));
  if (!file) return undefined;
  const clouds = readClouds(file);
  const entry = clouds[name];
  if (!entry) {
    const known = Object.keys(clouds);
    throw new Error(
      `cloud "${name}" is not in ${file} (it has: ${known.length > 0 ? known.join(", ") : "no clouds"})`,
    );
  }
  const secureFile = path.join(path.dirname(file), "secure.yaml");
  const secure = fs.existsSync(secureFile) ? readClouds(secureFile)[name] : undefined;
  return { entry: mergeEntries(entry, secure), file };
}

function readClouds(file: string): Record<string, CloudEntry> {
  let document: unknown;
  try {
    document = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  }
  const clouds = (document as { clouds?: unknown } | undefined)?.clouds;
  if (!clouds || typeof clouds !== "object") return {};
  return clouds as Record<string, CloudEntry>;
}

function mergeEntries(base: CloudEntry, overlay: CloudEntry | undefined): CloudEntry {
  if (!overlay) return base;
  return { ...base, ...overlay, auth: { ...base.auth, ...overlay.auth } };
}
