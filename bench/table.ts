/** Plain-text tables for benchmark reports. */

/** One row: a cell per column. */
export type Row = readonly string[];

/** Prints `rows` under `headers` with aligned columns, as Markdown so the output can be pasted into docs. */
export function printTable(headers: Row, rows: readonly Row[]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: Row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  console.log(line(headers));
  console.log(`| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`);
  for (const row of rows) console.log(line(row));
}
