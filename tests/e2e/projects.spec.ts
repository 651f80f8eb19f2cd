// The examples and the repository root are Pulumi projects a user runs with `pulumi up`; they run here through
// the real host, which finds this package in the project's node_modules as it would in a user's project.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, type RunResult } from "../../engine";
import { startSimulator, WALDUR_SEED, type Simulator } from "../../simulator";

const ROOT = path.resolve(__dirname, "../../..");
const LATEST_SNAPSHOT = path.join(ROOT, "examples/restore-latest-snapshot");
/** The newest of the seeded snapshots of volume db-data, which the example restores. */
const NEWEST_SEEDED = WALDUR_SEED.scheduleSnapshotUuids[2];

interface Project {
  label: string;
  dir: string;
  /** Stack config, as `pulumi config set` would give it. */
  config?: Record<string, string>;
  /** What a user checks after `pulumi up`. */
  upShows: (result: RunResult, sim: Simulator) => void;
  /** What `pulumi destroy` must have done. */
  destroyDid: (sim: Simulator) => void;
}

const trilioRestore = {
  upShows: (result: RunResult) => {
    expect(result.outputs.status).to.equal("available");
    expect(result.outputs.restoredInstances).to.have.length(1);
  },
  destroyDid: (sim: Simulator) => expect(sim.trilio.state.restores).to.have.length(0),
};

/** The snapshots the simulator's schedule made of volume db-data. */
const scheduleSnapshots = (sim: Simulator) =>
  sim.waldur.state.snapshots.filter((s) => s.name.startsWith("db-data-schedule-"));

const PROJECTS: Project[] = [
  { label: "examples/trilio-restore", dir: path.join(ROOT, "examples/trilio-restore"), ...trilioRestore },
  {
    label: "the repository root (main: examples/trilio-restore/index.ts)",
    dir: ROOT,
    ...trilioRestore,
  },
  {
    label: "examples/waldur-retention",
    dir: path.join(ROOT, "examples/waldur-retention"),
    upShows: (result) => {
      expect(result.outputs.keptUntil).to.have.length(3);
      expect(result.outputs.restoredVolume).to.match(/^db-data-drill \([0-9a-f]{32}, 10240 MiB, OK\)$/);
    },
    destroyDid: (sim) => {
      expect(sim.waldur.terminations).to.equal(1);
      expect(scheduleSnapshots(sim)).to.have.length(3);
    },
  },
  {
    label: "examples/waldur-retention-policy",
    dir: path.join(ROOT, "examples/waldur-retention-policy"),
    upShows: (result, sim) => {
      expect(result.outputs.snapshots).to.equal("3 kept, 0 leaving, 0 left alone");
      expect(result.outputs.activeSchedules).to.deep.equal(["db-data-daily: 0 2 * * *, 7 days, at most 10"]);
      expect(result.outputs.warnings).to.have.length(1);
      expect(scheduleSnapshots(sim).map((s) => s.keptUntil)).to.deep.equal([null, null, null]);
    },
    destroyDid: (sim) => {
      // Destroy changes no snapshot: the three are still there, kept forever as the policy left them.
      expect(scheduleSnapshots(sim).map((s) => s.keptUntil)).to.deep.equal([null, null, null]);
    },
  },
  {
    label: "examples/restore-latest-snapshot",
    dir: LATEST_SNAPSHOT,
    upShows: (result) => {
      expect(result.outputs.restoredSnapshot).to.equal(NEWEST_SEEDED);
      expect(result.outputs.restoredVolume).to.match(/^latest-good-restore \([0-9a-f]{32}, 10240 MiB, OK\)$/);
    },
    destroyDid: (sim) => expect(sim.waldur.terminations).to.equal(1),
  },
  {
    label: "examples/powervc-snapshot-restore, with rollBack set",
    dir: path.join(ROOT, "examples/powervc-snapshot-restore"),
    config: { rollBack: "true" },
    upShows: (result) => {
      expect(Object.keys(result.outputs.volumeSnapshots as object)).to.have.length(2);
      expect(result.outputs.rollBackOutcome).to.equal("restored");
    },
    destroyDid: (sim) => {
      expect(sim.powervc.counters.restoreActions).to.equal(1);
      expect(sim.powervc.state.instanceSnapshots.filter((s) => s.name === "before-upgrade")).to.have.length(
        0,
      );
    },
  },
  {
    label: "examples/cinder-backup-restore",
    dir: path.join(ROOT, "examples/cinder-backup-restore"),
    upShows: (result) => {
      expect(result.outputs.backups).to.equal("full: available, 1 GiB; incremental: true");
      expect(result.outputs.restoredVolume).to.match(/^data-restore-drill \([0-9a-f-]{36}, available\)$/);
    },
    destroyDid: (sim) => {
      expect(sim.cinder.state.backups).to.have.length(0);
      expect(sim.cinder.state.volumes.map((v) => v.name)).to.not.include("data-restore-drill");
    },
  },
];

describe("runnable projects", function () {
  this.timeout(120_000);
  let sim: Simulator;
  before(async () => {
    // Behaviours given at start survive the reset before each project.
    sim = await startSimulator({
      trilio: { restoreDurationMs: 800 },
      waldur: { snapshotCreateMs: 300, volumeCreateMs: 300, updateMs: 300, deleteMs: 300, orderMs: 300 },
      powervc: { snapshotMs: 500, restoreMs: 500, deleteMs: 300 },
      cinder: { backupMs: 500, restoreMs: 500 },
    });
  });
  beforeEach(() => sim.reset());
  after(async () => sim.close());

  for (const project of PROJECTS) {
    it(`${project.label}: up, then destroy`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
      const engine = new Engine({
        projectDir: project.dir,
        stateFile: path.join(dir, "state.json"),
        env: { ...sim.openrc(), ...sim.waldurEnv() },
        config: project.config,
      });
      const up = await engine.up();
      expect(up.ok, up.error).to.equal(true);
      project.upShows(up, sim);
      const destroy = await engine.destroy();
      expect(destroy.ok, destroy.error).to.equal(true);
      project.destroyDid(sim);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  it("examples/restore-latest-snapshot keeps its restore when a newer snapshot appears, until restoreRequest changes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    const run = (operation: "up" | "destroy", restoreRequest?: string) =>
      new Engine({
        projectDir: LATEST_SNAPSHOT,
        stateFile: path.join(dir, "state.json"),
        env: { ...sim.openrc(), ...sim.waldurEnv() },
        config: restoreRequest ? { restoreRequest } : undefined,
      })[operation]();
    const first = await run("up");
    expect(first.ok, first.error).to.equal(true);
    const newer = sim.waldur.addSnapshot({
      sourceVolume: WALDUR_SEED.dbDataVolumeUuid,
      name: "db-data-newer",
    });
    const pinned = await run("up");
    expect(pinned.ok, pinned.error).to.equal(true);
    expect(pinned.steps.filter((step) => step.op !== "same")).to.deep.equal([]);
    expect(pinned.diagnostics.map((d) => d.message).join("\n")).to.include(
      `pinned: restored snapshot ${NEWEST_SEEDED}; the program now names ${newer.uuid}`,
    );
    expect(pinned.outputs.restoredSnapshot).to.equal(NEWEST_SEEDED);
    expect(sim.waldur.restores).to.equal(1);
    const requested = await run("up", "second");
    expect(requested.ok, requested.error).to.equal(true);
    expect(requested.outputs.restoredSnapshot).to.equal(newer.uuid);
    expect(sim.waldur.restores).to.equal(2);
    expect(sim.waldur.terminations, "the volume restored before").to.equal(1);
    expect((await run("destroy", "second")).ok).to.equal(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
