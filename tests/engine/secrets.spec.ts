import { expect } from "chai";
import { FixtureStack, type ThingSpec } from "./fixture";
import { StateStore } from "../../engine/state";
import { DEFAULT_TEST_PASSPHRASE, SecretsManager } from "../../engine/secrets";
import { SECRET_SIG, SIG_KEY } from "../../engine/wire";

describe("engine: secrets", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();
  const things: ThingSpec[] = [
    { name: "vault", secret: "s3cr3t-value", options: { additionalSecretOutputs: ["token"] } },
  ];
  const config = { apiKey: { secret: "config-secret-value" } };

  after(() => stack.dispose());

  it("strips secrets before the host, marks same-named and additional secret outputs secret", async () => {
    const result = await stack.engine(things, { config }).up();
    expect(result.ok, result.error).to.equal(true);

    const log = JSON.stringify(stack.calls());
    expect(log).to.not.include(SIG_KEY);
    const [create] = stack.calls("create");
    expect(create.inputs!["password"]).to.equal("s3cr3t-value");
    expect(stack.calls("configure")[0]["keys"]).to.include("engine-fixture:apiKey");

    const stored = stack
      .engine(things)
      .state()
      .resources.find((r) => r.name === "vault")!;
    for (const value of [stored.inputs["password"], stored.outputs["password"], stored.outputs["token"]]) {
      expect(value).to.have.property(SIG_KEY, SECRET_SIG);
      expect(value).to.have.property("ciphertext").that.is.a("string");
    }
    expect(stored.outputs["remoteId"]).to.be.a("string");
    expect(stored.inputs["__provider"]).to.be.a("string");
    expect(stored.outputs["__provider"]).to.be.a("string");
    const text = stack.stateText();
    expect(text).to.not.include("s3cr3t-value");
    expect(text).to.not.include("token-vault");
    expect(text).to.not.include("psst");
  });

  it("decrypts the state with the passphrase and gives the host plain olds", async () => {
    stack.clearCalls();
    const result = await stack.engine(things, { config }).up();
    expect(result.ok, result.error).to.equal(true);
    expect(result.summary).to.deep.equal({ same: 2 });
    const [diff] = stack.calls("diff");
    expect(diff.olds!["password"]).to.equal("s3cr3t-value");
    expect(diff.olds!["token"]).to.equal("token-vault");
    const store = new StateStore(stack.stateFile, "dev", "engine-fixture", DEFAULT_TEST_PASSPHRASE, false);
    const vault = store.find("urn:pulumi:dev::engine-fixture::pulumi-nodejs:dynamic/fixture:Thing::vault")!;
    expect(vault.outputs["token"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: "token-vault" });
  });

  it("refuses a wrong passphrase", () => {
    expect(() => new StateStore(stack.stateFile, "dev", "engine-fixture", "wrong", false)).to.throw(
      /passphrase/,
    );
  });
});

describe("engine: passphrase secrets manager", () => {
  it("round-trips values and draws a new IV each time", () => {
    const manager = new SecretsManager("pass");
    const a = manager.encrypt({ deep: ["value", 1] });
    expect(a).to.not.equal(manager.encrypt({ deep: ["value", 1] }));
    expect(new SecretsManager("pass", manager.salt).decrypt(a)).to.deep.equal({ deep: ["value", 1] });
  });
});
