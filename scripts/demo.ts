/**
 * `npm run demo`: the main jobs, end to end, on the embedded simulator. It starts the simulator, then runs each
 * example program through the test engine and the real dynamic-provider host, as `pulumi preview`,
 * `pulumi up`, a change, `pulumi up` and `pulumi destroy` would, printing what a Pulumi user sees, progress
 * included, and the requests the change sent to the APIs (from the simulator's request log).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliRenderer, Engine, type ConfigValue } from "../engine";
import { startSimulator, WALDUR_SEED, type RecordedRequest, type Simulator } from "../simulator";

/** One example and the change the demo makes to it. */
interface Walkthrough {
  example: string;
  intro: (sim: Simulator) => string;
  /**
   * The change between the two `up`s: a config change (`command`, `config`), or something that happens outside
   * Pulumi (`outside`, which `command` then describes).
   */
  change: {
    command: string;
    config: Record<string, ConfigValue>;
    effect: string;
    outside?: (sim: Simulator) => void;
  };
  summary: (sim: Simulator) => string;
}

const WALKTHROUGHS: Walkthrough[] = [
  {
    example: "trilio-restore",
    intro: (sim) => `TrilioVault: a selective restore drill (Keystone and TrilioVault at ${sim.url}).`,
    change: {
      command: 'pulumi config set description "Restore drill, Q4"',
      config: { description: "Restore drill, Q4" },
      effect:
        "an update of the stack only: TrilioVault cannot change a restore's description, and no second restore",
    },
    summary: (sim) => `TrilioVault ran ${sim.trilio.restoreStarts} restore in all.`,
  },
  {
    example: "waldur-retention",
    intro: (sim) =>
      `Waldur: 30-day retention for scheduled snapshots, and a restore drill (${sim.waldur.apiUrl}).`,
    change: {
      command: "pulumi config set retentionDays 45",
      config: { retentionDays: "45" },
      effect: "three updates, each one PATCH of kept_until and of the metadata that names the retention",
    },
    summary: (sim) =>
      `Waldur made ${sim.waldur.snapshotCreates} snapshots and ${sim.waldur.restores} restore; ` +
      `the scheduled snapshots now stay until ${sim.waldur.state.snapshots
        .filter((s) => s.name.startsWith("db-data-schedule"))
        .map((s) => s.keptUntil)
        .join(", ")}.`,
  },
  {
    example: "restore-latest-snapshot",
    intro: (sim) =>
      `Waldur: restore the newest OK snapshot of a volume, found by a lookup, into a new volume (${sim.waldur.apiUrl}).`,
    change: {
      command: "Waldur's schedule makes a newer snapshot (outside Pulumi), then `pulumi up` again",
      config: {},
      effect: "nothing restored again: with pinSource the restore keeps the snapshot it restored",
      outside: (sim) => addScheduledSnapshot(sim),
    },
    summary: (sim) =>
      `Waldur ran ${sim.waldur.restores} restore in all; changing the restoreRequest config would restore the ` +
      "newest snapshot then.",
  },
  {
    example: "waldur-retention-policy",
    intro: (sim) =>
      `Waldur: a retention policy (last 3, daily, weekly, monthly) over a schedule's snapshots (${sim.waldur.apiUrl}).`,
    change: {
      command: "Waldur's schedule makes a newer snapshot (outside Pulumi), then `pulumi up` again",
      config: {},
      effect:
        "the new snapshot picked up without a program edit: PATCHes of kept_until only where the rule moves",
      outside: (sim) => addScheduledSnapshot(sim),
    },
    summary: (sim) =>
      `The schedule's snapshots now stay until: ${sim.waldur.state.snapshots
        .filter((s) => s.name.startsWith("db-data-schedule"))
        .map((s) => `${s.name} ${s.keptUntil ?? "forever"}`)
        .join(", ")}; destroy leaves them as they are.`,
  },
  {
    example: "powervc-snapshot-restore",
    intro: (sim) => `IBM PowerVC: a VM snapshot before an upgrade, then a roll-back (${sim.url}/powervc).`,
    change: {
      command: "pulumi config set rollBack true",
      config: { rollBack: "true" },
      effect: "a restore of the VM from the snapshot, once",
    },
    summary: (sim) =>
      `PowerVC ran ${sim.powervc.counters.snapshotActions} snapshot and ${sim.powervc.counters.restoreActions} ` +
      "restore; destroying the stack deletes the snapshot and leaves the restored VM as it is.",
  },
  {
    example: "cinder-backup-restore",
    intro: (sim) => `Cinder v3: a full and an incremental backup, and a restore drill (${sim.url}/cinder).`,
    change: {
      command: 'pulumi config set description "Monthly full backup"',
      config: { description: "Monthly full backup" },
      effect: "one PUT of the description: the backup is not made again",
    },
    summary: (sim) =>
      `Cinder made ${sim.cinder.counters.backupCreates} backups, ${sim.cinder.counters.backupUpdates} update ` +
      `and ${sim.cinder.counters.restores} restore; destroy deletes the drill's volume and both backups.`,
  },
];

/** A snapshot of db-data as its daily schedule makes them: named in turn, kept for its retention_time (7 days). */
function addScheduledSnapshot(sim: Simulator): void {
  const made = sim.waldur.state.snapshots.filter((s) => s.name.startsWith("db-data-schedule-")).length;
  sim.waldur.addSnapshot({
    sourceVolume: WALDUR_SEED.dbDataVolumeUuid,
    name: `db-data-schedule-${made + 1}`,
    keptUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
}

const bold = process.stdout.isTTY ? (text: string) => `\x1b[1m${text}\x1b[0m` : (text: string) => text;
const say = (text: string) => process.stdout.write(`\n${bold(text)}\n`);

/** The requests after `seq` that asked an API to change something (logins left out: they carry secrets). */
function changingRequests(sim: Simulator, seq: number): RecordedRequest[] {
  return sim.requests.filter(
    (request) =>
      request.seq > seq &&
      request.method !== "GET" &&
      request.service !== "keystone" &&
      !request.path.includes("/api-auth/"),
  );
}

/** Shows what the change sent, as the simulator's request log has it: method, path and body. */
function showRequests(requests: readonly RecordedRequest[]): void {
  say(`What the change sent to the APIs (the simulator's request log):`);
  if (requests.length === 0) process.stdout.write("    nothing: no request that changes anything\n");
  for (const { method, path: url, body } of requests) {
    process.stdout.write(`    ${method} ${url}${body === undefined ? "" : ` ${JSON.stringify(body)}`}\n`);
  }
}

async function walk(sim: Simulator, walkthrough: Walkthrough): Promise<void> {
  const projectDir = path.resolve(__dirname, "../../examples", walkthrough.example);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "dataprotection-demo-"));
  const run = async (command: "preview" | "up" | "destroy", config: Record<string, ConfigValue> = {}) => {
    say(`$ pulumi ${command}`);
    const engine = new Engine({
      projectDir,
      stateFile: path.join(stateDir, "dev.json"),
      config,
      env: { ...sim.openrc(), ...sim.waldurEnv() },
      onEvent: new CliRenderer().handle,
    });
    const result = await engine[command]();
    if (!result.ok) throw new Error(`pulumi ${command} failed: ${result.error ?? "see above"}`);
  };
  try {
    say(`=== examples/${walkthrough.example}: ${walkthrough.intro(sim)}`);
    await run("preview");
    await run("up");
    say(`A change: \`${walkthrough.change.command}\` (${walkthrough.change.effect})`);
    walkthrough.change.outside?.(sim);
    const seq = sim.requests.at(-1)?.seq ?? 0;
    await run("up", walkthrough.change.config);
    showRequests(changingRequests(sim, seq));
    say(walkthrough.summary(sim));
    await run("destroy", walkthrough.change.config);
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Operations take a few seconds here: long enough to see progress, short enough for a demo.
  const sim = await startSimulator({ trilio: { restoreDurationMs: 8000 } });
  sim.waldur.setBehaviour({ snapshotCreateMs: 2000, volumeCreateMs: 4000, updateMs: 1000, orderMs: 2000 });
  sim.powervc.setBehaviour({ snapshotMs: 4000, restoreMs: 6000, deleteMs: 2000 });
  sim.cinder.setBehaviour({ backupMs: 3000, restoreMs: 4000 });
  try {
    for (const walkthrough of WALKTHROUGHS) await walk(sim, walkthrough);
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
