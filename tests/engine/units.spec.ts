import { expect } from "chai";
import { deletionWaves } from "../../engine/graph";
import { renderEvents } from "../../engine/render";
import { applyIgnoreChanges, replaceOnChangesCovers } from "../../engine/resource-options";
import { Limiter } from "../../engine/run-context";
import type { StateResource } from "../../engine/state";
import type { EngineEvent, RunResult } from "../../engine/types";
import { makeUrn } from "../../engine/urn";
import {
  annotateSecrets,
  changedKeys,
  downgradeResourceRefs,
  makeSecret,
  RESOURCE_SIG,
  SIG_KEY,
  stripSecrets,
  toDisplay,
  UNKNOWN,
} from "../../engine/wire";

describe("engine units: wire format", () => {
  it("strips secrets deeply and copies secretness back like the engine's annotateSecrets", () => {
    const ins = {
      password: makeSecret("p"),
      nested: { user: "u", key: makeSecret("k") },
      list: [makeSecret(1)],
    };
    expect(stripSecrets(ins)).to.deep.equal({ password: "p", nested: { user: "u", key: "k" }, list: [1] });
    const outs = { password: "p", nested: { user: "u", key: "k", extra: 2 }, list: [1, 2], other: "o" };
    expect(annotateSecrets(outs, ins)).to.deep.equal({
      password: makeSecret("p"),
      nested: { user: "u", key: makeSecret("k"), extra: 2 },
      list: makeSecret([1, 2]),
      other: "o",
    });
  });

  it("gives a provider without resource support IDs and URNs instead of references", () => {
    const custom = { [SIG_KEY]: RESOURCE_SIG, urn: "urn:a", id: "id-a" };
    const pending = { [SIG_KEY]: RESOURCE_SIG, urn: "urn:b", id: "" };
    const component = { [SIG_KEY]: RESOURCE_SIG, urn: "urn:c" };
    expect(downgradeResourceRefs([custom, pending, component])).to.deep.equal(["id-a", UNKNOWN, "urn:c"]);
  });

  it("shows secrets, unknowns and references for display", () => {
    expect(
      toDisplay({ s: makeSecret("x"), u: UNKNOWN, r: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:r" } }),
    ).to.deep.equal({
      s: "[secret]",
      u: "[unknown]",
      r: "urn:r",
    });
    expect(changedKeys({ a: 1, b: { c: [1] }, d: 1 }, { b: { c: [1] }, a: 2, e: 1 })).to.deep.equal([
      "a",
      "d",
      "e",
    ]);
  });
});

describe("engine units: resource options", () => {
  it("puts ignored properties (dotted paths) back to their old values, or drops new ones", () => {
    const goal = { size: 2, spec: { flavor: "big", tags: ["b"] }, added: "x", kept: 1 };
    const old = { size: 1, spec: { flavor: "small" }, kept: 0 };
    expect(applyIgnoreChanges(goal, old, ["size", "spec.flavor", "spec.tags", "added"])).to.deep.equal({
      size: 1,
      spec: { flavor: "small" },
      kept: 1,
    });
    expect(goal.size).to.equal(2);
  });

  it("matches replaceOnChanges paths against top-level keys", () => {
    expect(replaceOnChangesCovers(["size"], "size")).to.equal(true);
    expect(replaceOnChangesCovers(["*"], "anything")).to.equal(true);
    expect(replaceOnChangesCovers(["spec.flavor"], "spec")).to.equal(false);
  });
});

describe("engine units: URNs, deletion order, parallelism", () => {
  it("forms URNs with the full qualified type of the parent, never the stack", () => {
    const stackUrn = makeUrn("dev", "p", "", "pulumi:pulumi:Stack", "p-dev");
    expect(stackUrn).to.equal("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
    const group = makeUrn("dev", "p", stackUrn, "x:index:Group", "g");
    expect(group).to.equal("urn:pulumi:dev::p::x:index:Group::g");
    const inner = makeUrn("dev", "p", group, "x:index:Inner", "i");
    expect(makeUrn("dev", "p", inner, "t:m:T", "leaf")).to.equal(
      "urn:pulumi:dev::p::x:index:Group$x:index:Inner$t:m:T::leaf",
    );
  });

  it("deletes dependents (by dependency, property and parent) before what they depend on", () => {
    const res = (urn: string, extra: Partial<StateResource> = {}): StateResource => ({
      urn,
      type: "t",
      name: urn,
      custom: true,
      id: urn,
      parent: "",
      inputs: {},
      outputs: {},
      dependencies: [],
      propertyDependencies: {},
      provider: "",
      ...extra,
    });
    const a = res("a");
    const b = res("b", { dependencies: ["a"] });
    const c = res("c", { propertyDependencies: { x: ["b"] } });
    const d = res("d", { parent: "a" });
    const e = res("e");
    const waves = deletionWaves([a, b, c, d, e]).map((w) => w.map((r) => r.urn).sort());
    expect(waves).to.deep.equal([["c", "d", "e"], ["b"], ["a"]]);
  });

  it("runs at most `limit` tasks at once", async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      peak = Math.max(peak, ++active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(task)));
    expect(peak).to.equal(2);
  });
});

describe("engine units: CLI-like rendering", () => {
  it("prints a header, step lines, outputs, a summary and the duration", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/trilio:Restore::web-restore";
    const step = { urn, type: "pulumi-nodejs:dynamic/trilio:Restore", name: "web-restore" };
    const result: RunResult = {
      kind: "up",
      ok: true,
      steps: [],
      summary: { create: 1, replace: 1, same: 2 },
      outputs: {},
      diagnostics: [],
      durationMs: 14_200,
    };
    const events: EngineEvent[] = [
      { type: "run-start", kind: "up", stack: "dev", project: "p" },
      { type: "step-start", step: { ...step, op: "create" } },
      {
        type: "diagnostic",
        diagnostic: { severity: "info", message: "polling restore", source: "provider" },
      },
      { type: "step-end", step: { ...step, op: "create", durationMs: 12_000 } },
      {
        type: "step-end",
        step: {
          ...step,
          op: "replace",
          durationMs: 3_000,
          detailedDiff: { replaces: [], changedKeys: ["triggers"] },
        },
      },
      { type: "outputs", outputs: { restoreId: "r-1" } },
      { type: "run-end", result },
    ];
    const text = renderEvents(events);
    expect(text).to.contain("Updating (dev):");
    expect(text).to.contain(" +  pulumi-nodejs:dynamic/trilio:Restore  web-restore  creating");
    expect(text).to.contain(" +  pulumi-nodejs:dynamic/trilio:Restore  web-restore  created (12s)");
    expect(text).to.contain("    [provider] polling restore");
    expect(text).to.contain(
      " +- pulumi-nodejs:dynamic/trilio:Restore  web-restore  replaced (3s) [diff: ~triggers]",
    );
    expect(text).to.contain('    restoreId: "r-1"');
    expect(text).to.contain("    + 1 created");
    expect(text).to.contain("    +-1 replaced");
    expect(text).to.contain("    2 unchanged");
    expect(text).to.contain("Duration: 14s");
  });

  it("prints outputs unknown at preview as the CLI does: output<string>, whatever the type, also nested", () => {
    const outputs = toDisplay({
      restoreId: UNKNOWN,
      sizeGib: UNKNOWN,
      volume: { name: "data", id: UNKNOWN },
      ids: ["v-1", UNKNOWN],
      known: "r-1",
    }) as Record<string, unknown>;
    const result: RunResult = {
      kind: "preview",
      ok: true,
      steps: [],
      summary: { create: 1 },
      outputs,
      diagnostics: [],
      durationMs: 1_000,
    };
    const text = renderEvents([
      { type: "run-start", kind: "preview", stack: "dev", project: "p" },
      { type: "outputs", outputs },
      { type: "run-end", result },
    ]);
    expect(text).to.contain("    restoreId: output<string>\n");
    expect(text).to.contain("    sizeGib: output<string>\n");
    expect(text).to.contain('    volume: {"name":"data","id":output<string>}\n');
    expect(text).to.contain('    ids: ["v-1",output<string>]\n');
    expect(text).to.contain('    known: "r-1"\n');
    expect(text).not.to.contain("[unknown]");
  });
});
