// How long one request, and getting a Keystone token, may take: from stack config or the environment.
import { expect } from "chai";
import { authRequestTiming, requestTimeoutMs } from "../../../../provider/core/http/http-settings";

describe("HTTP settings", () => {
  it("give a token request 90 s in all and each attempt 30 s, so a hung Keystone is tried three times", () => {
    expect(authRequestTiming({})).to.deep.equal({ deadlineMs: 90_000, timeoutMs: 30_000 });
  });

  it("take the token budget from DATAPROTECTION_AUTH_TIMEOUT, each attempt within the request timeout", () => {
    expect(authRequestTiming({ DATAPROTECTION_AUTH_TIMEOUT: "3s" })).to.deep.equal({
      deadlineMs: 3_000,
      timeoutMs: 1_000,
    });
    const env = { DATAPROTECTION_AUTH_TIMEOUT: "5m", DATAPROTECTION_REQUEST_TIMEOUT: "20s" };
    expect(authRequestTiming(env)).to.deep.equal({ deadlineMs: 300_000, timeoutMs: 20_000 });
  });

  it("fall back to the defaults for a duration that does not parse", () => {
    expect(authRequestTiming({ DATAPROTECTION_AUTH_TIMEOUT: "soon" }).deadlineMs).to.equal(90_000);
    expect(requestTimeoutMs({ DATAPROTECTION_REQUEST_TIMEOUT: "1.5s" })).to.equal(60_000);
  });
});
