import { expect } from "chai";
import { FixtureStack, type ThingSpec } from "./fixture";
import { stepsFor } from "../../engine/types";

describe("engine: ignoreChanges and replaceOnChanges as the CLI applies them", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();
  const things = (size: number): ThingSpec[] => [
    { name: "ignoring", size, options: { ignoreChanges: ["size"] } },
    { name: "provider-diff", size, options: { replaceOnChanges: ["size"] } },
    { name: "engine-diff", size, legacyDiff: true, options: { replaceOnChanges: ["size"] } },
  ];

  after(() => stack.dispose());

  it("ignores the listed inputs, and replaces on changes the engine can see", async () => {
    const created = await stack.engine(things(1)).up();
    expect(created.ok, created.error).to.equal(true);

    const id = stack.calls("create").find((c) => c.label === "ignoring")!.id!;
    stack.clearCalls();
    const result = await stack.engine([...things(2), { name: "observer", options: { id } }]).up();
    expect(result.ok, result.error).to.equal(true);
    const [ignoring] = stepsFor(result, "ignoring");
    expect(ignoring.op).to.equal("same");
    expect(stack.calls("check").find((c) => c.label === "ignoring")!.news!["size"]).to.equal(1);
    // The dynamic-provider host reports no changed keys with `changes: true`, so replaceOnChanges has
    // nothing to match and the resource is updated; with DIFF_UNKNOWN the engine diffs the inputs itself.
    expect(stepsFor(result, "provider-diff")[0].op).to.equal("update");
    const [engineDiff] = stepsFor(result, "engine-diff");
    expect(engineDiff.op).to.equal("replace");
    expect(engineDiff.detailedDiff!.replaces).to.deep.equal(["size"]);
  });

  it("reads a resource given by ID (`Resource.get`) through the provider, without owning it", async () => {
    const [read] = stack.calls("read");
    const ignoringId = stack.calls("diff").find((c) => c.label === "ignoring")!.id;
    expect(read).to.include({ label: "observer", id: ignoringId });
    const observer = stack
      .engine([])
      .state()
      .resources.find((r) => r.name === "observer")!;
    expect(observer).to.include({ external: true, id: ignoringId });
    stack.clearCalls();
    const result = await stack.engine(things(2)).up();
    expect(result.ok, result.error).to.equal(true);
    expect(stepsFor(result, "observer").map((s) => s.op)).to.deep.equal(["delete"]);
    expect(stack.calls("delete")).to.deep.equal([]);
  });
});
