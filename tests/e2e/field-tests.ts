// Generated from the field declarations (provider/core/fields.ts): for every resource type and every input that
// lives on the server, through the engine as a user runs it, against the simulator (Waldur as a late-2024
// server answers): adding, changing and removing the input is what preview says (an update, in place, of that
// input) and leaves the server holding the declared value, or what its removal means; a change made behind
// Pulumi's back shows after a refresh, and the next up puts the declared value back with one request.
import { expect } from "chai";
import { removedValue, type Field, type WriteContext } from "../../provider/core/fields";
import type { RunResult } from "../../engine";
import { FIELD_TARGETS, prepareFast, SAMPLES, type FieldTarget } from "./field-targets";
import { dynamicType, shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

const NAME = "subject";

/** The inputs of `target` that live on the server and change in place. */
function serverFields(target: FieldTarget): [string, Field<unknown>][] {
  return Object.entries(target.fields).filter(([, field]) => field.server && "updates" in field.change);
}

/** Whether the program may leave the input out (check refuses a program without the others). */
const optional = (field: Field<unknown>) => !("refused" in field.server!.removal);

/** The input names a run's step for the subject changed, as preview shows them. */
function changedKeys(result: RunResult, type: string): string[] {
  const step = result.steps.find((s) => s.type === dynamicType(type) && s.name === NAME);
  return step?.detailedDiff?.changedKeys ?? [];
}

/** The generated tests of one resource type (see field-targets.ts), in a spec file of its own so they run in parallel. */
export function describeFieldTests(type: string): void {
  const target = FIELD_TARGETS.find((t) => t.type === type);
  if (!target) throw new Error(`no field target for ${type}`);
  describe(`every server-held input of ${target.type} (generated from its declarations)`, function () {
    this.timeout(300_000);
    let stack: TestStack;
    let base: Record<string, unknown>;
    const fields = serverFields(target);
    /** The subject with `values` over its base arguments, without the inputs named in `without`. */
    const declare = (values: Record<string, unknown>, without: string[] = []): DeclaredResource => ({
      type: target.type,
      name: NAME,
      args: Object.fromEntries(
        Object.entries({ ...base, ...values }).filter(([name]) => !without.includes(name)),
      ),
    });
    const values = (step: 0 | 1 | 2) =>
      Object.fromEntries(fields.map(([name]) => [name, SAMPLES[name][step]]));
    const subject = () => stack.resourcesOf(target.type).find((r) => r.name === NAME)!;
    const context = (): WriteContext => ({
      marker: (subject().outputs.marker as string | null) ?? undefined,
      resourceName: NAME,
      adopted: false,
    });
    /** What the server holds for the input, as the input would say it. */
    const held = async (name: string) =>
      target.fields[name].server!.read(await target.read(stack.sim, subject().id), context());
    const up = async (declared: DeclaredResource) => {
      const result = await stack.run("up", [declared]);
      expect(result.ok, shown(result)).to.equal(true);
      return result;
    };

    before(async () => {
      stack = await TestStack.start();
      prepareFast(stack.sim);
      base = await target.base(stack.sim);
    });
    after(async () => {
      await stack.run("destroy", []).catch(() => undefined);
      await stack.dispose();
    });

    it("declares samples for each of them", () => {
      expect(fields.length).to.be.greaterThan(0);
      for (const [name] of fields) expect(SAMPLES, `samples for ${name}`).to.have.property(name);
    });

    it("adds, changes and removes each: an update in place, as preview says, and the server holds it", async () => {
      await up(declare({}));
      const id = subject().id;
      for (const step of [0, 1] as const) {
        const preview = await stack.run("preview", [declare(values(step))]);
        expect(summaryOf(preview, target.type), shown(preview)).to.deep.equal({ update: 1 });
        expect(changedKeys(preview, target.type)).to.include.members(fields.map(([name]) => name));
        await up(declare(values(step)));
        expect(subject().id, "the same remote object").to.equal(id);
        for (const [name] of fields) expect(await held(name), name).to.deep.equal(SAMPLES[name][step]);
      }
      const removable = fields.filter(([, field]) => optional(field)).map(([name]) => name);
      if (removable.length === 0) return;
      const removed = declare(values(1), removable);
      const preview = await stack.run("preview", [removed]);
      expect(summaryOf(preview, target.type), shown(preview)).to.deep.equal({ update: 1 });
      expect(changedKeys(preview, target.type)).to.include.members(removable);
      await up(removed);
      expect(subject().id).to.equal(id);
      for (const name of removable) {
        const removal = target.fields[name].server!.removal;
        expect(await held(name), `${name} removed`).to.deep.equal(removedValue(removal, context()));
      }
    });

    it("refuses, before any request, to remove one the server cannot do without", async () => {
      for (const [name] of fields.filter(([, field]) => !optional(field))) {
        const before = stack.sim.requests.length;
        const preview = await stack.run("preview", [declare(values(0), [name])]);
        expect(preview.ok, `removing ${name}`).to.equal(false);
        const mutating = stack.sim.requests
          .slice(before)
          .filter((r) => r.method !== "GET" && r.method !== "POST");
        expect(mutating).to.deep.equal([]);
      }
    });

    it("shows a change made behind Pulumi's back after refresh; up puts it back with one request", async () => {
      await up(declare(values(0)));
      const id = subject().id;
      for (const [name, field] of fields) {
        await target.write(stack.sim, id, field.server!.wire, SAMPLES[name][2]);
      }
      const refreshed = await stack.run("refresh", [declare(values(0))]);
      expect(refreshed.ok, shown(refreshed)).to.equal(true);
      for (const [name] of fields) expect(subject().outputs[name], name).to.deep.equal(SAMPLES[name][2]);
      const preview = await stack.run("preview", [declare(values(0))]);
      expect(summaryOf(preview, target.type), shown(preview)).to.deep.equal({ update: 1 });
      expect(changedKeys(preview, target.type)).to.include.members(fields.map(([name]) => name));
      const before = stack.sim.requests.length;
      await up(declare(values(0)));
      const writes = stack.sim.requests
        .slice(before)
        .filter((r) => r.method === "PUT" || r.method === "PATCH");
      expect(writes.map((r) => `${r.method} ${r.path}`)).to.have.length(1);
      for (const [name] of fields) expect(await held(name), name).to.deep.equal(SAMPLES[name][0]);
    });
  });
}
