import { expect } from "chai";
import { requestIdOf, serverMessageOf } from "../../../../provider/core/http/server-message";

describe("serverMessageOf", () => {
  it("reads each API's error shape", () => {
    expect(
      serverMessageOf({ itemNotFound: { code: 404, message: "Restore x could not be found." } }),
    ).to.equal("Restore x could not be found.");
    expect(
      serverMessageOf({
        error: { code: 401, message: "The request you have made requires authentication." },
      }),
    ).to.equal("The request you have made requires authentication.");
    expect(serverMessageOf({ detail: "Valid states for operation: OK." })).to.equal(
      "Valid states for operation: OK.",
    );
    expect(serverMessageOf({ name: ["This field is required."], size: ["Too big."] })).to.equal(
      "name: This field is required.; size: Too big.",
    );
  });

  it("summarises an HTML error page to its text", () => {
    expect(
      serverMessageOf(
        "<html><head><style>b{}</style></head><body><h1>504 Gateway Time-out</h1></body></html>",
      ),
    ).to.equal("504 Gateway Time-out");
  });
});

describe("requestIdOf", () => {
  it("finds the request id under any of the APIs' header names", () => {
    expect(requestIdOf({ "x-compute-request-id": "req-1" })).to.equal("req-1");
    expect(requestIdOf({ "x-openstack-request-id": "req-2", "x-compute-request-id": "req-1" })).to.equal(
      "req-2",
    );
    expect(requestIdOf({})).to.equal(undefined);
  });
});
