// What check hands the engine for a restore's source (see provider/core/pin.ts), in the cases the end-to-end
// suite (tests/e2e/pinned-restores.spec.ts) does not reach: a source unknown at preview, a change that replaces
// anyway, a create.
import { expect } from "chai";
import type { DiffTable } from "../../../provider/core/diff";
import { checkSource } from "../../../provider/core/pin";
import { UNKNOWN } from "../../../provider/core/values";

const source = { input: "snapshotUuid", noun: "snapshot" };
const table: DiffTable<unknown> = {
  snapshotUuid: "replace",
  triggers: "replace",
  name: "update",
  pinSource: "update",
} as never;
const restored = { snapshotUuid: "a", triggers: { drill: "1" }, name: "drill", pinSource: true };

describe("checkSource", () => {
  it("keeps the restored source when the program names one preview cannot know yet", () => {
    const { inputs, line } = checkSource(source, table, restored, { ...restored, snapshotUuid: UNKNOWN });
    expect(inputs.snapshotUuid).to.equal("a");
    expect(line?.text).to.equal(
      "pinned: restored snapshot a; the program now names <snapshotUuid: unknown until up> — change `triggers` " +
        "to restore it",
    );
  });

  it("keeps it through an in-place change of another input", () => {
    const news = { ...restored, snapshotUuid: "b", name: "renamed" };
    expect(checkSource(source, table, restored, news).inputs).to.deep.equal({ ...news, snapshotUuid: "a" });
  });

  it("names the source the program names now when another input replaces the restore", () => {
    const news = { ...restored, snapshotUuid: "b", triggers: { drill: "2" } };
    expect(checkSource(source, table, restored, news)).to.deep.equal({ inputs: news });
  });

  it("without pinSource, names the source the program names and says a restore runs again", () => {
    const news = { ...restored, snapshotUuid: "b", pinSource: false };
    const { inputs, line } = checkSource(source, table, restored, news);
    expect(inputs).to.deep.equal(news);
    expect(line?.text).to.match(/^will restore again: the program names snapshot b, not a /);
    const unknown = checkSource(source, table, restored, { ...news, snapshotUuid: UNKNOWN });
    expect(unknown.line?.text).to.match(
      /^may restore again: the program names snapshot <snapshotUuid: unknown/,
    );
  });

  it("leaves a create, and an unchanged source, as the program says", () => {
    expect(checkSource(source, table, {}, restored)).to.deep.equal({ inputs: restored });
    expect(checkSource(source, table, restored, { ...restored })).to.deep.equal({ inputs: restored });
  });
});
