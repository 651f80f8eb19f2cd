// Waldur's OK is not the end of a wait while OpenStack still moves the object.
import { expect } from "chai";
import { useClock, type Clock } from "../../../provider/core/clock";
import { resourceLogger } from "../../../provider/core/log";
import { settledState, waitUntilSettled, type WaldurObject } from "../../../provider/waldur/settle";

describe("a Waldur object settling", () => {
  it("is pending while OpenStack still moves it, done once available or in use, failed on OpenStack's error", () => {
    const state = (state: string, runtime_state?: string) =>
      settledState({ uuid: "u", state, runtime_state });
    expect(state("OK", "restoring-backup")).to.equal("OK_PENDING");
    expect(state("OK", "available")).to.equal("OK");
    expect(state("OK", "in-use")).to.equal("OK");
    expect(state("OK")).to.equal("OK");
    expect(state("OK", "error")).to.equal("ERRED");
    expect(state("CREATING", "creating")).to.equal("CREATING");
  });

  /** Waits on an object that reads as `states` one after another (the last one repeating). */
  async function settle(states: WaldurObject[]) {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const restore = useClock(clock);
    let reads = 0;
    try {
      return await waitUntilSettled({
        noun: "new volume",
        object: states[0],
        get: async () => states[Math.min(++reads, states.length - 1)],
        deadline: 60_000,
        deadlineInput: "timeouts.create",
        log: resourceLogger("test"),
      });
    } finally {
      restore();
    }
  }

  it("returns the object as it settled", async () => {
    const settled = await settle([
      { uuid: "v1", state: "CREATING" },
      { uuid: "v1", state: "OK", runtime_state: "restoring-backup" },
      { uuid: "v1", state: "OK", runtime_state: "available" },
    ]);
    expect(settled).to.deep.equal({
      ok: true,
      object: { uuid: "v1", state: "OK", runtime_state: "available" },
    });
  });

  it("fails with Waldur's error message when it is ERRED, and says which deadline passed", async () => {
    const erred = await settle([
      { uuid: "v1", state: "CREATING" },
      { uuid: "v1", state: "ERRED", error_message: "no space" },
    ]);
    expect(erred.ok).to.equal(false);
    expect(!erred.ok && erred.error.message).to.equal("the new volume is ERRED: no space");
    const late = await settle([{ uuid: "v1", state: "OK", runtime_state: "restoring-backup" }]);
    expect(!late.ok && late.error.message).to.equal(
      "the new volume was still OK (OpenStack: restoring-backup) at the deadline (timeouts.create)",
    );
  });
});
