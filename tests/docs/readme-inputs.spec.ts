// The README's input tables against the field declarations: every resource type has one, and each row says what
// the declaration says (the input, what it is, what a change and a removal do). `npm run docs:inputs` rewrites
// them from the declarations.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { fieldsByType } from "../../provider";
import { inputTable } from "../../provider/core/fields";
import { inputTablesIn } from "../../scripts/readme-inputs";

const README = path.resolve(__dirname, "../../../README.md");

describe("README.md's input tables", () => {
  const tables = inputTablesIn(fs.readFileSync(README, "utf8"));

  for (const [type, fields] of Object.entries(fieldsByType)) {
    it(`${type}: one row per declared input, as declared (npm run docs:inputs writes them)`, () => {
      expect(tables.get(type), `README.md has no <!-- inputs: ${type} --> table`).to.not.equal(undefined);
      expect(tables.get(type)).to.deep.equal(inputTable(fields).map((row) => [...row]));
    });
  }
});
