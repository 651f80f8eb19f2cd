/**
 * Running a test under changed environment variables. The providers read the environment once per process
 * (provider/core/settings/environment.ts), so a change made in-process takes effect only through here.
 */
import { rereadEnvironment } from "../../provider/core/settings/environment";

/** Runs `work` with `changes` applied to `process.env` (undefined removes a variable), then puts it back. */
export async function withEnvironment<T>(
  changes: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  apply(changes);
  try {
    return await work();
  } finally {
    apply(saved);
  }
}

function apply(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rereadEnvironment();
}
