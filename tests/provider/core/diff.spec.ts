import { expect } from "chai";
import fc from "fast-check";
import { diffByTable, type DiffTable } from "../../../provider/core/diff";
import { UNKNOWN } from "../../../provider/core/values";

interface Inputs {
  volume: string;
  name?: string;
  tags?: Record<string, string>;
  connection?: { password: string };
  internal?: string;
}

const table: DiffTable<Inputs> = {
  volume: "replace",
  name: "update",
  tags: "update",
  connection: "update",
  internal: "ignore",
};

describe("diffByTable", () => {
  it("reports no change when every input is equal, however keys are ordered", () => {
    const diff = diffByTable(
      table,
      { volume: "v", tags: { a: "1", b: "2" } },
      { tags: { b: "2", a: "1" }, volume: "v" },
    );
    expect(diff).to.include({ changes: false, deleteBeforeReplace: false });
    expect(diff.replaces).to.deep.equal([]);
  });

  it("replaces on a replace input and updates on an update input", () => {
    expect(diffByTable(table, { volume: "a" }, { volume: "b" }).replaces).to.deep.equal(["volume"]);
    const update = diffByTable(table, { volume: "a", name: "x" }, { volume: "a", name: "y" });
    expect(update).to.include({ changes: true });
    expect(update.replaces).to.deep.equal([]);
    expect(update.changedKeys).to.deep.equal(["name"]);
  });

  it("never reports a change of an ignored input", () => {
    expect(
      diffByTable(table, { volume: "a", internal: "1" }, { volume: "a", internal: "2" }).changes,
    ).to.equal(false);
  });

  it("treats a missing input and an undefined one as equal", () => {
    expect(diffByTable(table, { volume: "a" }, { volume: "a", name: undefined }).changes).to.equal(false);
  });

  it("reports an unknown replace input as a replace, never as no change", () => {
    const diff = diffByTable(table, { volume: "a" }, { volume: UNKNOWN });
    expect(diff.changes).to.equal(true);
    expect(diff.replaces).to.deep.equal(["volume"]);
  });

  it("reports an unknown nested value of an update input as an update", () => {
    const diff = diffByTable(table, { volume: "a", tags: { a: "1" } }, { volume: "a", tags: { a: UNKNOWN } });
    expect(diff).to.include({ changes: true });
    expect(diff.replaces).to.deep.equal([]);
  });

  it("asks for delete-before-replace only when replacing", () => {
    expect(
      diffByTable(table, { volume: "a" }, { volume: "b" }, { deleteBeforeReplace: true }).deleteBeforeReplace,
    ).to.equal(true);
    expect(
      diffByTable(
        table,
        { volume: "a", name: "x" },
        { volume: "a", name: "y" },
        { deleteBeforeReplace: true },
      ).deleteBeforeReplace,
    ).to.equal(false);
  });

  it("is symmetric in whether anything changed, for any values", () => {
    const value = fc.option(fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.string())), {
      nil: undefined,
    });
    fc.assert(
      fc.property(value, value, value, value, (v1, v2, n1, n2) => {
        const a = { volume: v1, name: n1 };
        const b = { volume: v2, name: n2 };
        expect(diffByTable(table, a, b).changes).to.equal(diffByTable(table, b, a).changes);
        expect(diffByTable(table, a, a).changes).to.equal(false);
      }),
    );
  });
});
