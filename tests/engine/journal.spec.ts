import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { journalFile } from "../../engine/journal";
import { readStateFile, StateStore, type StateResource } from "../../engine/state";
import { SECRET_SIG, SIG_KEY } from "../../engine/wire";

const PASSPHRASE = "journal-spec";

function resource(name: string, password = "s3cr3t"): StateResource {
  return {
    urn: `urn:pulumi:dev::p::pulumi-nodejs:dynamic/fixture:Thing::${name}`,
    type: "pulumi-nodejs:dynamic/fixture:Thing",
    name,
    custom: true,
    id: `id-${name}`,
    parent: "",
    inputs: { label: name, password: { [SIG_KEY]: SECRET_SIG, value: password } },
    outputs: { label: name },
    dependencies: [],
    propertyDependencies: {},
    provider: "",
  };
}

describe("engine: the state journal", () => {
  let dir: string;
  let file: string;
  const open = (persist = true) => new StateStore(file, "dev", "p", PASSPHRASE, persist);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-journal-"));
    file = path.join(dir, "dev.json");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a run that never closed (killed) leaves a journal that loads, secrets encrypted in it", () => {
    const store = open();
    store.upsert(resource("a"));
    const b = resource("b");
    store.upsert(b);
    store.beginOperation({ urn: b.urn, type: "updating" });
    b.outputs = { label: "b2" };
    store.changed(b);
    store.setOutputs({ greeting: "hi" });
    // no close(): the process died here

    expect(fs.existsSync(file)).to.equal(false);
    expect(fs.readFileSync(journalFile(file), "utf8")).to.not.include("s3cr3t");
    const stored = readStateFile(file, "dev", "p");
    expect(stored.resources.map((r) => r.name)).to.deep.equal(["a", "b"]);
    expect(stored.pendingOperations).to.deep.equal([{ urn: b.urn, type: "updating" }]);
    expect(stored.outputs).to.deep.equal({ greeting: "hi" });

    const next = open();
    expect(next.find(b.urn)!.outputs).to.deep.equal({ label: "b2" });
    expect(next.find(b.urn)!.inputs["password"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: "s3cr3t" });
    expect(fs.existsSync(journalFile(file)), "folded into the snapshot on load").to.equal(false);
    expect(fs.readFileSync(file, "utf8")).to.not.include("s3cr3t");
  });

  it("a preview reads the journal without folding it", () => {
    open().upsert(resource("a"));
    expect(open(false).resources.map((r) => r.name)).to.deep.equal(["a"]);
    expect(fs.existsSync(journalFile(file))).to.equal(true);
  });

  it("ignores a torn last record (the process died while writing it)", () => {
    const store = open();
    store.upsert(resource("a"));
    store.upsert(resource("b"));
    const text = fs.readFileSync(journalFile(file), "utf8");
    fs.writeFileSync(journalFile(file), text.slice(0, text.length - 20));
    expect(open().resources.map((r) => r.name)).to.deep.equal(["a"]);
  });

  it("replays removals and replacements in order", () => {
    const store = open();
    const a = resource("a");
    store.upsert(a);
    store.upsert(resource("b"));
    a.delete = true;
    store.changed(a);
    store.upsert(resource("a", "new"));
    store.remove(a);
    const stored = readStateFile(file, "dev", "p");
    expect(stored.resources.map((r) => `${r.name}${r.delete ? " (delete)" : ""}`)).to.deep.equal(["b", "a"]);
    expect(open().find(a.urn)!.inputs["password"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: "new" });
  });

  it("close folds the journal into the snapshot; a journal of an older snapshot is not applied again", () => {
    const store = open();
    store.upsert(resource("a"));
    const stale = fs.readFileSync(journalFile(file), "utf8");
    store.remove(store.resources[0]);
    store.close();
    expect(fs.existsSync(journalFile(file))).to.equal(false);
    expect(readStateFile(file, "dev", "p").resources).to.deep.equal([]);
    // a crash between writing the snapshot and removing the journal leaves this behind
    fs.writeFileSync(journalFile(file), stale);
    expect(readStateFile(file, "dev", "p").resources).to.deep.equal([]);
  });

  it("a step's record has the same size at 500 resources as at 5", () => {
    const store = open();
    const appended = (name: string) => {
      const before = fs.statSync(journalFile(file)).size;
      store.upsert(resource(name));
      return fs.statSync(journalFile(file)).size - before;
    };
    store.upsert(resource("first"));
    for (let i = 0; i < 4; i++) store.upsert(resource(`r${i}`));
    const atFive = appended("x0001");
    for (let i = 4; i < 500; i++) store.upsert(resource(`r${i}`));
    expect(appended("x0002")).to.equal(atFive);
  });
});
