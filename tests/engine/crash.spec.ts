import { expect } from "chai";
import { FixtureStack, until, type ThingSpec } from "./fixture";
import type { Engine } from "../../engine/engine";
import { stepsFor } from "../../engine/types";

describe("engine: a provider host crash", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();

  after(() => stack.dispose());

  it("fails the run and leaves a valid state file with the pending operation", async () => {
    const engine: Engine = stack.engine([{ name: "slow", slowMs: 30_000 }, { name: "quick" }]);
    const run = engine.up();
    await until(
      () =>
        stack.calls("create-started").some((c) => c.label === "slow") &&
        engine.state().resources.some((r) => r.name === "quick"),
    );
    const pid = engine.host!.pid;
    expect(pid).to.not.equal(process.pid);
    engine.host!.kill("SIGKILL");
    const result = await run;

    expect(result.ok).to.equal(false);
    const [slow] = stepsFor(result, "slow");
    expect(slow.failed).to.equal(true);
    const state = engine.state();
    expect(state.pendingOperations).to.deep.equal([
      { urn: "urn:pulumi:dev::engine-fixture::pulumi-nodejs:dynamic/fixture:Thing::slow", type: "creating" },
    ]);
    expect(state.resources.map((r) => r.name)).to.not.include("slow");
  });

  it("the next up reports the interrupted operation, clears it and converges", async () => {
    const things: ThingSpec[] = [{ name: "slow" }, { name: "quick" }];
    const result = await stack.engine(things).up();
    expect(result.ok, result.error).to.equal(true);
    const warning = result.diagnostics.find((d) => d.severity === "warning")!;
    expect(warning.message).to.match(/1 pending operations[\s\S]*Thing::slow, interrupted while creating/);
    expect(stepsFor(result, "slow")[0].op).to.equal("create");
    const state = stack.engine(things).state();
    expect(state.pendingOperations).to.deep.equal([]);
    expect(state.resources.map((r) => r.name)).to.include.members(["slow", "quick"]);
  });
});

describe("engine: parallelism", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();

  after(() => stack.dispose());

  it("runs independent creates at the same time", async () => {
    const names = ["p1", "p2", "p3", "p4"];
    const result = await stack.engine(names.map((name) => ({ name, slowMs: 400 }))).up();
    expect(result.ok, result.error).to.equal(true);
    const creates = stack.calls("create");
    expect(creates).to.have.length(4);
    const latestStart = Math.max(...creates.map((c) => c.start));
    const earliestEnd = Math.min(...creates.map((c) => c.end));
    expect(latestStart).to.be.below(earliestEnd);
  });

  it("checks one resource at a time, as the Pulumi engine generates steps (pulumi/pulumi#3302)", async () => {
    const names = ["s1", "s2", "s3", "s4"];
    const result = await stack.engine(names.map((name) => ({ name, slowCheckMs: 150, slowMs: 1500 }))).up();
    expect(result.ok, result.error).to.equal(true);
    const ours = (method: string) => stack.calls(method).filter((call) => names.includes(call.label ?? ""));
    const checks = ours("check").sort((a, b) => a.start - b.start);
    expect(checks).to.have.length(4);
    checks.slice(1).forEach((check, i) => expect(check.start).to.be.at.least(checks[i].end));
    const creates = ours("create");
    expect(Math.max(...creates.map((c) => c.start))).to.be.below(Math.min(...creates.map((c) => c.end)));
  });
});
