// A connection written with plain (not secret) values, as a user may: the credential still reaches the state file
// only encrypted, in the resource's inputs as in its outputs.
import { expect } from "chai";
import { shown, TestStack, webDrillRestore } from "./stack";

describe("a connection given as plain values", function () {
  this.timeout(120_000);
  let stack: TestStack;
  before(async () => (stack = await TestStack.start()));
  after(async () => stack.dispose());

  it("is stored only as a secret, inputs and outputs alike", async () => {
    const password = stack.sim.credentials.password;
    const result = await stack.run("up", [webDrillRestore("web-restore", { connection: { password } })]);
    expect(result.ok, shown(result)).to.equal(true);
    expect(stack.stateText()).to.not.contain(password);
    const [restore] = stack.resourcesOf("trilio.Restore");
    expect(restore.inputs.connection).to.have.property("ciphertext");
    expect(restore.outputs.connection).to.have.property("ciphertext");
  });
});
