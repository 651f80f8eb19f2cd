// Crash recovery: the dynamic-provider host is killed with SIGKILL at the worst moments (right after the API
// accepted a create, while the provider waits for it, right after the API accepted a delete), then `up` or
// `destroy` runs again. Creates must be adopted through their markers, never repeated, and a destroy must finish
// the job. Every kill is triggered by the simulator on the request that marks the moment, and the simulator's
// clock is paused there, so the interrupted operation is exactly as far along when the next run looks at it.
import { expect } from "chai";
import type { RecordedRequest } from "../../simulator";
import { shown, summaryOf, TestStack, type DeclaredResource } from "../e2e/stack";
import { PausableClock } from "./crash-clock";
import { writeReport } from "../helpers/reliability-report";
import { CRASH_SCENARIOS, type CrashScenario, type RequestMatch } from "./crash-scenarios";

/** What one scenario showed, for the report. */
interface ScenarioFigures {
  type: string;
  killPoints: string[];
  /** Creates the API accepted, after every kill and rerun. */
  remoteCreates: number;
  /** Interrupted creates the next `up` adopted instead of starting again. */
  adoptedNotRepeated: number;
  /** The last destroy left nothing the stack made, and an empty state. */
  destroyFinished: boolean;
  tests: { title: string; passed: boolean; ms: number }[];
}

const figures = new Map<string, ScenarioFigures>();
let started = 0;

/** Runs `action` on the first request `match` sees; returns the function that stops listening. */
function onFirst(stack: TestStack, match: RequestMatch, action: (request: RecordedRequest) => void) {
  let done = false;
  return stack.sim.onRequest((request) => {
    if (done || !match(request)) return;
    done = true;
    action(request);
  });
}

/** Kills the provider host, as a power cut or an OOM kill would. */
function killHost(stack: TestStack): void {
  stack.engine?.host?.kill("SIGKILL");
}

/** Lets the clock run again when the next run starts its first create (after Check and Diff have looked). */
function resumeOnCreate(stack: TestStack, clock: PausableClock): void {
  stack.onEvent = (event) => {
    if (event.type === "step-start" && event.step.op === "create") clock.resume();
  };
}

function describeScenario(scenario: CrashScenario): void {
  const label = scenario.label ?? scenario.type;
  describe(label, () => {
    let stack: TestStack;
    let clock: PausableClock;
    let first: DeclaredResource;
    let second: DeclaredResource;
    let seeded: string[];
    const record: ScenarioFigures = {
      type: label,
      killPoints: ["create accepted", "waiting"],
      remoteCreates: 0,
      adoptedNotRepeated: 0,
      destroyFinished: false,
      tests: [],
    };
    figures.set(label, record);

    before(async () => {
      clock = new PausableClock();
      stack = await TestStack.start({ clock });
      ({ first, second } = await scenario.prepare(stack.sim));
      seeded = scenario.inventory(stack.sim);
    });
    afterEach(function () {
      const test = this.currentTest!;
      record.tests.push({ title: test.title, passed: test.state === "passed", ms: test.duration ?? 0 });
      stack.onEvent = undefined;
      clock.resume();
    });
    after(async () => {
      record.remoteCreates = scenario.creates(stack.sim);
      await stack.dispose();
    });

    /** The ids of the resources of this type in the state file. */
    const inState = () => stack.resourcesOf(scenario.type).map((r) => r.id);
    /** What the API made since the scenario started. */
    const made = () => scenario.inventory(stack.sim).filter((id) => !seeded.includes(id));

    /**
     * Runs `up` again after a crash, and checks that it adopted what the crash left instead of repeating it;
     * returns the declarations it ran (with what adopts an unmarked operation, where the user must name it).
     */
    async function resumeAndExpectAdoption(
      declared: DeclaredResource[],
      creates: number,
    ): Promise<DeclaredResource[]> {
      resumeOnCreate(stack, clock);
      if (scenario.adoptByName) {
        // Nothing marks who started the operation: the next up refuses it, naming how to adopt it.
        const refused = await stack.run("up", declared);
        expect(refused.ok, "an up that would take over an unmarked operation by itself").to.equal(false);
        expect(scenario.creates(stack.sim), "creates the API accepted").to.equal(creates);
        const recorded = new Set(stack.resourcesOf(scenario.type).map((r) => r.name));
        declared = declared.map((d) => (recorded.has(d.name) ? d : scenario.adoptByName!(d, shown(refused))));
        resumeOnCreate(stack, clock);
      }
      const resumed = await stack.run("up", declared);
      expect(resumed.ok, shown(resumed)).to.equal(true);
      expect(shown(resumed)).to.match(scenario.adoptionLog);
      expect(scenario.creates(stack.sim), "creates the API accepted").to.equal(creates);
      if (scenario.deleted) expect(made()).to.have.members(inState());
      else expect(made()).to.have.length(creates);
      record.adoptedNotRepeated += 1;
      return declared;
    }

    it("killed right after the API accepted the create: the next up adopts it, nothing is started twice", async () => {
      const stop = onFirst(stack, scenario.accepted, () => {
        clock.pause();
        killHost(stack);
      });
      const crashed = await stack.run("up", [first]);
      stop();
      expect(crashed.ok, "the run the kill interrupted fails").to.equal(false);
      expect(inState()).to.have.length(0);
      expect(scenario.creates(stack.sim)).to.equal(1);
      [first] = await resumeAndExpectAdoption([first], 1);
    });

    it("killed while waiting for the operation: the next up adopts it, nothing is started twice", async () => {
      const stopAccepted = onFirst(stack, scenario.accepted, () => clock.pause());
      const stopPolled = onFirst(
        stack,
        (r) => clock.paused && scenario.polled(r),
        () => killHost(stack),
      );
      const crashed = await stack.run("up", [first, second]);
      stopAccepted();
      stopPolled();
      expect(crashed.ok, "the run the kill interrupted fails").to.equal(false);
      expect(inState()).to.have.length(1);
      expect(scenario.creates(stack.sim)).to.equal(2);
      // Where the provider can adopt a finished operation, let it finish before the next run looks at it.
      if (scenario.finishBeforeResume) clock.advance(scenario.durationMs);
      [first, second] = await resumeAndExpectAdoption([first, second], 2);
      // Both adopted resources are recorded as they are: a further up changes nothing.
      const again = await stack.run("up", [first, second]);
      expect(again.ok, shown(again)).to.equal(true);
      expect(summaryOf(again, scenario.type)).to.deep.equal({ same: 2 });
    });

    it("killed right after the API accepted a delete: the next destroy finishes, and nothing the stack made is left", async () => {
      if (scenario.deleted) {
        record.killPoints.push("delete accepted");
        const stop = onFirst(stack, scenario.deleted, () => {
          clock.pause();
          killHost(stack);
        });
        const crashed = await stack.run("destroy", []);
        stop();
        expect(crashed.ok, "the run the kill interrupted fails").to.equal(false);
        expect(inState()).to.not.have.length(0);
        // The next destroy finds the delete still going: time runs again once it has looked.
        const stopResume = onFirst(
          stack,
          (r) => r.service !== "keystone",
          () => clock.resume(),
        );
        const destroyed = await stack.run("destroy", []);
        stopResume();
        expect(destroyed.ok, shown(destroyed)).to.equal(true);
        expect(made(), "what the stack made is gone").to.deep.equal([]);
      } else {
        const kept = made();
        const destroyed = await stack.run("destroy", []);
        expect(destroyed.ok, shown(destroyed)).to.equal(true);
        expect(made(), "destroy changes nothing remotely").to.deep.equal(kept);
      }
      const state = stack.engine!.state();
      expect(state.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
      expect(state.pendingOperations).to.deep.equal([]);
      record.destroyFinished = true;
    });
  });
}

describe("reliability: crash recovery (the provider host killed with SIGKILL)", function () {
  this.timeout(120_000);

  before(() => (started = Date.now()));
  after(() => {
    const scenarios = [...figures.values()];
    const passed = scenarios.filter((s) => s.tests.length > 0 && s.tests.every((t) => t.passed));
    const report = {
      suite: "crash-recovery",
      scenarios: scenarios.map((s) => ({ ...s, passed: passed.includes(s) })),
      passed: passed.length,
      total: scenarios.length,
      adoptedNotRepeated: scenarios.reduce((sum, s) => sum + s.adoptedNotRepeated, 0),
      durationMs: Date.now() - started,
    };
    writeReport("crash-recovery", report, {
      headers: [
        "resource",
        "kill points",
        "remote creates",
        "adopted, not repeated",
        "destroy finished",
        "passed",
      ],
      rows: scenarios.map((s) => [
        s.type,
        s.killPoints.join(", "),
        String(s.remoteCreates),
        String(s.adoptedNotRepeated),
        s.destroyFinished ? "yes" : "no",
        passed.includes(s) ? "yes" : "NO",
      ]),
    });
  });

  for (const scenario of CRASH_SCENARIOS) describeScenario(scenario);
});
