// A create cut short by an API error while it waits (not the operation's own outcome) records the object it
// started, so the object is neither lost nor made twice: the engine keeps it with the error, and the next update
// resumes the wait. A request that starts something, whose answer was lost, is not sent again when it did start
// it. In-process, over HTTP against the simulator's fault rules, for every resource of the fault matrix.
import { expect } from "chai";
import { providerFor } from "../../provider";
import { isPartialFailure } from "../../provider/core/errors";
import { startSimulator, type Simulator } from "../../simulator";
import { withEnvironment } from "../helpers/environment";
import {
  makeFixtures,
  MATRIX_RESOURCES,
  type FixtureIds,
  type MatrixResource,
} from "../reliability/fault-resources";

type Props = Record<string, unknown>;

/** What each resource's outputs say once its create has finished well. */
const FINISHED: Record<string, (outs: Props) => boolean> = {
  "trilio.Restore": (outs) => outs.status === "available",
  "waldur.Snapshot": (outs) => outs.state === "OK",
  "waldur.VolumeRestoration": (outs) => outs.state === "OK",
  "powervc.InstanceSnapshot": (outs) => outs.status === "available",
  "powervc.InstanceRestore": (outs) => outs.outcome === "restored",
  "cinder.Backup": (outs) => outs.status === "available",
  "cinder.BackupRestore": (outs) => outs.restored === true && outs.volumeStatus === "available",
};

const SHORT = 300;

describe("creates interrupted by an API error record what they started", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let fixtures: FixtureIds;

  before(async () => {
    sim = await startSimulator({
      trilio: { restoreDurationMs: SHORT },
      powervc: { snapshotMs: SHORT, restoreMs: SHORT, rollbackMs: SHORT, deleteMs: SHORT },
      cinder: { backupMs: SHORT, restoreMs: SHORT, deleteMs: SHORT },
      waldur: { snapshotCreateMs: SHORT, volumeCreateMs: SHORT, deleteMs: SHORT, orderMs: SHORT },
    });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    fixtures = await makeFixtures(sim, SHORT);
  });

  /** The inputs the SDK class would send for the matrix's declaration of `resource`. */
  function inputsFor(resource: MatrixResource): Props {
    const { type, name, args } = resource.declare(0, fixtures);
    const project = (args.connection as { projectName?: string } | undefined)?.projectName;
    const connection =
      resource.auth === "waldur"
        ? { apiUrl: sim.waldur.apiUrl, ...sim.waldur.credentials }
        : sim.connection(project === "powervc" ? "powervc" : "default");
    return {
      ...args,
      __identity: { type, name, project: "p", stack: "dev" },
      __provider: "exports.handler = …",
      connection,
    };
  }

  for (const resource of MATRIX_RESOURCES) {
    it(`${resource.type}: a 500 while waiting records the object, and the next update resumes the create`, async () => {
      const provider = providerFor(resource.type);
      const inputs = inputsFor(resource);
      const before = resource.starts(sim);
      sim.faults.add({ ...resource.phases["create-wait"]!(fixtures), status: 500 });
      const error: unknown = await provider.create(inputs).then(
        () => expect.fail("the create succeeded"),
        (e: unknown) => e,
      );
      if (!isPartialFailure(error)) throw error;
      expect(error.message).to.match(/^Error [a-z ]+ .* \(id .*\): .* \(HTTP 500, request req-/);
      expect(FINISHED[resource.type](error.properties)).to.equal(false);
      const updated = await provider.update!(error.id, error.properties, inputs);
      // One operation for the one create, whether the create started it or the update that resumed it did
      // (cinder.BackupRestore's wait for the volume it made comes before its restore).
      expect(resource.starts(sim) - before, "operations started for the one create").to.equal(1);
      expect(FINISHED[resource.type](updated.outs!), JSON.stringify(updated.outs)).to.equal(true);
      const diff = await provider.diff!(error.id, updated.outs!, inputs);
      expect(diff.replaces ?? []).to.deep.equal([]);
    });
  }

  const byType = (type: string) => MATRIX_RESOURCES.find((r) => r.type === type)!;

  for (const type of ["powervc.InstanceRestore", "cinder.BackupRestore"]) {
    it(`${type}: a restore whose answer was lost is followed, not started again`, async () => {
      const resource = byType(type);
      sim.faults.add({ ...resource.phases["create-start"]!(fixtures), reset: true, when: "after" });
      const created = await providerFor(type).create(inputsFor(resource));
      expect(FINISHED[type](created.outs!)).to.equal(true);
      expect(resource.starts(sim)).to.equal(1);
    });
  }

  for (const resource of MATRIX_RESOURCES) {
    it(`${resource.type}: a create the API acts on only after the client gave up is adopted, not sent again`, async () => {
      await withEnvironment({ DATAPROTECTION_REQUEST_TIMEOUT: "1s" }, async () => {
        // The server holds the request 1.5 s before acting on it: the client has given up by then.
        sim.faults.add({ ...resource.phases["create-start"]!(fixtures), delayMs: 1_500 });
        const before = resource.starts(sim);
        const created = await providerFor(resource.type).create(inputsFor(resource));
        expect(FINISHED[resource.type](created.outs!), JSON.stringify(created.outs)).to.equal(true);
        expect(resource.starts(sim) - before, "operations started").to.equal(1);
      });
    });
  }

  it("waldur.VolumeRestoration: a terminate order whose answer was lost is followed, not sent again", async () => {
    const resource = byType("waldur.VolumeRestoration");
    const provider = providerFor(resource.type);
    const created = await provider.create(inputsFor(resource));
    sim.faults.add({ ...resource.phases.delete!(fixtures), reset: true, when: "after" });
    await provider.delete!(created.id, created.outs!);
    expect(sim.waldur.terminations).to.equal(1);
    expect(sim.waldur.state.volumes.map((v) => v.uuid)).to.not.include(created.id);
  });
});
