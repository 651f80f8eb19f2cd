/**
 * Loading got, which is ESM-only since v12, from this CommonJS package.
 *
 * A dynamic `import()` works from CommonJS on every Node version this package supports (Node ≥ 20), unlike
 * `require()` of an ES module, which needs Node ≥ 20.19. TypeScript keeps `import()` as it is under
 * `module: node16`, so the compiled code really imports it. The module is loaded once per process, on first use.
 */
import type got from "got" with { "resolution-mode": "import" };

let loading: Promise<typeof got> | undefined;

/** The default got instance, imported on first call. */
export function loadGot(): Promise<typeof got> {
  loading ??= import("got").then((module) => module.default);
  return loading;
}
