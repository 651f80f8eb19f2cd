/**
 * The state-writes section: what recording one step costs the engine (`engine/state.ts`: a pending-operation
 * record, the resource, the record cleared) in a stack of 50, 200 and 500 resources, against what rewriting the
 * whole state file costs at the same size (what every one of those three changes cost before the journal).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StateStore, type StateResource } from "../engine/state";
import { SECRET_SIG, SIG_KEY } from "../engine/wire";
import { median, ratio, spread } from "./stats";
import { markdownTable } from "./table";

/** Stack sizes measured. */
export const STATE_STEP_SIZES = [50, 200, 500] as const;
/** Steps timed per stack size and run. */
const STEPS = 200;

/** One run's medians, ms, by stack size. */
export type StateStepRun = Record<number, { stepMs: number; rewriteMs: number }>;

/**
 * A resource of about the size of a `trilio.Restore` in the state (5.4 kB, bench "State and memory"): a 1.9 kB
 * `__provider`, inputs, outputs and one secret (the connection's password), which the state encrypts.
 */
function restoreLike(i: number): StateResource {
  const provider = "x".repeat(1900);
  const connection = { authUrl: "https://keystone.example:5000/v3", password: "p".repeat(16) };
  const inputs = {
    __provider: provider,
    snapshotId: `snapshot-${i}`,
    restoreType: "oneclick",
    connection: { [SIG_KEY]: SECRET_SIG, value: connection },
  };
  return {
    urn: `urn:pulumi:dev::bench::pulumi-nodejs:dynamic/trilio:Restore::restore-${i}`,
    type: "pulumi-nodejs:dynamic/trilio:Restore",
    name: `restore-${i}`,
    custom: true,
    id: `restore-id-${i}`,
    parent: "urn:pulumi:dev::bench::pulumi:pulumi:Stack::bench-dev",
    inputs,
    outputs: { ...inputs, status: "available", restoredInstances: ["vm-1 (id)"], progress: "y".repeat(1200) },
    dependencies: [],
    propertyDependencies: {},
    provider: "",
  };
}

/** Times one run: per stack size, the median of {@link STEPS} steps and of as many whole-state rewrites. */
export function measureStateSteps(): StateStepRun {
  const run: StateStepRun = {};
  for (const n of STATE_STEP_SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-state-"));
    try {
      const store = new StateStore(path.join(dir, "dev.json"), "dev", "bench", "bench-passphrase", true);
      for (let i = 0; i < n; i++) store.upsert(restoreLike(i));
      store.close();
      const steps: number[] = [];
      const rewrites: number[] = [];
      for (let step = 0; step < STEPS; step++) {
        const res = restoreLike(step % n);
        const start = performance.now();
        const op = { urn: res.urn, type: "updating" as const };
        store.beginOperation(op);
        store.upsert(res);
        store.endOperation(op);
        steps.push(performance.now() - start);
      }
      for (let step = 0; step < STEPS; step++) {
        // What each of those three changes used to cost: the whole state encrypted and written again.
        store.setOutputs({ step });
        const start = performance.now();
        store.close();
        rewrites.push(performance.now() - start);
      }
      run[n] = { stepMs: median(steps), rewriteMs: median(rewrites) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return run;
}

/** The per-step cost at the largest stack against the smallest, median over runs. */
export function stateStepRatio(runs: StateStepRun[]): number {
  const [small, large] = [STATE_STEP_SIZES[0], STATE_STEP_SIZES[STATE_STEP_SIZES.length - 1]];
  return median(runs.map((run) => run[large].stepMs)) / median(runs.map((run) => run[small].stepMs));
}

/** The report's headline line. */
export function stateStepHeadline(runs: StateStepRun[]): string {
  const r = stateStepRatio(runs);
  const met = r <= 1.5 ? "met" : "**not met**";
  return (
    `- **State writes**: recording one step costs the engine ${r.toFixed(2)}× as much in a stack of 500 resources as in one ` +
    `of 50 (goal: a constant cost per step, so at most linear in all: ${met}).`
  );
}

/** The report's section. */
export function stateStepSection(runs: StateStepRun[]): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const small = STATE_STEP_SIZES[0];
  const rows = STATE_STEP_SIZES.map((n) => {
    const steps = runs.map((run) => run[n].stepMs);
    const rewrites = runs.map((run) => run[n].rewriteMs);
    return [
      String(n),
      spread(steps, ms),
      ratio(median(steps), median(runs.map((run) => run[small].stepMs))),
      spread(rewrites, ms),
      ratio(3 * median(rewrites), median(steps)),
    ];
  });
  return `## State writes

What recording one step costs the engine (\`engine/state.ts\`): a pending-operation record, the resource's new state,
the record cleared. Each is one line appended to the state's journal, with only that resource encoded and its
secrets encrypted; the journal is folded into the state file at the end of the run. Resources of about the size of a
\`trilio.Restore\` (5.4 kB, one secret), the median of ${STEPS} steps per stack size in each of ${runs.length} runs
(in this process, without the engine's other work), and the median of as many rewrites of the whole state file
(encrypted and written atomically): what each of a step's three changes cost before the journal.

${markdownTable(
  [
    "resources",
    "one step",
    "against 50",
    "whole state rewritten",
    "a step before the journal (3 rewrites) / now",
  ],
  rows,
)}
`;
}
