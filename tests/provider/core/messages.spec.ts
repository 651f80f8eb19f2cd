// What a user reads when an input is wrong: the property, and what it must be, in the user's terms.
import { expect } from "chai";
import { providerFor } from "../../../provider";
import { count } from "../../../provider/core/messages";

const ID = "05e24514-7dec-42c7-a9a3-2540a3adda65";
const identity = (type: string) => ({ type, name: "r", project: "p", stack: "s" });
const waldur = { apiUrl: "https://waldur.example/api/", token: "t" };

/** The failures check reports for `inputs` of `type`, by property. */
async function failures(type: string, inputs: Record<string, unknown>): Promise<Record<string, string>> {
  const result = await providerFor(type).check!({}, { __identity: identity(type), ...inputs });
  return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("input errors, in the user's terms", () => {
  it("say what kind of value an input takes, not what zod expected", async () => {
    const found = await failures("waldur.Snapshot", {
      adoptSnapshotUuid: ID,
      name: 5,
      metadata: { team: 1 },
      deleteOnDestroy: "yes",
      connection: waldur,
    });
    expect(found).to.deep.equal({
      name: "must be text (a string)",
      "metadata.team": "must be text (a string)",
      deleteOnDestroy: "must be true or false",
    });
  });

  it("give retention.days as a number of days with its bounds", async () => {
    for (const days of [1.5, 0, 36_501, "30"]) {
      const found = await failures("waldur.Snapshot", {
        adoptSnapshotUuid: ID,
        retention: { days },
        connection: waldur,
      });
      expect(found, String(days)).to.deep.equal({
        "retention.days": "must be a whole number of days from 1 to 36500",
      });
    }
  });

  it("give lengths and bounds in words, and name each input that does not exist", async () => {
    const found = await failures("powervc.InstanceRestore", {
      serverId: ID,
      instanceSnapshotId: ID,
      confirmOverwrite: true,
      onFailure: "retry",
      maxRetries: 0,
      restoreType: "inplace",
      forse: true,
    });
    expect(found).to.include({
      maxRetries: "must be at least 1",
      restoreType: "no such input (check its spelling)",
      forse: "no such input (check its spelling)",
    });
    const named = await failures("waldur.VolumeRestoration", { snapshotUuid: ID, name: "n".repeat(151) });
    expect(named.name).to.equal("must be at most 150 characters long");
  });

  it("count in the right number", () => {
    expect([count(1, "day"), count(30, "day"), count(0, "volume")]).to.deep.equal([
      "1 day",
      "30 days",
      "0 volumes",
    ]);
  });
});
