import * as fs from "node:fs";
import { expect } from "chai";
import { FixtureStack, sequence, type ThingSpec } from "./fixture";
import { stepsFor, stepsOf, type RunResult } from "../../engine/types";
import { UNKNOWN } from "../../engine/wire";

describe("engine: dependencies, preview and destroy", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();
  const things: ThingSpec[] = [
    { name: "first" },
    { name: "second", upstream: "first" },
    { name: "kept", options: { retainOnDelete: true } },
  ];
  let result: RunResult;

  after(() => stack.dispose());

  it("preview calls only Check, and the program sees unknown outputs", async () => {
    result = await stack.engine(things).preview();
    expect(result.ok, result.error).to.equal(true);
    expect(result.summary).to.deep.equal({ create: 4 });
    expect(new Set(stack.calls().map((c) => c.method))).to.deep.equal(new Set(["configure", "check"]));
    const second = stack.calls("check").find((c) => c.label === "second")!;
    expect(second.news!["upstream"]).to.equal(UNKNOWN);
    expect(result.outputs["remoteIds"]).to.deep.equal({
      first: "[unknown]",
      second: "[unknown]",
      kept: "[unknown]",
    });
    expect(stepsOf(result, "create").every((s) => s.id === undefined)).to.equal(true);
    expect(fs.existsSync(stack.stateFile)).to.equal(false);
  });

  it("up creates a dependency before its dependent, which gets its output", async () => {
    stack.clearCalls();
    result = await stack.engine(things, { config: { logRemoteIds: "true" } }).up();
    expect(result.ok, result.error).to.equal(true);
    const [first, second] = ["first", "second"].map((n) => stack.calls("create").find((c) => c.label === n)!);
    expect(first.end).to.be.at.most(second.start);
    expect(second.inputs!["upstream"]).to.equal(`remote-${first.id}`);
    const state = stack.engine(things).state();
    const dependent = state.resources.find((r) => r.name === "second")!;
    const firstUrn = state.resources.find((r) => r.name === "first")!.urn;
    expect(dependent.dependencies).to.include(firstUrn);
    expect(dependent.propertyDependencies["upstream"]).to.deep.equal([firstUrn]);
  });

  it("reports program and provider output as diagnostics", () => {
    const firstId = stack.calls("create").find((c) => c.label === "first")!.id;
    const firstUrn = stepsFor(result, "first")[0].urn;
    expect(result.diagnostics).to.deep.include({
      severity: "info",
      message: `first remoteId=remote-${firstId}`,
      source: "program",
    });
    expect(result.diagnostics).to.deep.include({
      severity: "info",
      message: "first is ready",
      source: "program",
      urn: firstUrn,
    });
    expect(result.diagnostics).to.deep.include({
      severity: "info",
      message: `created ${firstId}`,
      source: "provider",
    });
  });

  it("previewing a change calls Check and Diff only and shows the update", async () => {
    stack.clearCalls();
    const changed = things.map((t) => (t.name === "first" ? { ...t, size: 5 } : t));
    result = await stack.engine(changed).preview();
    expect(result.ok, result.error).to.equal(true);
    expect(stepsFor(result, "first")[0].op).to.equal("update");
    expect(new Set(stack.calls().map((c) => c.method))).to.deep.equal(
      new Set(["configure", "check", "diff"]),
    );
  });

  it("destroy deletes dependents first and drops retained resources without a Delete call", async () => {
    stack.clearCalls();
    result = await stack.engine(things).destroy();
    expect(result.ok, result.error).to.equal(true);
    expect(result.summary).to.deep.equal({ delete: 4 });
    expect(sequence(stack.calls("delete"))).to.deep.equal(["delete:second", "delete:first"]);
    const state = stack.engine(things).state();
    expect(state.resources).to.deep.equal([]);
    expect(state.outputs).to.deep.equal({});
  });
});
