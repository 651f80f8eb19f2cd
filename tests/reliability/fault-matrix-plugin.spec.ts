// The fault matrix on the provider plugin: the cells and books of fault-matrix.spec.ts, with the stack's resources
// declared as the plugin's `pulumi.CustomResource`s (tests/projects/plugin-resources) and run by the engine on the
// plugin executable, as the CLI runs a package's plugin.
// Run: npm run build && npx mocha --no-config --timeout 900000 dist/tests/reliability/fault-matrix-plugin.spec.js;
// FAULT_MATRIX_CONCURRENCY sets how many lifecycles run at once (default 2). The table and
// reports/reliability/fault-matrix-plugin.json are written before the cells are asserted.
import { PLUGIN_FACE } from "./fault-faces";
import { describeFaultMatrix } from "./fault-matrix-suite";

describeFaultMatrix(PLUGIN_FACE);
