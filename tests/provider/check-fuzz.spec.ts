// Property-based tests of every resource's `check`: whatever a program passes, check never throws, every failure
// names a property and a reason, and bad input never reaches the API (the simulator sees no request).
import { expect } from "chai";
import fc from "fast-check";
import { providerFor, resourceTypes } from "../../provider";
import { startSimulator, type Simulator } from "../../simulator";
import { baselines } from "../helpers/baselines";
import { writeReport } from "../helpers/reliability-report";

/** Strings that must never reach a URL path unvalidated. */
const NASTY = [
  "a/b",
  "..",
  ".",
  "%2F",
  "x?y=1",
  "x#y",
  "",
  " ",
  "\u0000",
  "ñ/✓",
  "../../admin",
  "x".repeat(10_000),
];

describe("check, fuzzed, for every resource type", function () {
  this.timeout(120_000);
  let sim: Simulator;
  /** Figures per resource type for docs/reliability.md: inputs checked, inputs refused, requests they caused. */
  const figures: Record<string, { runs: number; refused: number; requestsForRefused: number }> = {};
  before(async () => (sim = await startSimulator()));
  after(async () => {
    await sim.close();
    writeReport("fuzz", { suite: "check-fuzz", types: figures });
  });

  it("covers every resource type this package has", () => {
    expect(Object.keys(baselines(sim)).sort()).to.deep.equal([...resourceTypes].sort());
  });

  /** Runs check and asserts the contract: no throw, well-formed failures, no request when it failed. */
  async function checkContract(type: string, news: Record<string, unknown>) {
    const before = sim.requests.length;
    const result = await providerFor(type).check!({}, news);
    const failures = result.failures ?? [];
    const tally = (figures[type] ??= { runs: 0, refused: 0, requestsForRefused: 0 });
    tally.runs++;
    if (failures.length > 0) tally.refused++;
    for (const failure of failures) {
      expect(failure.reason, JSON.stringify(failure)).to.be.a("string").with.length.greaterThan(0);
      expect(failure.property).to.be.a("string");
    }
    const staticFailure = failures.some(
      (f) => !/could not (check|verify)|does not exist|is not/.test(f.reason),
    );
    if (staticFailure) {
      tally.requestsForRefused += sim.requests.length - before;
      expect(sim.requests.length, `${type} sent a request for bad input`).to.equal(before);
    }
    return failures;
  }

  for (const type of [
    "trilio.Restore",
    "waldur.Snapshot",
    "waldur.VolumeRestoration",
    "powervc.InstanceSnapshot",
    "powervc.InstanceRestore",
    "cinder.Backup",
    "cinder.BackupRestore",
  ]) {
    it(`${type}: arbitrary values in every property never make check throw`, async () => {
      const { inputs } = baselines(sim)[type];
      const keys = [
        ...Object.keys(inputs).filter((k) => k !== "__identity"),
        "unexpected",
        "timeouts",
        "triggers",
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...keys),
          fc.anything({ withNullPrototype: true, maxDepth: 3 }),
          async (key, value) => {
            await checkContract(type, { ...inputs, [key]: value });
          },
        ),
        { numRuns: 60 },
      );
    });

    it(`${type}: an id that could change a URL path fails at that property, and nothing is sent`, async () => {
      const { inputs, ids } = baselines(sim)[type];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ids),
          fc.oneof(fc.constantFrom(...NASTY), fc.string()),
          async (key, value) => {
            fc.pre(!/^[0-9a-fA-F-]{32,36}$/.test(value));
            const before = sim.requests.length;
            const failures = await checkContract(type, { ...inputs, [key]: value });
            expect(failures.map((f) => f.property)).to.include(key);
            expect(sim.requests.length).to.equal(before);
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
