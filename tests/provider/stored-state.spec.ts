// Upgrades never block destroy: a delete, and the old side of a replace, read only what they need of the stored
// inputs, tolerantly. State written by an earlier version may hold inputs a later rule refuses (a longer name or
// description, another form); deleting such a resource still deletes what it made, and no more. In-process, over
// HTTP against the simulator, for every resource of the fault matrix.
import { expect } from "chai";
import { providerFor } from "../../provider";
import { startSimulator, type Simulator } from "../../simulator";
import {
  makeFixtures,
  MATRIX_RESOURCES,
  type FixtureIds,
  type MatrixResource,
} from "../reliability/fault-resources";

type Props = Record<string, unknown>;

const SHORT = 300;

/** Inputs no version of this package would accept today, as an older one might have stored them. */
const REFUSED_TODAY: Props = {
  name: "n".repeat(5000),
  description: "d".repeat(5000),
  triggers: "not a map",
  waitForCompletion: "yes",
  maxRetries: 99,
  timeouts: { create: "soon", delete: "5m" },
};

describe("a delete of state a later version's rules refuse", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let fixtures: FixtureIds;

  before(async () => {
    sim = await startSimulator({
      trilio: { restoreDurationMs: SHORT },
      powervc: { snapshotMs: SHORT, restoreMs: SHORT, deleteMs: SHORT },
      cinder: { backupMs: SHORT, restoreMs: SHORT, deleteMs: SHORT, volumeCreateMs: 100 },
      waldur: { snapshotCreateMs: SHORT, volumeCreateMs: SHORT, deleteMs: SHORT, orderMs: SHORT },
    });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    fixtures = await makeFixtures(sim, SHORT);
  });

  function inputsFor(resource: MatrixResource): Props {
    const { type, name, args } = resource.declare(0, fixtures);
    const project = (args.connection as { projectName?: string } | undefined)?.projectName;
    const connection =
      resource.auth === "waldur"
        ? { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token }
        : sim.connection(project === "powervc" ? "powervc" : "default");
    return { ...args, __identity: { type, name, project: "p", stack: "dev" }, connection };
  }

  for (const resource of MATRIX_RESOURCES) {
    it(`${resource.type}: deletes what it made, whatever else the state holds`, async () => {
      const provider = providerFor(resource.type);
      const created = await provider.create(inputsFor(resource));
      const stored = { ...created.outs, ...REFUSED_TODAY };
      await provider.delete!(created.id, stored);
      const left = resource.inventory?.(sim, fixtures).filter((o) => o.id === created.id && !o.deleting);
      expect(left ?? [], "what it made is gone").to.deep.equal([]);
    });
  }
});
