import { expect } from "chai";
import { FixtureStack } from "./fixture";

describe("engine: stack config values of every type users write in YAML", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();

  after(() => stack.dispose());

  it("passes booleans, numbers and maps on as the CLI does: as text, maps as JSON", async () => {
    const result = await stack
      .engine([{ name: "a" }], {
        config: { "dataprotection:remoteChecks": false, greeting: 42, limits: { restores: 2 } },
      })
      .up();
    expect(result.ok, result.error).to.equal(true);
    expect(result.outputs["greeting"]).to.equal("42");
    expect(stack.calls("configure")[0]["keys"]).to.include.members([
      "dataprotection:remoteChecks",
      "engine-fixture:greeting",
      "engine-fixture:limits",
    ]);
  });

  it("refuses a value of another type, naming the key, before starting anything", async () => {
    const engine = stack.engine([{ name: "a" }], { config: { when: new Date(0) as never } });
    const result = await engine.up();
    expect(result.ok).to.equal(false);
    expect(result.error).to.equal(
      'stack config "engine-fixture:when": a Date value cannot be a config value; give a string, a boolean, ' +
        "a number, or a list or map of those",
    );
    expect(engine.processIds).to.deep.equal([]);
  });
});
