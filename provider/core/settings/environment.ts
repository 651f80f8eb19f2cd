/**
 * The process environment, read once.
 *
 * The dynamic-provider host runs with the environment `pulumi up` started it with, and nothing changes it while it
 * runs, so every setting read from the environment (`OS_*`, `WALDUR_*`, `DATAPROTECTION_*`) comes from one
 * snapshot. Reading `process.env` calls into the runtime for every name, and enumerating it (to find
 * `OS_<SERVICE>_ENDPOINT_OVERRIDE`) costs more: done per operation, that was a tenth of a read's own work.
 */

let snapshot: Readonly<NodeJS.ProcessEnv> | undefined;
let generation = 0;

/** The environment as it was when first read (or last {@link rereadEnvironment}). */
export function environment(): Readonly<NodeJS.ProcessEnv> {
  snapshot ??= Object.freeze({ ...process.env });
  return snapshot;
}

/**
 * Makes the next {@link environment} read `process.env` again. For code that changes `process.env` in-process
 * (tests, tools embedding the providers); the host never needs it.
 */
export function rereadEnvironment(): void {
  snapshot = undefined;
  generation++;
}

/** Changes each time the environment is re-read: part of the validity of anything derived from it. */
export function environmentGeneration(): number {
  return generation;
}
