import { expect } from "chai";
import { FixtureStack, type ThingSpec } from "./fixture";
import { stepsFor, type RunResult } from "../../engine/types";

describe("engine: check failures, partial failures and refresh", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();
  let result: RunResult;

  after(() => stack.dispose());

  it("a check failure fails the step with `property: reason`, an init failure is recorded", async () => {
    const things: ThingSpec[] = [
      { name: "bad", size: -1 },
      { name: "flaky", partial: true },
      { name: "broken", failCreate: "quota exceeded for things" },
    ];
    result = await stack.engine(things).up();
    expect(result.ok).to.equal(false);

    const [bad] = stepsFor(result, "bad");
    expect(bad).to.include({ op: "create", failed: true, error: "size: size must not be negative" });
    expect(result.diagnostics).to.deep.include({
      severity: "error",
      message: "size: size must not be negative",
      source: "provider",
      urn: bad.urn,
    });

    const [flaky] = stepsFor(result, "flaky");
    expect(flaky).to.include({
      op: "create",
      failed: true,
      error: "thing flaky was created but did not become ready",
    });
    const [broken] = stepsFor(result, "broken");
    expect(broken).to.include({ failed: true, error: "quota exceeded for things" });
    expect(
      result.diagnostics.some((d) => d.message === "quota exceeded for things" && d.source === "provider"),
    ).to.equal(true);

    expect(stack.calls("create").map((c) => c.label)).to.have.members(["flaky", "broken"]);
    const state = stack.engine(things).state();
    expect(state.resources.map((r) => r.name)).to.not.include.members(["bad", "broken"]);
    const recorded = state.resources.find((r) => r.name === "flaky")!;
    expect(recorded.id).to.equal(stack.calls("create").find((c) => c.label === "flaky")!.id);
    expect(recorded.initErrors).to.deep.equal(["timed out waiting for readiness"]);
    expect(recorded.outputs["ready"]).to.equal(false);
    expect(state.pendingOperations).to.deep.equal([]);
  });

  it("the next up updates a resource with init errors even without changes", async () => {
    stack.clearCalls();
    result = await stack
      .engine([
        { name: "bad", size: 1 },
        { name: "flaky", partial: true },
      ])
      .up();
    expect(result.ok, result.error).to.equal(true);
    expect(stepsFor(result, "flaky")[0].op).to.equal("update");
    expect(stepsFor(result, "bad")[0].op).to.equal("create");
    expect(stack.calls("update").map((c) => c.label)).to.deep.equal(["flaky"]);
    const flaky = stack
      .engine([])
      .state()
      .resources.find((r) => r.name === "flaky")!;
    expect(flaky.initErrors).to.equal(undefined);
    expect(flaky.outputs["ready"]).to.equal(true);
  });

  it("refresh removes a resource the provider reports gone and keeps the others", async () => {
    stack.clearCalls();
    const things: ThingSpec[] = [
      { name: "bad", size: 1 },
      { name: "flaky", partial: true },
    ];
    result = await stack.engine(things, { config: { readGone: JSON.stringify(["bad"]) } }).refresh();
    expect(result.ok, result.error).to.equal(true);
    expect(stepsFor(result, "bad")[0].op).to.equal("refresh-delete");
    expect(stepsFor(result, "flaky")[0].op).to.equal("same");
    expect(stack.calls("read").map((c) => c.label)).to.have.members(["bad", "flaky"]);
    expect(stack.calls("delete")).to.deep.equal([]);
    expect(
      stack
        .engine(things)
        .state()
        .resources.map((r) => r.name),
    ).to.not.include("bad");
  });
});
