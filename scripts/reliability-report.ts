/**
 * `npm run reliability:report`: renders docs/reliability.md from the figures the last runs left in
 * reports/reliability (the fault matrix on each face, crash recovery, busy server, load, secrets and TLS suites of
 * `npm run test:reliability`, and the fuzzed checks of `npm test`). A suite that has not run here is listed as not
 * run, never invented.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { markdownTable, type Row } from "../bench/table";
import { RELIABILITY_REPORTS } from "../tests/helpers/reliability-report";

const ROOT = path.resolve(__dirname, "../..");
const OUTPUT = path.join(ROOT, "docs/reliability.md");

interface FaultMatrix {
  generatedAt: string;
  durationMs: number;
  runs: number;
  totals: Record<
    "scenarios" | "passed" | "failed" | "orphanedObjects" | "duplicatedOperations" | "lostState",
    number
  >;
  faults: { id: string; title: string; expect: string }[];
  phases: string[];
  cells: {
    type: string;
    phase: string;
    fault: string;
    outcome: string;
    passed: boolean;
    problems: string[];
  }[];
}

interface CrashRecovery {
  passed: number;
  total: number;
  durationMs: number;
  scenarios: {
    type: string;
    remoteCreates: number;
    adoptedNotRepeated: number;
    destroyFinished: boolean;
    tests: { title: string; passed: boolean }[];
  }[];
}

interface Busy {
  stormSeconds: number;
  requests: number;
  patches: number;
  elapsedMs: number;
}

interface Load {
  seed: number;
  replay: string;
  resources: Record<string, number>;
  cap: number;
  faultRate: number;
  faultsMet: Record<string, number>;
  requests: number;
  converged: boolean;
  passed: boolean;
  books: Record<string, { declared: number; inState: number; remote: number; creates: number }>;
  concurrency: { all: number; services: Record<string, number> };
}

interface Fuzz {
  types: Record<string, { runs: number; refused: number; requestsForRefused: number }>;
}

interface Secrets {
  durationMs: number;
  credentials: { known: string[]; searchedStrings: number };
  lifecycles: { mode: string; completed: boolean; runs: number }[];
  engineRuns: number;
  stateSecrets: { encrypted: number; plaintext: number };
  placesScanned: number;
  bytesScanned: number;
  byPlace: Record<string, { places: number; bytes: number }>;
  findings: unknown[];
}

interface Tls {
  openssl: string;
  node: string;
  scenarios: number;
  passed: number;
  results: { system: string; scenario: string; expected: string; passed: boolean }[];
}

/** The figures a suite left, or undefined if it has not run on this machine. */
function figures<T>(name: string): T | undefined {
  const file = path.join(RELIABILITY_REPORTS, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
}

const notRun = (command: string) => `Not run on this machine yet: \`${command}\`.`;
const mark = (ok: boolean) => (ok ? "yes" : "**NO**");
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** A face of the package the fault matrix runs on: its report, its section's heading, and where it runs. */
interface MatrixFace {
  report: string;
  heading: string;
  runsOn: string;
}

const FACES: readonly MatrixFace[] = [
  {
    report: "fault-matrix",
    heading: "Fault matrix: dynamic providers",
    runsOn:
      "the dynamic providers (`pulumi.dynamic.Resource`s of a TypeScript program, on the dynamic-provider host)",
  },
  {
    report: "fault-matrix-plugin",
    heading: "Fault matrix: provider plugin",
    runsOn:
      "the provider plugin (`openstack-dataprotection` resources of a program, on its executable " +
      "`pulumi-resource-openstack-dataprotection`, as the CLI runs a package's plugin)",
  },
];

function faultMatrixSection(face: MatrixFace, matrix: FaultMatrix | undefined): string[] {
  if (!matrix) return [notRun("npm run test:reliability")];
  const { totals } = matrix;
  const types = [...new Set(matrix.cells.map((cell) => cell.type))];
  const outcomeOf = (type: string, phase: string, fault: string) => {
    const cell = matrix.cells.find((c) => c.type === type && c.phase === phase && c.fault === fault);
    if (!cell) return "–";
    return cell.passed ? cell.outcome : `**${cell.outcome}: ${cell.problems.join("; ")}**`;
  };
  const rows: Row[] = types.flatMap((type) =>
    matrix.phases
      .filter((phase) => matrix.cells.some((c) => c.type === type && c.phase === phase))
      .map((phase) => [type, phase, ...matrix.faults.map((fault) => outcomeOf(type, phase, fault.id))]),
  );
  return [
    `Every resource × phase × fault the simulator can inject, on ${face.runsOn}, each scenario in ` +
      `${matrix.runs} real-runtime runs (${seconds(matrix.durationMs)}). A scenario passes when the outcome ` +
      "is the one a user wants and the books balance: every remote object is in the state file or deleted, no operation started twice, " +
      "the state file valid, and a following `up` changes nothing. Waldur answers as a real late-2024 server " +
      "did (no description on restoration records, orders through `pending-project`, every PATCH through the " +
      "update executor). Phases: the request that starts a create (`create-start`), a later one that starts " +
      "something too (`create-step`: Cinder's restore into the volume the resource made), the wait, an update, " +
      "a read, a delete and its wait.",
    "",
    markdownTable(
      ["scenarios", "passed", "failed", "orphaned objects", "duplicated operations", "lost state"],
      [
        [
          totals.scenarios,
          totals.passed,
          totals.failed,
          totals.orphanedObjects,
          totals.duplicatedOperations,
          totals.lostState,
        ].map(String),
      ],
    ),
    "",
    "Faults: " + matrix.faults.map((f) => `\`${f.id}\` ${f.title} (expected: ${f.expect})`).join("; ") + ".",
    "",
    markdownTable(["resource", "phase", ...matrix.faults.map((f) => f.id)], rows),
    "",
    "`–`: the fault does not apply there (only an awaited operation has an error status of its own).",
  ];
}

function crashSection(crash: CrashRecovery | undefined): string[] {
  if (!crash) return [notRun("npm run test:reliability")];
  return [
    `The dynamic-provider host killed with SIGKILL at the worst moments, then \`up\` or \`destroy\` run again: ` +
      `${crash.passed} of ${crash.total} scenarios passed (${seconds(crash.durationMs)}).`,
    "",
    markdownTable(
      ["resource", "scenarios passed", "creates adopted, not repeated", "destroy finished the job"],
      crash.scenarios.map((s) => [
        s.type,
        `${s.tests.filter((t) => t.passed).length} / ${s.tests.length}`,
        `${s.adoptedNotRepeated} / ${s.remoteCreates}`,
        mark(s.destroyFinished),
      ]),
    ),
  ];
}

function loadSection(load: Load | undefined): string[] {
  if (!load) return [notRun("npm run test:reliability")];
  const total = Object.values(load.resources).reduce((a, b) => a + b, 0);
  const faults = Object.entries(load.faultsMet)
    .map(([kind, count]) => `${count} × ${kind}`)
    .join(", ");
  return [
    `One \`up\` of ${total} resources across the four systems, ${Math.round(load.faultRate * 100)} % of ` +
      `requests faulted at random (seed ${load.seed}; replay with \`${load.replay} npm run test:reliability\`): ` +
      `${load.requests} requests, faults met: ${faults}. Converged: ${mark(load.converged)}; ` +
      `all checks passed: ${mark(load.passed)}.`,
    "",
    markdownTable(
      ["resource", "declared", "in state", "remote objects", "creates sent"],
      Object.entries(load.books).map(([type, b]) =>
        [type, b.declared, b.inState, b.remote, b.creates].map(String),
      ),
    ),
    "",
    `Most requests in flight at once, per endpoint (cap ${load.cap}, \`DATAPROTECTION_MAX_CONCURRENT_REQUESTS\`): ` +
      Object.entries(load.concurrency.services)
        .map(([service, most]) => `${service} ${most}`)
        .join(", ") +
      ".",
  ];
}

function fuzzSection(fuzz: Fuzz | undefined): string[] {
  if (!fuzz) return [notRun("npm test")];
  return [
    "fast-check over every resource's inputs through `check` (arbitrary shapes and types, empty, huge and " +
      "unicode strings, ids with `/`, `..`, `%2F`, `?`, `#`). A refusal must name the property and the reason, " +
      "`check` must never throw, and a refused input must send no request.",
    "",
    markdownTable(
      ["resource", "inputs checked", "refused", "requests sent for refused inputs"],
      Object.entries(fuzz.types).map(([type, t]) =>
        [type, t.runs, t.refused, t.requestsForRefused].map(String),
      ),
    ),
  ];
}

function secretsSection(secrets: Secrets | undefined): string[] {
  if (!secrets) return [notRun("npm run test:reliability")];
  return [
    `${secrets.lifecycles.length} lifecycles (preview, up, update, refresh, failure, destroy) of all seven ` +
      `resource types, one per way of passing credentials, ${secrets.engineRuns} engine runs in all ` +
      `(${seconds(secrets.durationMs)}), with known credentials (${secrets.credentials.known.join(", ")}). ` +
      `${secrets.credentials.searchedStrings} strings derived from them (encodings, tokens issued) searched ` +
      `in ${secrets.placesScanned} places, ${(secrets.bytesScanned / 1e6).toFixed(1)} MB: ` +
      `**${secrets.findings.length} found**. Secret values in state: ${secrets.stateSecrets.encrypted} ` +
      `encrypted, ${secrets.stateSecrets.plaintext} in plain text.`,
    "",
    markdownTable(
      ["where", "places scanned", "bytes"],
      Object.entries(secrets.byPlace).map(([place, p]) => [place, String(p.places), String(p.bytes)]),
    ),
    "",
    "Ways of passing credentials: " +
      secrets.lifecycles.map((l) => `${l.mode} (${mark(l.completed)})`).join("; ") +
      ".",
  ];
}

function busySection(busy: Busy | undefined): string[] {
  if (!busy) return [notRun("npm run test:reliability")];
  return [
    `A Waldur snapshot answering 409 to every PATCH while reading back OK (as a shared real server did), an ` +
      `update with a ${busy.stormSeconds} s deadline: it gave up after ${seconds(busy.elapsedMs)} with ` +
      `${busy.requests} requests to Waldur (${busy.patches} of them PATCHes; goal under 30) and a message naming ` +
      "the snapshot, its state and the wait; once the snapshot was free the next `up` applied the change.",
  ];
}

function tlsSection(tls: Tls | undefined): string[] {
  if (!tls) return [notRun("npm run test:reliability")];
  return [
    `The simulator serving HTTPS with a CA and certificate made at test time (${tls.openssl}, Node ${tls.node}): ` +
      `${tls.passed} of ${tls.scenarios} scenarios passed.`,
    "",
    markdownTable(
      ["resource", "scenario", "expected", "passed"],
      tls.results.map((r) => [r.system, r.scenario, r.expected, mark(r.passed)]),
    ),
  ];
}

function render(): string {
  const matrices = FACES.map((face) => ({ face, matrix: figures<FaultMatrix>(face.report) }));
  const runs = matrices.flatMap(({ face, matrix }) =>
    matrix ? [`${face.heading.toLowerCase()} run ${matrix.generatedAt}`] : [],
  );
  return [
    "# Reliability",
    "",
    "Generated by `npm run reliability:report` from the figures of the last `npm test` and " +
      "`npm run test:reliability` on this machine" +
      (runs.length > 0 ? ` (${runs.join("; ")})` : "") +
      ". Every scenario runs real Pulumi programs against the simulator on loopback, through the real " +
      "dynamic-provider host, or through the provider plugin where a section says so.",
    "",
    ...matrices.flatMap(({ face, matrix }) => [
      `## ${face.heading}`,
      "",
      ...faultMatrixSection(face, matrix),
      "",
    ]),
    "## Crash recovery",
    "",
    ...crashSection(figures<CrashRecovery>("crash-recovery")),
    "",
    "## Busy servers",
    "",
    ...busySection(figures<Busy>("busy")),
    "",
    "## Load",
    "",
    ...loadSection(figures<Load>("load")),
    "",
    "## Bad input",
    "",
    ...fuzzSection(figures<Fuzz>("fuzz")),
    "",
    "## Secrets",
    "",
    ...secretsSection(figures<Secrets>("secrets")),
    "",
    "## TLS",
    "",
    ...tlsSection(figures<Tls>("tls")),
    "",
  ].join("\n");
}

fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
fs.writeFileSync(OUTPUT, render());
console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
