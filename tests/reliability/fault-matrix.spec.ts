// The fault matrix on the dynamic providers: every resource, every phase of its life, under every fault the
// simulator injects. One stack declares the seven resources (one of each, independent); one lifecycle per fault
// visits every phase in turn with the fault on for that phase's requests only. Each cell asserts what a user would
// want (recovery from a transient fault; a clear error otherwise, with a failed object recorded), and the books:
// nothing orphaned, nothing started twice, the state valid, and the next runs converge and settle.
// fault-matrix-plugin.spec.ts runs the same cells on the provider plugin.
// Run: npm run build && npx mocha --no-config --timeout 900000 dist/tests/reliability/fault-matrix.spec.js;
// FAULT_MATRIX_CONCURRENCY sets how many lifecycles run at once (default 2). The table and
// reports/reliability/fault-matrix.json are written before the cells are asserted.
import { DYNAMIC_FACE } from "./fault-faces";
import { describeFaultMatrix } from "./fault-matrix-suite";

describeFaultMatrix(DYNAMIC_FACE);
