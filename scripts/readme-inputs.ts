/**
 * `npm run docs:inputs`: writes each resource's input table in README.md from its field declarations (see
 * provider/core/fields.ts), between `<!-- inputs: <type> -->` and `<!-- /inputs -->`, then formats the file as
 * Prettier does. `npm test` checks that the tables and the declarations agree (tests/docs/readme-inputs.spec.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { fieldsByType } from "../provider";
import { inputTable, type InputRow } from "../provider/core/fields";

const README = path.resolve(__dirname, "../../README.md");
const HEADER: InputRow = ["input", "what it is", "a change, and removing it"];

/** The marked tables of `readme`, by resource type, as rows of cells (the header left out). */
export function inputTablesIn(readme: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const match of readme.matchAll(/<!-- inputs: (\S+) -->\n([\s\S]*?)<!-- \/inputs -->/g)) {
    const rows = match[2]
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .slice(2)
      .map(cellsOf);
    tables.set(match[1], rows);
  }
  return tables;
}

/** A table row's cells, trimmed, with escaped pipes as the text they stand for. */
function cellsOf(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** A table in Markdown, unpadded (Prettier pads it). */
function markdownOf(rows: readonly InputRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(HEADER), line(HEADER.map(() => "---")), ...rows.map(line)].join("\n");
}

/** `readme` with every marked table written from the declarations. */
export function withInputTables(readme: string): string {
  return readme.replace(/<!-- inputs: (\S+) -->\n[\s\S]*?<!-- \/inputs -->/g, (_whole, type: string) => {
    const fields = fieldsByType[type];
    if (!fields) throw new Error(`README.md marks an input table of ${type}, which has no declarations`);
    return `<!-- inputs: ${type} -->\n\n${markdownOf(inputTable(fields))}\n\n<!-- /inputs -->`;
  });
}

async function main(): Promise<void> {
  const text = withInputTables(fs.readFileSync(README, "utf8"));
  const options = (await prettier.resolveConfig(README)) ?? {};
  fs.writeFileSync(README, await prettier.format(text, { ...options, filepath: README }));
  console.log(`wrote the input tables of ${path.relative(process.cwd(), README)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
