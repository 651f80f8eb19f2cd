/**
 * The scale section of the report: `up`s of 1, 10, 100 and 500 restores (bench/perf-scale.ts), and 100 with
 * remote checks off; measured, then rendered as the headline and the section of docs/performance.md.
 */
import { measureScale, type ScaleRun } from "./perf-scale";
import { median, ratio, spread } from "./stats";
import { markdownTable } from "./table";

/** The stack sizes of the scale section. */
export const SCALE_SIZES = [1, 10, 100, 500] as const;
/** The goals: an `up` of N restores within this multiple of the wall time of one. */
const SCALE_GOALS: Record<number, number> = { 100: 1.5, 500: 2 };

/** The scale section's measurements. */
export interface ScaleResults {
  scale: Record<number, ScaleRun[]>;
  /** N = 100 with remote checks switched off. */
  localChecks: ScaleRun[];
}

/** Runs each measurement `runs` times. */
export async function measureScaleSection(runs: number): Promise<ScaleResults> {
  const repeat = async (measure: () => Promise<ScaleRun>) => {
    const results: ScaleRun[] = [];
    for (let run = 0; run < runs; run++) results.push(await measure());
    return results;
  };
  const scale: Record<number, ScaleRun[]> = {};
  for (const n of SCALE_SIZES) scale[n] = await repeat(() => measureScale(n));
  return { scale, localChecks: await repeat(() => measureScale(100, { remoteChecks: false })) };
}

const wall = (runs: ScaleRun[]) => runs.map((run) => run.wallMs / 1000);
const yes = (value: boolean) => (value ? "met" : "**not met**");
const seconds = (value: number) => `${value.toFixed(1)} s`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Wall time of N restores against one. */
function against(r: ScaleResults, runs: ScaleRun[]): number {
  return median(wall(runs)) / median(wall(r.scale[1]));
}

/** The report's headline line. */
export function scaleHeadline(r: ScaleResults): string {
  const goals = Object.entries(SCALE_GOALS).map(([n, goal], i) => {
    const x = against(r, r.scale[Number(n)]);
    const what =
      i === 0
        ? `an \`up\` of ${n} restores takes ${x.toFixed(2)}× the wall time of one`
        : `one of ${n}, ${x.toFixed(2)}×`;
    return `${what} (goal ${goal}×: ${yes(x <= goal)})`;
  });
  const local = against(r, r.localChecks);
  return `- **Scale**: ${goals.join("; ")}. The Pulumi engine
  checks resources one at a time, and a restore's check asks TrilioVault whether it can run; after four such checks
  the provider reads the project's snapshot and workload lists once and answers the rest from them. With remote
  checks switched off (\`dataprotection:remoteChecks false\`), 100 take ${local.toFixed(2)}× (${yes(local <= 1.5)}).`;
}

/** The report's section. */
export function scaleSection(r: ScaleResults): string {
  const perRequest = (runs: ScaleRun[]) => median(runs.map((run) => run.serverMs / run.requests));
  const outside = (n: number) => r.scale[n].map((run) => (run.wallMs - run.maxCreateMs) / 1000);
  const checksS = median(wall(r.scale[100])) - median(wall(r.localChecks));
  const createS = (n: number) => median(r.scale[n].map((run) => run.medianCreateMs / 1000));
  const turnWait = (n: number) => createS(n) - createS(1);
  const runCount = r.scale[1].length;
  const table = markdownTable(
    [
      "N",
      "wall time",
      "against N = 1",
      "one resource's create step (from its registration)",
      "API requests",
      "API time (latency included)",
    ],
    [
      ...SCALE_SIZES.map((n) => ({ label: String(n), runs: r.scale[n] })),
      { label: "100, remote checks off", runs: r.localChecks },
    ].map(({ label, runs }) => [
      label,
      spread(wall(runs), seconds),
      ratio(median(wall(runs)), median(wall(r.scale[1]))),
      spread(
        runs.map((run) => run.medianCreateMs / 1000),
        seconds,
      ),
      String(median(runs.map((run) => run.requests))),
      spread(
        runs.map((run) => run.serverMs / 1000),
        seconds,
      ),
    ]),
  );
  return `## Scale

One \`up\` of N restores (each of 5 s, on N workloads, \`--parallel N\`) with 50 ms added to every API answer, ${runCount} runs
each, through the test engine, which generates steps as the Pulumi engine does: each resource's Check and Diff one
at a time, the steps themselves in parallel.

${table}

Where the time goes: a create step is the restore itself (5 s), the provider's polling lag and the API's latency,
after the resource's turn at step generation. The Pulumi engine calls Check one resource at a time
(pulumi/pulumi#3302), and a restore's check reads its snapshot and then its workload from TrilioVault, so that
the preview can say whether the restore can run: two round trips, each at least the 50 ms of latency here. Read
one by one, 100 checks would wait about ${seconds((2 * 100 * perRequest(r.scale[100])) / 1000)} in a row. So only the first four checks on a connection read
their own snapshot and workload; then one request each reads the project's snapshot list and workload list
(\`GET /snapshots\`, \`GET /workloads\`), which answer the checks for 30 seconds. A list only lets a check pass: a
snapshot it lacks or shows busy, a locked workload, and the instances of a selective restore are read on their own,
so refusals describe the current state (\`provider/core/bulk-lookup.ts\`). For N = 100 the checks now account for
${seconds(checksS)} of the wall time (${ms((checksS * 1000) / 100)} per resource) against remote checks switched off (stack config
\`dataprotection:remoteChecks false\` or \`DATAPROTECTION_REMOTE_CHECKS=false\`: the inputs are still checked, problems
with the snapshot show when the restore starts), with which the same \`up\` takes ${spread(wall(r.localChecks), seconds)} (${ratio(median(wall(r.localChecks)), median(wall(r.scale[1])))} of N = 1). Each API request takes
${ms(perRequest(r.scale[1]))} at N = 1 and ${ms(perRequest(r.scale[500]))} at N = 500. The wall time beyond the longest create step is the
engine's, the program's and the dynamic-provider host's (starting, registering N resources, the state file):
${SCALE_SIZES.map((n) => `${spread(outside(n), seconds)} for N = ${n}`).join(", ")}. At N = 500 the median create step
starts ${seconds(turnWait(500))} later than at N = 1 (its turn at step generation, after the checks before it, one at a time)
and the last ends ${seconds(median(r.scale[500].map((run) => run.maxCreateMs)) / 1000 - median(r.scale[1].map((run) => run.maxCreateMs)) / 1000)} later. The engine records each step in
the state's journal at a constant cost; before, it rewrote and re-encrypted the whole state file three times per
step, a cost that grew with the stack (State writes, below).
`;
}
