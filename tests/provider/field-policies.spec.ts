// Generated from the field declarations: for every resource type and every declared input, what preview says
// when a program adds, changes or removes it — a replace naming it, an update, or nothing — and, for an input only
// the provider keeps (state only) or never compares (ignored), that `up` sends nothing that changes the server.
// (Inputs the server holds are driven through the engine by tests/e2e/fields: what the server holds afterwards,
// and drift.) Each type is created once, over HTTP against the simulator.
import { expect } from "chai";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { fieldsByType, providerFor, resourceTypes } from "../../provider";
import type { TableDiff } from "../../provider/core/diff";
import type { Field } from "../../provider/core/fields";
import { CINDER_SEED, startSimulator, type Simulator } from "../../simulator";
import { prepareFast } from "../e2e/field-targets";
import { baselines } from "../helpers/baselines";

type Props = Record<string, unknown>;

/**
 * Another valid value of an input only the provider keeps, given the program's inputs: a patch of the program
 * (some inputs only apply together), or, where no other value passes check, the patch check refuses and why.
 */
const STATE_ONLY_VARIANTS: Readonly<
  Record<string, (inputs: Props, type: string) => Props | { refused: Props; why: string }>
> = {
  timeouts: () => ({ timeouts: { create: "3h", update: "20m", delete: "45m" } }),
  connection: (inputs) => ({ connection: { ...(inputs.connection as Props), insecure: false } }),
  name: () => ({ name: "another-name" }),
  description: () => ({ description: "other words" }),
  waitForCompletion: () => ({ waitForCompletion: false }),
  confirmOverwrite: (_inputs, type) =>
    type === "powervc.InstanceRestore"
      ? {
          refused: { confirmOverwrite: false },
          why: "a PowerVC restore always overwrites: it must be confirmed",
        }
      : { confirmOverwrite: true },
  deleteOnDestroy: () => ({ deleteOnDestroy: true }),
  force: () => ({ force: true }),
  onFailure: () => ({ onFailure: "rollback" }),
  maxRetries: () => ({ onFailure: "retry", maxRetries: 3 }),
  afterRetries: () => ({ onFailure: "retry", afterRetries: "rollback" }),
  pinSource: () => ({ pinSource: true }),
};

/** Inputs that change the server in ways these tests cannot read from the declarations, and where they are tested. */
const TESTED_ELSEWHERE: Readonly<Record<string, readonly string[]>> = {
  // tests/e2e/waldur.spec.ts: the retention is computed from the server's `created`.
  "waldur.Snapshot": ["keptUntil", "retention"],
  // tests/provider/waldur/snapshot-retention.spec.ts: what they change depends on the snapshots there are.
  "waldur.SnapshotRetention": ["rule", "graceDays", "leaveAlone"],
};

/** A value of any input that differs from `value`, for the diff (which compares values, whatever they mean). */
function another(value: unknown): unknown {
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + 1;
  if (Array.isArray(value)) return [...value, value[0] ?? "x"];
  if (typeof value === "object" && value !== null) return { ...value, another: "value" };
  if (typeof value === "string") return `${value}-another`;
  return "a-value";
}

/** Requests during `run` that change something on the server. */
async function changesDuring(sim: Simulator, run: () => Promise<unknown>): Promise<string[]> {
  const before = sim.requests.length;
  await run();
  return sim.requests
    .slice(before)
    .filter((request) => request.method !== "GET" && request.service !== "keystone")
    .map((request) => `${request.method} ${request.path}`);
}

describe("what each declared input means, generated from the declarations", function () {
  this.timeout(180_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({
      trilio: { restoreDurationMs: 300 },
      powervc: { restoreMs: 300, snapshotMs: 300 },
    });
    prepareFast(sim);
  });
  after(() => sim.close());

  for (const type of resourceTypes) {
    describe(type, () => {
      const provider = (): dynamic.ResourceProvider => providerFor(type);
      const fields = Object.entries(fieldsByType[type]).filter(([name]) => name !== "__identity");
      let inputs: Props;
      let id: string;
      let outs: Props;

      before(async () => {
        const base = baselines(sim)[type].inputs;
        if (type === "cinder.BackupRestore") base.backupId = await finishedBackup(sim);
        const checked = await provider().check!({}, base);
        expect(checked.failures ?? [], "the baseline program").to.deep.equal([]);
        inputs = checked.inputs as Props;
        const created = await provider().create!(inputs);
        id = created.id;
        outs = created.outs as Props;
      });

      /** What preview says for a program going from `olds` (as created) to `news`. */
      async function preview(news: Props) {
        const checked = await provider().check!(inputs, news);
        expect(checked.failures ?? [], "check").to.deep.equal([]);
        return (await provider().diff!(id, outs, checked.inputs)) as TableDiff;
      }

      for (const [name, field] of fields.filter(([, f]) => "replaces" in f.change)) {
        it(`${name} (replaces): a change or removal replaces, naming it`, async () => {
          const changed = await provider().diff!(id, outs, { ...inputs, [name]: another(inputs[name]) });
          expect(changed.replaces, "changed").to.include(name);
          if (inputs[name] !== undefined && field.schema.safeParse(undefined).success) {
            const { [name]: _removed, ...without } = inputs;
            expect((await provider().diff!(id, outs, without)).replaces, "removed").to.include(name);
          }
        });
      }

      for (const [name, field] of fields.filter(
        ([, f]) => "stateOnly" in f.change || "ignored" in f.change,
      )) {
        const kind = "stateOnly" in field.change ? "state only" : "ignored";
        it(`${name} (${kind}): adding, changing and removing it sends nothing that changes the server`, async () => {
          const variant = STATE_ONLY_VARIANTS[name]?.(inputs, type);
          expect(variant, `a variant of ${name} in STATE_ONLY_VARIANTS`).to.not.equal(undefined);
          if (variant && "refused" in variant) {
            const { refused, why } = variant as { refused: Props; why: string };
            const checked = await provider().check!(inputs, { ...inputs, ...refused });
            expect(
              checked.failures?.map((f) => f.property),
              why,
            ).to.include(name);
            return;
          }
          const news = { ...inputs, ...variant };
          const diff = await preview(news);
          expect(diff.replaces ?? [], "no replace").to.deep.equal([]);
          if (kind === "ignored") {
            expect(diff.changes, "no change").to.equal(false);
            return;
          }
          expect(diff.changes).to.equal(true);
          expect(Object.keys(variant!), "what changed").to.include.members(diff.changedKeys);
          let updated: Props = {};
          expect(
            await changesDuring(
              sim,
              async () => void (updated = (await provider().update!(id, outs, news)).outs as Props),
            ),
          ).to.deep.equal([]);
          expect(updated[name], "echoed").to.deep.equal(news[name]);
          // Removed again: back to the program as created, still nothing sent that changes the server.
          expect(await changesDuring(sim, () => provider().update!(id, updated, inputs))).to.deep.equal([]);
        });
      }

      it("declares what each input means (no input left without a test above)", () => {
        const tested = (f: Field) =>
          "replaces" in f.change || "stateOnly" in f.change || "ignored" in f.change || f.server;
        const untested = fields.filter(([, f]) => !tested(f as Field)).map(([n]) => n);
        expect(untested.filter((n) => !TESTED_ELSEWHERE[type]?.includes(n))).to.deep.equal([]);
      });
    });
  }
});

/** A finished Cinder backup of the seeded data volume, to restore. */
async function finishedBackup(sim: Simulator): Promise<string> {
  const backup = sim.cinder.backUp(CINDER_SEED.dataVolumeId, { name: "policy-source" });
  for (let waited = 0; sim.cinder.getBackup(backup.id).status !== "available"; waited += 50) {
    if (waited > 10_000) throw new Error("the fixture backup did not finish");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return backup.id;
}
