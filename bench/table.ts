/** Tables for benchmark reports, as Markdown so they read the same printed and in docs/. */

/** One row: a cell per column. */
export type Row = readonly string[];

/** `rows` under `headers` as a Markdown table with aligned columns. */
export function markdownTable(headers: Row, rows: readonly Row[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: Row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  return [
    line(headers),
    `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}

/** Prints `rows` under `headers` as a Markdown table. */
export function printTable(headers: Row, rows: readonly Row[]): void {
  console.log(markdownTable(headers, rows));
}
