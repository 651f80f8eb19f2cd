/**
 * The fault matrix's report on one face: a table of resource × phase × fault → outcome with the totals, printed,
 * and the same figures in `reports/reliability/<face's report>.json` (`npm run reliability:report` renders
 * docs/reliability.md from them).
 */
import { printTable, type Row } from "../../bench/table";
import { writeReport } from "../helpers/reliability-report";
import type { MatrixFace } from "./fault-faces";
import { applies, FAULT_KINDS } from "./fault-kinds";
import type { LifecycleResult } from "./fault-lifecycle";
import { MATRIX_RESOURCES, PHASES } from "./fault-resources";

/** The totals the issue asks for; the goal is no orphans, no duplicates and no lost state. */
export interface MatrixTotals {
  scenarios: number;
  passed: number;
  failed: number;
  orphanedObjects: number;
  duplicatedOperations: number;
  lostState: number;
}

/** The totals over every lifecycle. */
export function totalsOf(results: readonly LifecycleResult[]): MatrixTotals {
  const cells = results.flatMap((r) => r.cells);
  const passed = cells.filter((c) => c.problems.length === 0).length;
  const sum = (pick: (r: LifecycleResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    scenarios: cells.length,
    passed,
    failed: cells.length - passed,
    orphanedObjects: sum((r) => r.findings.filter((f) => f.kind === "orphan").length),
    duplicatedOperations: sum((r) => r.findings.filter((f) => f.kind === "duplicate").length),
    lostState: sum((r) => r.findings.filter((f) => f.kind === "lost state").length),
  };
}

/** Prints the table and the totals of `face`'s matrix and writes its JSON report; returns the totals. */
export function reportMatrix(
  results: readonly LifecycleResult[],
  durationMs: number,
  face: MatrixFace,
): MatrixTotals {
  const totals = totalsOf(results);
  const rows: Row[] = [];
  for (const resource of MATRIX_RESOURCES) {
    for (const phase of PHASES) {
      if (!resource.phases[phase]) continue;
      rows.push([
        resource.type,
        phase,
        ...FAULT_KINDS.map((fault) => {
          if (!applies(fault, resource, phase)) return "–";
          const cell = results
            .find((r) => r.fault === fault.id)
            ?.cells.find((c) => c.type === resource.type && c.phase === phase);
          return cell?.outcome ?? "not run";
        }),
      ]);
    }
  }
  const figures = {
    suite: face.report,
    face: { id: face.id, title: face.title },
    generatedAt: new Date().toISOString(),
    durationMs,
    runs: results.reduce((total, r) => total + r.runs, 0),
    totals,
    faults: FAULT_KINDS.map(({ id, title, expect }) => ({ id, title, expect })),
    phases: PHASES,
    cells: results.flatMap((r) => r.cells.map((c) => ({ ...c, passed: c.problems.length === 0 }))),
    lifecycles: results.map(({ fault, runs, durationMs: ms, problems }) => ({
      fault,
      runs,
      durationMs: ms,
      problems,
    })),
  };
  console.log(`\nthe fault matrix on the ${face.title}`);
  writeReport(face.report, figures, {
    headers: ["resource", "phase", ...FAULT_KINDS.map((f) => f.id)],
    rows,
  });
  console.log();
  printTable(
    ["scenarios", "passed", "orphaned objects", "duplicated operations", "lost state", "runs", "time"],
    [
      [
        String(totals.scenarios),
        String(totals.passed),
        String(totals.orphanedObjects),
        String(totals.duplicatedOperations),
        String(totals.lostState),
        String(figures.runs),
        `${(durationMs / 1000).toFixed(0)} s`,
      ],
    ],
  );
  return totals;
}
