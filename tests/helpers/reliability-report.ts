/**
 * Where the reliability suites (and the fuzzed checks) leave their figures: `reports/reliability/<name>.json` at
 * the repository root, from which `npm run reliability:report` renders docs/reliability.md. The directory is not
 * committed: it holds the last run's figures on this machine.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { printTable, type Row } from "../../bench/table";

/** `reports/reliability` (from dist/tests/helpers, three levels below the repository root). */
export const RELIABILITY_REPORTS = path.resolve(__dirname, "../../../reports/reliability");

/** A table to print on the console beside the figures. */
export interface ConsoleTable {
  headers: Row;
  rows: readonly Row[];
}

/** Writes `figures` as `reports/reliability/<name>.json` and prints `table`, if given; returns the file. */
export function writeReport(name: string, figures: unknown, table?: ConsoleTable): string {
  fs.mkdirSync(RELIABILITY_REPORTS, { recursive: true });
  const file = path.join(RELIABILITY_REPORTS, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  if (table) {
    console.log();
    printTable(table.headers, table.rows);
    console.log(`\n${path.relative(process.cwd(), file)}`);
  }
  return file;
}
