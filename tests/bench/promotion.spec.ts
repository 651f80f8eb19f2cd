import { expect } from "chai";
import { measurePromotion, promotedBytes } from "../../bench/promotion";

/** A line of V8's `--trace-gc-nvp` output, trimmed to the fields that matter here. */
const gcLine = (kind: "s" | "mc", promoted: number) =>
  `[25003:0x3376ed70]       35 ms: pause=0.7 mutator=31.2 gc=${kind} reduce_memory=0 allocated=4845672 ` +
  `promoted=${promoted} new_space_survived=496816 nodes_promoted=7 promotion_ratio=0.0%`;

describe("the bench's account of what requests leave in the old generation", () => {
  it("sums the young-generation collections between the markers, and nothing else", () => {
    const trace = [
      gcLine("s", 1_000_000), // before the start: the warm-up
      "promotion: start",
      gcLine("s", 300),
      gcLine("mc", 50_000), // a full collection promotes live objects: not garbage
      "a line the child printed",
      gcLine("s", 20),
      "promotion: end",
      gcLine("s", 4_000), // after the end
    ].join("\n");
    expect(promotedBytes(trace)).to.equal(320);
  });

  it("finds that the provider's HTTP client leaves a fraction of what got's promise interface leaves", async function () {
    this.timeout(60_000);
    const perRequestKb = await measurePromotion();
    expect(perRequestKb["got's promise interface"]).to.be.greaterThan(
      10 * perRequestKb["this provider's HTTP client"],
    );
  });
});
