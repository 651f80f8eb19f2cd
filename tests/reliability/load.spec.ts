// Load: one `up` of 100 resources across the four systems while the simulator injects transient faults at random
// (503, 429 with Retry-After, connection resets, slow answers), from a printed seed (replay: LOAD_SEED=<seed>).
// Then: everything converged (a second up changes nothing), the books balance (every remote object the stack
// created is in the state file, nothing duplicated), and the provider kept within its cap on concurrent requests.
//
// The cap is per endpoint (origin), and every simulated service is on the simulator's one port: the cap therefore
// bounds the requests in flight to all services together, which is what is asserted (and so each service's too).
import { expect } from "chai";
import { seededRandom } from "../../bench/stats";
import { shown, summaryOf, TestStack, type DeclaredResource } from "../e2e/stack";
import { writeReport } from "../helpers/reliability-report";
import { CRASH_SCENARIOS } from "./crash-scenarios";
import { loadSeed, RandomFaults, type FaultKind } from "./load-faults";
import { LOAD_COUNTS, loadPlan, type LoadType } from "./load-plan";

/**
 * The provider's cap on concurrent requests per endpoint, set through the host's environment. Low enough that the
 * up reaches it for sure: the engine checks one resource at a time, so creates start one after another.
 */
const CAP = 4;
/** The probability that an answered request arms a fault for the next request to its service. */
const FAULT_RATE = 0.15;
/** The simulated services the providers call. */
const SERVICES = ["keystone", "trilio", "waldur", "powervc-compute", "powervc-volume", "cinder"];
const TYPES = Object.keys(LOAD_COUNTS) as LoadType[];

/** A type's books (from its crash scenario): the creates the API accepted, and the objects it holds. */
const books = (type: LoadType) => CRASH_SCENARIOS.find((scenario) => scenario.type === type)!;

describe("reliability: load (100 resources, random transient faults, a cap on concurrent requests)", function () {
  this.timeout(300_000);
  const seed = loadSeed();
  let started = 0;
  let stack: TestStack;
  let declared: DeclaredResource[];
  let faults: RandomFaults;
  let baseline: Record<string, string[]>;
  const report = {
    suite: "load",
    seed,
    replay: `LOAD_SEED=${seed}`,
    resources: LOAD_COUNTS,
    cap: CAP,
    faultRate: FAULT_RATE,
    faultsMet: {} as Record<FaultKind, number>,
    requests: 0,
    firstUpMs: 0,
    secondUpMs: 0,
    converged: false,
    books: {} as Record<string, { declared: number; inState: number; remote: number; creates: number }>,
    concurrency: { all: 0, services: {} as Record<string, number> },
    tests: [] as { title: string; passed: boolean }[],
    durationMs: 0,
  };

  before(async () => {
    started = Date.now();
    console.log(`      load: seed ${seed} (replay with LOAD_SEED=${seed})`);
    stack = await TestStack.start({
      env: { DATAPROTECTION_MAX_CONCURRENT_REQUESTS: String(CAP) },
      parallel: 100,
    });
    declared = loadPlan(stack.sim);
    baseline = Object.fromEntries(TYPES.map((type) => [type, books(type).inventory(stack.sim)]));
    faults = new RandomFaults(stack.sim, seededRandom(seed), FAULT_RATE);
  });
  afterEach(function () {
    report.tests.push({ title: this.currentTest!.title, passed: this.currentTest!.state === "passed" });
  });
  after(async () => {
    report.durationMs = Date.now() - started;
    const passed = report.tests.every((t) => t.passed);
    writeReport(
      "load",
      { ...report, passed },
      {
        headers: ["figure", "value"],
        rows: [
          ["seed", `${seed} (replay: LOAD_SEED=${seed})`],
          ["resources", String(declared.length)],
          ["requests (first up)", String(report.requests)],
          [
            "faults met",
            Object.entries(report.faultsMet)
              .map(([k, n]) => `${k} ${n}`)
              .join(", "),
          ],
          ["first up / second up", `${ms(report.firstUpMs)} / ${ms(report.secondUpMs)}`],
          ["converged (second up: no changes)", report.converged ? "yes" : "NO"],
          ...TYPES.map((type): [string, string] => {
            const b = report.books[type];
            return [
              `books ${type}`,
              b
                ? `${b.declared} declared, ${b.inState} in state, ${b.remote} remote, ${b.creates} created`
                : "-",
            ];
          }),
          ["max in flight, all services (one origin)", `${report.concurrency.all} (cap ${CAP})`],
          ...SERVICES.map((s): [string, string] => [
            `max in flight, ${s}`,
            String(report.concurrency.services[s] ?? 0),
          ]),
          ["passed", passed ? "yes" : "NO"],
          ["duration", ms(report.durationMs)],
        ],
      },
    );
    await stack.dispose();
  });

  it("one up of 100 resources succeeds through random transient faults", async () => {
    faults.start();
    const up = await stack.run("up", declared);
    faults.end();
    report.firstUpMs = up.durationMs;
    report.faultsMet = faults.met();
    report.requests = stack.sim.requests.length;
    report.concurrency = {
      all: stack.sim.concurrency().max,
      services: Object.fromEntries(SERVICES.map((s) => [s, stack.sim.concurrency(s).max])),
    };
    expect(up.ok, `seed ${seed}: ${shown(up)}`).to.equal(true);
    for (const type of TYPES) expect(summaryOf(up, type), type).to.deep.equal({ create: LOAD_COUNTS[type] });
    expect(
      Object.values(report.faultsMet).reduce((a, b) => a + b, 0),
      "faults met",
    ).to.be.greaterThan(0);
  });

  it("converges: a second up reports no changes", async () => {
    const again = await stack.run("up", declared);
    report.secondUpMs = again.durationMs;
    expect(again.ok, shown(again)).to.equal(true);
    for (const type of TYPES) expect(summaryOf(again, type), type).to.deep.equal({ same: LOAD_COUNTS[type] });
    report.converged = true;
  });

  it("the books balance: every remote object the stack created is in the state, and nothing is duplicated", () => {
    for (const type of TYPES) {
      const inState = stack.resourcesOf(type).map((r) => r.id);
      const made = books(type)
        .inventory(stack.sim)
        .filter((id) => !baseline[type].includes(id));
      const creates = books(type).creates(stack.sim);
      report.books[type] = {
        declared: LOAD_COUNTS[type],
        inState: inState.length,
        remote: made.length,
        creates,
      };
      expect(inState, `${type} in the state`).to.have.length(LOAD_COUNTS[type]);
      expect(made, `${type}: what the API holds is what the state records`).to.have.members(inState);
      expect(creates, `${type}: creates the API accepted`).to.equal(LOAD_COUNTS[type]);
    }
  });

  it(`keeps within the cap of ${CAP} concurrent requests to the one endpoint (all services together)`, () => {
    expect(report.concurrency.all, "all services, first up").to.be.at.most(CAP);
    expect(stack.sim.concurrency().max, "all services, both ups").to.be.at.most(CAP);
    for (const service of SERVICES) expect(stack.sim.concurrency(service).max, service).to.be.at.most(CAP);
    // 100 resources at once saturate the cap: the limiter, not the engine, set the pace.
    expect(report.concurrency.all, "the cap was reached").to.equal(CAP);
  });
});

function ms(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}
