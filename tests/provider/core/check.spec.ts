import { expect } from "chai";
import { z } from "zod";
import { formatPath, validateInputs } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/core/values";

const schema = z
  .object({
    name: z.string().min(1),
    items: z.array(z.object({ id: z.guid(), size: z.int().positive() })).optional(),
  })
  .strict();

describe("validateInputs", () => {
  it("returns the parsed value when the inputs are valid, ignoring __provider", () => {
    const result = validateInputs(schema, { name: "a", __provider: "exports.handler = …" });
    expect(result.failures).to.deep.equal([]);
    expect(result.value).to.deep.equal({ name: "a" });
  });

  it("names the property path of each bad value", () => {
    const result = validateInputs(schema, {
      name: "",
      items: [
        { id: "2e56d167-bad7-43c7-8ede-a613c3fe7844", size: 1 },
        { id: "not/a/uuid", size: -1 },
      ],
    });
    expect(result.value).to.equal(undefined);
    expect(result.failures.map((f) => f.property)).to.have.members(["name", "items[1].id", "items[1].size"]);
    for (const failure of result.failures)
      expect(failure.reason).to.be.a("string").with.length.greaterThan(0);
  });

  it("refuses unknown top-level properties of a strict schema", () => {
    const result = validateInputs(schema, { name: "a", nmae: "typo" });
    expect(result.failures).to.deep.equal([
      { property: "nmae", reason: "no such input (check its spelling)" },
    ]);
  });

  it("does not judge values unknown during a preview", () => {
    const result = validateInputs(schema, { name: UNKNOWN, items: [{ id: UNKNOWN, size: 2 }] });
    expect(result.failures).to.deep.equal([]);
    expect(result.hasUnknowns).to.equal(true);
  });

  it("still reports known bad values beside unknown ones", () => {
    const result = validateInputs(schema, { name: UNKNOWN, items: [{ id: UNKNOWN, size: 0 }] });
    expect(result.failures.map((f) => f.property)).to.deep.equal(["items[0].size"]);
  });
});

describe("formatPath", () => {
  it("writes paths as Pulumi users read them", () => {
    expect(formatPath(["instances", 0, "vdisks", 12, "id"])).to.equal("instances[0].vdisks[12].id");
    expect(formatPath([])).to.equal("");
  });
});
