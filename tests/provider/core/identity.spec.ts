import { expect } from "chai";
import { describeWithMarker, hasMarker, operationMarker } from "../../../provider/core/identity";

const identity = { type: "trilio.Restore", name: "web", project: "p", stack: "dev" };

describe("operationMarker", () => {
  it("is stable for the same resource and defining inputs, whatever the key order", () => {
    expect(operationMarker(identity, { a: 1, b: [1, 2] })).to.equal(
      operationMarker(identity, { b: [1, 2], a: 1 }),
    );
  });

  it("differs when the stack, the resource name or a defining input differs", () => {
    const base = operationMarker(identity, { a: 1 });
    expect(operationMarker({ ...identity, stack: "prod" }, { a: 1 })).to.not.equal(base);
    expect(operationMarker({ ...identity, name: "db" }, { a: 1 })).to.not.equal(base);
    expect(operationMarker(identity, { a: 2 })).to.not.equal(base);
  });

  it("is found in a description that carries it, and only there", () => {
    const marker = operationMarker(identity, {});
    expect(hasMarker(describeWithMarker("nightly drill", marker), marker)).to.equal(true);
    expect(hasMarker(describeWithMarker(undefined, marker), marker)).to.equal(true);
    expect(hasMarker("nightly drill", marker)).to.equal(false);
    expect(
      hasMarker(describeWithMarker(undefined, operationMarker(identity, { other: true })), marker),
    ).to.equal(false);
  });
});
