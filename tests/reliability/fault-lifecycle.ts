/**
 * One fault's lifecycle: a stack of the seven matrix resources goes through every phase in turn (create, update,
 * refresh, destroy, then create and destroy again for the waits), with the fault's rule on only for the step of
 * its phase, one rule per resource, on that resource's request. After each faulted run: the outcome each
 * resource should have, the books, and that the stack converges (after a failure the same operation succeeds)
 * and settles (the `up` after that reports no changes).
 */
import { WALDUR_LATE_2024, WALDUR_SEED, type RecordedRequest } from "../../simulator";
import type { RunResult } from "../../engine";
import { shown, TestStack } from "../e2e/stack";
import { checkBooks, countsOf, findingLine, stepsOfResource, type Finding } from "./fault-books";
import type { MatrixFace } from "./fault-faces";
import {
  applies,
  RETRY_AFTER_S,
  SIMULATED_500_MESSAGE,
  type Expectation,
  type FaultKind,
} from "./fault-kinds";
import {
  declareAll,
  makeFixtures,
  MATRIX_RESOURCES,
  type FixtureIds,
  type MatrixResource,
  type Phase,
} from "./fault-resources";

/** One cell of the matrix: a resource, a phase, a fault, and how it went. */
export interface CellResult {
  readonly type: string;
  readonly phase: Phase;
  readonly fault: string;
  readonly expected: Expectation;
  /** What happened, in a word or two ("recovered", "failed clearly", ...). */
  outcome: string;
  /** What went wrong; empty when the cell passed. */
  readonly problems: string[];
}

/** What one fault's lifecycle found. */
export interface LifecycleResult {
  readonly fault: string;
  /** The face it ran on ("dynamic", "plugin"). */
  readonly face: string;
  readonly cells: CellResult[];
  /** The books over every run. */
  readonly findings: Finding[];
  /** Problems of a run that belong to no cell (a program error, a run that failed for no resource). */
  readonly problems: string[];
  /** Engine runs made. */
  runs: number;
  durationMs: number;
}

/** One step of a lifecycle: the operation that meets a phase. */
interface StepPlan {
  readonly phase: Phase;
  readonly op: "up" | "refresh" | "destroy";
  /** The declarations' generation (1 renames what the APIs rename in place). */
  readonly generation: number;
}

/** Every phase in turn; a second create and destroy reach the waits (the first ones fault their requests). */
const LIFECYCLE: readonly StepPlan[] = [
  { phase: "create-start", op: "up", generation: 0 },
  { phase: "update", op: "up", generation: 1 },
  { phase: "read", op: "refresh", generation: 1 },
  { phase: "delete", op: "destroy", generation: 1 },
  { phase: "create-wait", op: "up", generation: 0 },
  { phase: "delete-wait", op: "destroy", generation: 0 },
  { phase: "create-step", op: "up", generation: 0 },
];

/** Short simulated operations, so a lifecycle takes seconds per step. */
const SHORT = 300;

const OUTCOMES: Record<Expectation, string> = {
  recovers: "recovered",
  "fails-clearly": "failed clearly",
  "recorded-failed": "recorded failed",
};

/**
 * Starts a stack of `face`'s program for `fault`: short operations, Waldur by login (so a token can be renewed),
 * the fixtures.
 */
async function startStack(
  fault: FaultKind,
  face: MatrixFace,
): Promise<{ stack: TestStack; fixtures: FixtureIds }> {
  const stack = await TestStack.start({
    program: face.program,
    trilio: { restoreDurationMs: SHORT, cancelDurationMs: SHORT },
    powervc: { snapshotMs: SHORT, restoreMs: SHORT, rollbackMs: SHORT, deleteMs: SHORT },
    cinder: { backupMs: SHORT, restoreMs: SHORT, deleteMs: SHORT, volumeCreateMs: SHORT },
    // Waldur as a real late-2024 server answers (see WALDUR_LATE_2024).
    waldur: {
      ...WALDUR_LATE_2024,
      snapshotCreateMs: SHORT,
      volumeCreateMs: SHORT,
      updateMs: SHORT,
      deleteMs: SHORT,
      orderMs: SHORT,
    },
    env: {
      // A static token cannot be renewed: Waldur resources log in, as a user with a password does.
      WALDUR_TOKEN: "",
      WALDUR_USERNAME: WALDUR_SEED.username,
      WALDUR_PASSWORD: WALDUR_SEED.password,
      ...fault.env,
    },
  });
  return { stack, fixtures: await makeFixtures(stack.sim, SHORT) };
}

/** Runs `fault`'s lifecycle on a new stack of `face`'s program and returns what it found. */
export async function runLifecycle(fault: FaultKind, face: MatrixFace): Promise<LifecycleResult> {
  const started = Date.now();
  const { stack, fixtures } = await startStack(fault, face);
  const lifecycle = new Lifecycle(stack, fixtures, fault, face);
  try {
    for (const plan of LIFECYCLE.filter((step) => (fault.phases ?? [step.phase]).includes(step.phase)))
      await lifecycle.step(plan);
    await lifecycle.cleanUp();
  } finally {
    await stack.dispose();
  }
  return { ...lifecycle.result, durationMs: Date.now() - started };
}

class Lifecycle {
  readonly result: LifecycleResult;
  /** How many requests each rule added was to hit. */
  private readonly ruleTimes = new Map<string, number>();

  constructor(
    private readonly stack: TestStack,
    private readonly fixtures: FixtureIds,
    private readonly fault: FaultKind,
    face: MatrixFace,
  ) {
    this.result = {
      fault: fault.id,
      face: face.id,
      cells: [],
      findings: [],
      problems: [],
      runs: 0,
      durationMs: 0,
    };
  }

  private get sim() {
    return this.stack.sim;
  }

  /** One step: the faulted run and its checks, then convergence and a no-op `up`. */
  async step(plan: StepPlan): Promise<void> {
    const targets = MATRIX_RESOURCES.filter((r) => applies(this.fault, r, plan.phase));
    const rules = new Map<MatrixResource, string>();
    for (const resource of targets) {
      const rule = this.fault.rule?.(resource, this.sim);
      const match = resource.phases[plan.phase]!(this.fixtures);
      if (rule) {
        const id = this.sim.faults.add({ ...match, ...rule });
        this.ruleTimes.set(id, rule.times ?? 1);
        rules.set(resource, id);
      } else resource.failNextCreate(this.sim);
    }
    const firstSeq = this.lastSeq() + 1;
    const { result, findings } = await this.run(plan.op, plan.generation);
    await this.settleHits(rules.values());
    const requests = this.sim.requests.filter((r) => r.seq >= firstSeq);
    const cells = new Map(
      targets.map((resource) => {
        const problems = this.checkCell(resource, plan, result, requests, rules.get(resource));
        const cell: CellResult = {
          type: resource.type,
          phase: plan.phase,
          fault: this.fault.id,
          expected: this.fault.expect,
          outcome: OUTCOMES[this.fault.expect],
          problems,
        };
        this.result.cells.push(cell);
        return [resource.name, cell];
      }),
    );
    /** A problem of a follow-up run: on the cell of the resource it names, else on the lifecycle. */
    const blame = (name: string | undefined, problem: string) => {
      const cell = name === undefined ? undefined : cells.get(name);
      if (cell) cell.problems.push(problem);
      else this.result.problems.push(`${plan.op} (${plan.phase}${name ? `, ${name}` : ""}): ${problem}`);
    };
    const blameFindings = (found: Finding[], run: string) => {
      for (const finding of found) blame(finding.resource, `after the ${run}: ${findingLine(finding)}`);
    };
    blameFindings(findings, `faulted ${plan.op}`);
    for (const step of result.steps.filter((s) => s.failed && !cells.has(s.name)))
      blame(undefined, `${step.name} failed although no fault was on for it: ${step.error}`);
    if (!result.ok && !result.steps.some((s) => s.failed))
      blame(undefined, `the run failed: ${shown(result)}`);
    if (!result.ok) {
      const { result: again, findings: afterAgain } = await this.run(plan.op, plan.generation);
      blameFindings(afterAgain, `next ${plan.op}`);
      for (const step of again.steps.filter((s) => s.failed))
        blame(step.name, `the next ${plan.op} did not converge: ${step.error}`);
      if (!again.ok && !again.steps.some((s) => s.failed))
        blame(undefined, `the next ${plan.op} did not converge: ${shown(again)}`);
    }
    if (plan.op !== "destroy") {
      const { result: noop, findings: afterNoop } = await this.run("up", plan.generation);
      blameFindings(afterNoop, "no-op up");
      for (const step of noop.steps.filter((s) => s.op !== "same" || s.failed))
        blame(step.name, `the next up was not a no-op: ${step.op}${step.error ? ` (${step.error})` : ""}`);
      if (!noop.ok && !noop.steps.some((s) => s.failed))
        blame(undefined, `the next up was not a no-op: ${shown(noop)}`);
    }
    for (const cell of cells.values()) if (cell.problems.length > 0) cell.outcome = "FAILED";
  }

  /**
   * Waits until every request a rule hit is in the request log: a request is recorded when answered, and a hung
   * one is answered (to a client that gave up on it) only when its delay is over.
   */
  private async settleHits(ruleIds: Iterable<string>): Promise<void> {
    const left = new Map(this.sim.faults.list().map((rule) => [rule.id, rule.times]));
    const taken = new Map<string, number>();
    for (const id of ruleIds) {
      taken.set(id, (this.ruleTimes.get(id) ?? 1) - (left.get(id) ?? 0));
      this.sim.faults.remove(id);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const recorded = new Map<string, number>();
      for (const r of this.sim.requests) if (r.fault) recorded.set(r.fault, (recorded.get(r.fault) ?? 0) + 1);
      if ([...taken].every(([id, count]) => (recorded.get(id) ?? 0) >= count)) return;
      if (Date.now() > deadline) throw new Error("requests hit by a fault were never answered");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Destroys whatever a lifecycle that ends without a destroy step left, and checks that nothing is left. */
  async cleanUp(): Promise<void> {
    const left = this.stack.engine?.state().resources.filter((r) => r.custom) ?? [];
    if (left.length === 0) return;
    const { result, findings } = await this.run("destroy", 0);
    if (!result.ok) this.result.problems.push(`the final destroy failed: ${shown(result)}`);
    this.result.problems.push(...findings.map((f) => `after the final destroy: ${findingLine(f)}`));
  }

  /** One engine run, and the books after it (counted in the totals; the caller says whose problem they are). */
  private async run(
    op: StepPlan["op"],
    generation: number,
  ): Promise<{ result: RunResult; findings: Finding[] }> {
    const before = countsOf(MATRIX_RESOURCES, this.stack);
    this.result.runs += 1;
    const result = await this.stack.run(op, declareAll(generation, this.fixtures));
    const findings = checkBooks(this.stack, MATRIX_RESOURCES, this.fixtures, result, before);
    this.result.findings.push(...findings);
    return { result, findings };
  }

  private lastSeq(): number {
    const requests = this.sim.requests;
    return requests.length > 0 ? requests[requests.length - 1].seq : 0;
  }

  /** What the faulted run should have done to `resource`; the problems found. */
  private checkCell(
    resource: MatrixResource,
    plan: StepPlan,
    result: RunResult,
    requests: RecordedRequest[],
    ruleId: string | undefined,
  ): string[] {
    const problems: string[] = [];
    const label = `${resource.type} "${resource.name}"`;
    const hits = requests.filter((r) => ruleId !== undefined && r.fault === ruleId);
    if (ruleId !== undefined && hits.length === 0) problems.push("the fault never hit: no request matched");
    const failed = stepsOfResource(result, this.stack, resource).find((s) => s.failed);
    const entry = this.stack.resourcesOf(resource.type).find((r) => r.name === resource.name);
    switch (this.fault.expect) {
      case "recovers": {
        if (failed) problems.push(`expected to recover, but failed: ${failed.error}`);
        const times = this.fault.rule?.(resource, this.sim).times ?? 1;
        if (hits.length > 0 && hits.length < times)
          problems.push(`the fault hit ${hits.length} of ${times} times: the client gave up early`);
        for (const hit of hits) problems.push(...this.checkRecovery(resource, hit, requests));
        break;
      }
      case "fails-clearly": {
        if (!failed) {
          problems.push("expected to fail with the server's error, but succeeded");
          break;
        }
        const error = failed.error ?? "";
        const hit = hits[hits.length - 1];
        const missing = [
          [`names the resource (${label})`, error.includes(label)],
          ["names the operation (Error <verb> …)", /^Error [a-z]+( up)? /.test(error)],
          ["names the HTTP status (HTTP 500)", error.includes("HTTP 500")],
          [`quotes the server's message (${SIMULATED_500_MESSAGE})`, error.includes(SIMULATED_500_MESSAGE)],
          [`names the request id (${hit?.requestId})`, hit !== undefined && error.includes(hit.requestId)],
        ].filter(([, ok]) => !ok);
        for (const [what] of missing) problems.push(`the error does not ${what}: ${error}`);
        if ((plan.phase === "create-wait" || plan.phase === "create-step") && !entry?.id)
          problems.push("the object created before the failure is not recorded in the state");
        if (plan.phase === "create-start" && entry)
          problems.push(`a create refused by the server is recorded in the state (${entry.id})`);
        if ((plan.phase === "delete" || plan.phase === "delete-wait") && !entry)
          problems.push("the resource left the state although its delete failed");
        break;
      }
      case "recorded-failed": {
        if (!failed) {
          problems.push("expected to fail with the API's error status, but succeeded");
          break;
        }
        const error = failed.error ?? "";
        if (!entry?.id) problems.push("the failed object is not recorded in the state");
        else {
          if (!error.includes(`${label} (id ${entry.id})`))
            problems.push(
              `the error does not name the resource and its id (${label} (id ${entry.id})): ${error}`,
            );
          if (!entry.initErrors?.length) problems.push("the state entry does not record the failure");
        }
        if (!resource.failureMessage.test(error))
          problems.push(`the error does not say what the API said (${resource.failureMessage}): ${error}`);
        break;
      }
    }
    return problems;
  }

  /** After a transient fault: the request was sent again (after Retry-After, with a renewed credential). */
  private checkRecovery(
    resource: MatrixResource,
    hit: RecordedRequest,
    requests: RecordedRequest[],
  ): string[] {
    const retry = requests.find(
      (r) => r.seq > hit.seq && r.service === hit.service && r.method === hit.method && r.url === hit.url,
    );
    // A create whose answer was lost (reset, or late) is adopted, not sent again; anything else is retried.
    const rule = this.fault.rule?.(resource, this.sim);
    const answerLost = rule?.reset === true || rule?.delayMs !== undefined;
    if (!retry) return hit.method === "POST" && answerLost ? [] : ["the request was not sent again"];
    const problems: string[] = [];
    if (hit.status === 429 && retry.time - hit.time < RETRY_AFTER_S * 1000)
      problems.push(`sent again after ${retry.time - hit.time} ms, before Retry-After (${RETRY_AFTER_S} s)`);
    if (hit.status === 401) {
      const credential = (r: RecordedRequest) =>
        resource.auth === "waldur" ? r.headers.authorization : r.headers["x-auth-token"];
      if (credential(retry) === credential(hit)) problems.push("sent again with the credential that expired");
      if (retry.status === 401) problems.push("refused again after the renewal");
    }
    return problems;
  }
}
