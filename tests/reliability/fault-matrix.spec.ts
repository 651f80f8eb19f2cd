// The fault matrix: every resource, every phase of its life, under every fault the simulator injects. One stack
// declares the seven resources (one of each, independent); one lifecycle per fault visits every phase in turn
// with the fault on for that phase's requests only. Each cell asserts what a user would want (recovery from a
// transient fault; a clear error otherwise, with a failed object recorded), and the books: nothing orphaned,
// nothing started twice, the state valid, and the next runs converge and settle.
// Run: npm run build && npx mocha --no-config --timeout 600000 'dist/tests/reliability/*.spec.js' (or this file's
// dist/…/fault-matrix.spec.js alone); FAULT_MATRIX_CONCURRENCY sets how many lifecycles run at once (default 2).
// The table and reports/reliability/fault-matrix.json are written before the cells are asserted.
import { expect } from "chai";
import { applies, FAULT_KINDS } from "./fault-kinds";
import { runLifecycle, type LifecycleResult } from "./fault-lifecycle";
import { reportMatrix, totalsOf } from "./fault-report";
import { MATRIX_RESOURCES, PHASES } from "./fault-resources";

/** Lifecycles run at once: each has its own simulator and stack, and spends most of its time waiting. */
const CONCURRENCY = Number(process.env.FAULT_MATRIX_CONCURRENCY ?? 2);

/** Runs `tasks` with at most `limit` at once, keeping their order in the results. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

describe("fault matrix: every resource, every phase, every fault", function () {
  this.timeout(600_000);
  const results = new Map<string, LifecycleResult>();

  before(async () => {
    const started = Date.now();
    const done = await pool(
      FAULT_KINDS.map((fault) => () => runLifecycle(fault)),
      CONCURRENCY,
    );
    for (const result of done) results.set(result.fault, result);
    reportMatrix(done, Date.now() - started);
  });

  it("totals: no orphaned object, no duplicated operation, no lost state", () => {
    const { orphanedObjects, duplicatedOperations, lostState } = totalsOf([...results.values()]);
    expect({ orphanedObjects, duplicatedOperations, lostState }).to.deep.equal({
      orphanedObjects: 0,
      duplicatedOperations: 0,
      lostState: 0,
    });
  });

  for (const fault of FAULT_KINDS) {
    describe(`${fault.id}: ${fault.title}`, () => {
      for (const resource of MATRIX_RESOURCES) {
        for (const phase of PHASES.filter((p) => applies(fault, resource, p))) {
          it(`${resource.type} ${phase}: ${fault.expect}`, () => {
            const cell = results
              .get(fault.id)
              ?.cells.find((c) => c.type === resource.type && c.phase === phase);
            expect(cell, "the scenario did not run").to.not.equal(undefined);
            expect(cell!.problems).to.deep.equal([]);
          });
        }
      }
      it("keeps the books: nothing orphaned, nothing started twice, no state lost, every run explained", () => {
        expect(results.get(fault.id)?.problems).to.deep.equal([]);
      });
    });
  }
});
