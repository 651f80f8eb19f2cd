// A Waldur snapshot that answers 409 ("busy") for a whole minute, as a shared real server did, through the engine
// as a user runs it: the update backs off, gives up at its deadline with a message naming the snapshot, its state
// and the wait, and costs a few dozen requests at most; once the snapshot is free, the next up applies the change.
import { expect } from "chai";
import { WALDUR_LATE_2024, WALDUR_SEED } from "../../simulator";
import { writeReport } from "../helpers/reliability-report";
import { shown, summaryOf, TestStack, type DeclaredResource } from "../e2e/stack";

const SNAPSHOT = WALDUR_SEED.scheduleSnapshotUuids[0];
const STORM_S = 60;

function retained(days: number): DeclaredResource {
  return {
    type: "waldur.Snapshot",
    name: "kept",
    args: { adoptSnapshotUuid: SNAPSHOT, retention: { days }, timeouts: { update: `${STORM_S}s` } },
  };
}

describe("reliability: a Waldur snapshot busy (409) for a minute", function () {
  this.timeout(5 * 60_000);
  let stack: TestStack;
  before(async () => (stack = await TestStack.start({ waldur: { ...WALDUR_LATE_2024, updateMs: 300 } })));
  after(async () => stack.dispose());

  it(`gives up at the ${STORM_S} s deadline with under 30 requests, naming the snapshot, its state and the wait`, async () => {
    const first = await stack.run("up", [retained(30)]);
    expect(first.ok, shown(first)).to.equal(true);
    const storm = stack.sim.faults.add({
      service: "waldur",
      method: "PATCH",
      times: Infinity,
      status: 409,
      body: { detail: "Valid states for operation: OK." },
    });
    const before = stack.requestsTo("waldur").length;
    const started = Date.now();
    const result = await stack.run("up", [retained(60)]);
    const elapsedMs = Date.now() - started;
    const requests = stack.requestsTo("waldur").slice(before);
    stack.sim.faults.remove(storm);
    expect(result.ok).to.equal(false);
    expect(shown(result)).to.match(
      new RegExp(
        `Error updating waldur\\.Snapshot "kept" \\(id ${SNAPSHOT}\\): snapshot ${SNAPSHOT} stayed busy: Waldur ` +
          `answered 409 "Valid states for operation: OK\\." to \\d+ requests over (59|60)(\\.\\d)?s, the ` +
          "last time while it was OK; gave up at the deadline \\(timeouts\\.update\\) \\(HTTP 409, request ",
      ),
    );
    expect(requests.length).to.be.below(30);
    const patches = requests.filter((r) => r.method === "PATCH").length;
    const again = await stack.run("up", [retained(60)]);
    expect(again.ok, shown(again)).to.equal(true);
    expect(summaryOf(again, "waldur.Snapshot")).to.deep.equal({ update: 1 });
    writeReport("busy", { stormSeconds: STORM_S, requests: requests.length, patches, elapsedMs });
  });
});
