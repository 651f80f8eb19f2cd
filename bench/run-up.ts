/** One timed `pulumi up` of declared resources through the test engine, for the benchmarks. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, type RunResult, type StateResource } from "../engine";

const PROJECT = path.resolve(__dirname, "../../tests/projects/resources");

/** A resource of the test program: type ("waldur.Snapshot"), name, arguments. */
export interface Declared {
  type: string;
  name: string;
  args: Record<string, unknown>;
}

/** What one `up` did and took. */
export interface TimedUp {
  result: RunResult;
  ms: number;
  /** The resources in state after the run. */
  resources: StateResource[];
}

/** Runs one `up` of `resources` with `env` (the connection), every operation in parallel. */
export async function timedUp(resources: Declared[], env: Record<string, string>): Promise<TimedUp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  try {
    const engine = new Engine({
      projectDir: PROJECT,
      stateFile: path.join(dir, "state.json"),
      config: { resources: JSON.stringify(resources) },
      env,
      parallel: Math.max(1, resources.length),
    });
    const start = performance.now();
    const result = await engine.up();
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(`bench up of ${resources.length} resources failed: ${result.error}`);
    return { result, ms, resources: engine.state().resources };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `__provider` bytes and whole-state bytes of the first resource of `type` ("pulumi-nodejs:dynamic/…"). */
export function stateSizes(
  resources: StateResource[],
  type: string,
): { providerBytes: number; stateBytes: number } {
  const resource = resources.find((r) => r.type === type);
  return {
    providerBytes: Buffer.byteLength(String(resource?.outputs.__provider ?? "")),
    stateBytes: Buffer.byteLength(JSON.stringify(resource)),
  };
}
