/**
 * The fault matrix's suite for one face of the package: every fault's lifecycle runs first (a few at once), the
 * report is written, then each cell and each lifecycle's books are asserted. Each face's spec calls
 * {@link describeFaultMatrix}, so both faces run the same cells with the same assertions.
 */
import { expect } from "chai";
import type { MatrixFace } from "./fault-faces";
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

/** Describes the fault matrix on `face`: every resource, every phase, every fault, and the books. */
export function describeFaultMatrix(face: MatrixFace): void {
  describe(`fault matrix on the ${face.title}: every resource, every phase, every fault`, function () {
    this.timeout(900_000);
    const results = new Map<string, LifecycleResult>();

    before(async () => {
      const started = Date.now();
      const done = await pool(
        FAULT_KINDS.map((fault) => () => runLifecycle(fault, face)),
        CONCURRENCY,
      );
      for (const result of done) results.set(result.fault, result);
      reportMatrix(done, Date.now() - started, face);
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
}
