import { expect } from "chai";
import { FixtureStack, sequence, type ThingSpec } from "./fixture";
import { stepsFor, stepsOf, type RunResult } from "../../engine/types";
import { STACK_TYPE } from "../../engine/urn";

describe("engine: resource lifecycle through the real dynamic-provider host", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();
  const protectedThing: ThingSpec = { name: "keeper", options: { protect: true } };
  let things: ThingSpec[] = [{ name: "a", size: 1 }, { name: "member", parent: "group" }, protectedThing];
  let result: RunResult;

  async function up(next: ThingSpec[]): Promise<RunResult> {
    things = next;
    stack.clearCalls();
    result = await stack.engine(things).up();
    return result;
  }

  after(() => stack.dispose());

  it("creates the resources, calling Check and Create inside the host process", async () => {
    await up(things);
    expect(result.ok, result.error).to.equal(true);
    expect(result.summary).to.deep.equal({ create: 5 });
    const creates = stack.calls("create");
    expect(creates.map((c) => c.label).sort()).to.deep.equal(["a", "keeper", "member"]);
    expect(creates.every((c) => c.pid !== process.pid)).to.equal(true);
    expect(stack.calls("check")).to.have.length(3);
    const a = stack
      .engine(things)
      .state()
      .resources.find((r) => r.name === "a")!;
    expect(a.urn).to.equal("urn:pulumi:dev::engine-fixture::pulumi-nodejs:dynamic/fixture:Thing::a");
    expect(a.id).to.equal(creates.find((c) => c.label === "a")!.id);
    expect(a.outputs["remoteId"]).to.equal(`remote-${a.id}`);
    expect(a.inputs["__provider"]).to.be.a("string");
  });

  it("forms URNs with the parent's type, not the stack's", () => {
    const urns = stack
      .engine(things)
      .state()
      .resources.map((r) => r.urn);
    expect(urns).to.include("urn:pulumi:dev::engine-fixture::pulumi:pulumi:Stack::engine-fixture-dev");
    expect(urns).to.include("urn:pulumi:dev::engine-fixture::fixture:index:Group::group");
    expect(urns).to.include(
      "urn:pulumi:dev::engine-fixture::fixture:index:Group$pulumi-nodejs:dynamic/fixture:Thing::member",
    );
  });

  it("reports the stack outputs, secrets hidden", () => {
    expect(result.outputs["greeting"]).to.equal("hello");
    expect(result.outputs["secretGreeting"]).to.equal("[secret]");
    const remoteIds = result.outputs["remoteIds"] as Record<string, string>;
    expect(remoteIds["a"]).to.match(/^remote-thing-a-/);
    const stackEntry = stack
      .engine(things)
      .state()
      .resources.find((r) => r.type === STACK_TYPE)!;
    expect(stackEntry.outputs["greeting"]).to.equal("hello");
  });

  it("a second up changes nothing: Check and Diff only", async () => {
    await up(things);
    expect(result.ok, result.error).to.equal(true);
    expect(result.summary).to.deep.equal({ same: 5 });
    expect(new Set(stack.calls().map((c) => c.method))).to.deep.equal(
      new Set(["configure", "check", "diff"]),
    );
  });

  it("an input change updates in place, with the old outputs as olds", async () => {
    await up([{ name: "a", size: 2 }, ...things.slice(1)]);
    expect(result.ok, result.error).to.equal(true);
    const [step] = stepsFor(result, "a");
    expect(step.op).to.equal("update");
    expect(step.detailedDiff).to.deep.equal({ replaces: [], changedKeys: ["size"] });
    const [update] = stack.calls("update");
    expect(update.olds!["remoteId"]).to.match(/^remote-thing-a-/);
    expect(update.news!["size"]).to.equal(2);
    expect(stack.calls("create")).to.have.length(0);
  });

  it("a replace-input change replaces: create the new one, then delete the old one", async () => {
    const oldId = stepsFor(result, "a")[0].id;
    await up([{ name: "a", size: 2, key: "k2" }, ...things.slice(1)]);
    expect(result.ok, result.error).to.equal(true);
    const steps = stepsFor(result, "a");
    expect(steps.map((s) => [s.op, s.replacing ?? false])).to.deep.equal([
      ["replace", false],
      ["delete", true],
    ]);
    expect(steps[0].detailedDiff!.replaces).to.deep.equal(["key"]);
    expect(result.summary).to.deep.equal({ replace: 1, same: 4 });
    expect(sequence(stack.calls()).filter((c) => c.endsWith(":a"))).to.deep.equal([
      "check:a",
      "diff:a",
      "check:a",
      "create-started:a",
      "create:a",
      "delete:a",
    ]);
    expect(stack.calls("delete")[0].id).to.equal(oldId);
    const state = stack.engine(things).state();
    expect(state.resources.filter((r) => r.name === "a")).to.have.length(1);
  });

  it("with deleteBeforeReplace, deletes the old one before creating the new one", async () => {
    await up([{ name: "a", size: 2, key: "k3", options: { deleteBeforeReplace: true } }, ...things.slice(1)]);
    expect(result.ok, result.error).to.equal(true);
    expect(stepsFor(result, "a").map((s) => s.op)).to.deep.equal(["delete", "replace"]);
    expect(sequence(stack.calls()).filter((c) => /^(create|delete):a$/.test(c))).to.deep.equal([
      "delete:a",
      "create:a",
    ]);
  });

  it("a resource removed from the program is deleted", async () => {
    await up(things.filter((t) => t.name !== "a"));
    expect(result.ok, result.error).to.equal(true);
    expect(stepsOf(result, "delete").map((s) => s.name)).to.deep.equal(["a"]);
    expect(sequence(stack.calls("delete"))).to.deep.equal(["delete:a"]);
    expect(
      stack
        .engine(things)
        .state()
        .resources.map((r) => r.name),
    ).to.not.include("a");
  });

  it("destroy refuses to delete a protected resource and deletes the others", async () => {
    stack.clearCalls();
    result = await stack.engine(things).destroy();
    expect(result.ok).to.equal(false);
    const failed = result.steps.filter((s) => s.failed);
    expect(failed.map((s) => s.name)).to.deep.equal(["keeper"]);
    expect(failed[0].error).to.match(/cannot be deleted because it is protected/);
    expect(sequence(stack.calls("delete"))).to.deep.equal(["delete:member"]);
    const left = stack
      .engine(things)
      .state()
      .resources.map((r) => r.name);
    expect(left).to.include("keeper");
    expect(left).to.not.include("member");
  });
});
