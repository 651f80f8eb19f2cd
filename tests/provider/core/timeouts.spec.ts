import { expect } from "chai";
import { deadlineFor, deadlineSetting, withEngineTimeout } from "../../../provider/core/timeouts";

const DEFAULTS = { create: 600_000, update: 600_000, delete: 600_000 };

describe("deadlines", () => {
  it("come from the timeouts input, else the defaults", () => {
    expect(deadlineFor("create", { create: 90_000 }, DEFAULTS, 1_000)).to.equal(91_000);
    expect(deadlineFor("delete", { create: 90_000 }, DEFAULTS, 1_000)).to.equal(601_000);
  });

  it("come from the engine's timeout (customTimeouts) over the timeouts input, inside the operation only", async () => {
    const inside = await withEngineTimeout(5_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return deadlineFor("create", { create: 90_000 }, DEFAULTS, 1_000);
    });
    expect(inside).to.equal(6_000);
    expect(deadlineFor("create", { create: 90_000 }, DEFAULTS, 1_000)).to.equal(91_000);
    expect(await withEngineTimeout(5_000, async () => deadlineSetting("create"))).to.equal(
      "customTimeouts.create",
    );
    expect(deadlineSetting("create")).to.equal("timeouts.create");
    expect(await withEngineTimeout(0, async () => deadlineFor("update", undefined, DEFAULTS, 0))).to.equal(
      600_000,
    );
  });
});
