import { expect } from "chai";
import { backupRestoreProvider } from "../../../provider/cinder/backup-restore";
import { canonicalize } from "../../../provider/core/canonical";
import { UNKNOWN } from "../../../provider/core/values";
import { restoreInputsSchema } from "../../../provider/trilio/restore-inputs";
import { snapshotProvider } from "../../../provider/waldur/snapshot";
import { snapshotInputsSchema } from "../../../provider/waldur/snapshot-inputs";

const ID = "05e24514-7dec-42c7-a9a3-2540a3adda65";
const UPPER = ID.toUpperCase();
const UNDASHED = ID.replace(/-/g, "");

describe("canonical ids", () => {
  it("puts every id a schema declares, at any depth, in the server's form, and nothing else", () => {
    const value = {
      snapshotId: UPPER,
      instances: [{ id: UNDASHED, name: UPPER, vdisks: [{ id: UPPER }] }],
      triggers: { drill: UPPER },
      __provider: "kept as it is",
    };
    expect(canonicalize(restoreInputsSchema, value)).to.deep.equal({
      snapshotId: ID,
      instances: [{ id: ID, name: UPPER, vdisks: [{ id: ID }] }],
      triggers: { drill: UPPER },
      __provider: "kept as it is",
    });
  });

  it("gives Waldur's form (32 hex digits) for a Waldur uuid, and leaves what is no uuid to validation", () => {
    expect(canonicalize(snapshotInputsSchema, { volumeUuid: UPPER })).to.deep.equal({ volumeUuid: UNDASHED });
    expect(canonicalize(snapshotInputsSchema, { volumeUuid: "../x" })).to.deep.equal({ volumeUuid: "../x" });
  });

  it("reads only the schema's own keys: a key named like an Object method is passed through", () => {
    const value = { connection: { valueOf: "", toString: UPPER }, constructor: UPPER };
    expect(canonicalize(restoreInputsSchema, value)).to.deep.equal(value);
  });

  it("leaves a value unknown at preview unknown", () => {
    expect(canonicalize(snapshotInputsSchema, { volumeUuid: UNKNOWN })).to.deep.equal({
      volumeUuid: UNKNOWN,
    });
  });
});

describe("an id written another way", () => {
  const identity = { type: "cinder.BackupRestore", name: "r", project: "p", stack: "s" };

  it("is stored in the server's form by check", async () => {
    const checked = await backupRestoreProvider.check!(
      {},
      { __identity: identity, backupId: UPPER, newVolumeName: "restored" },
    );
    expect(checked.inputs.backupId).to.equal(ID);
  });

  it("is no change, in any case or dash form, against state written in another form", async () => {
    const olds = { __identity: identity, backupId: UPPER, newVolumeName: "restored", restored: true };
    for (const form of [ID, UNDASHED, UNDASHED.toUpperCase()]) {
      const diff = await backupRestoreProvider.diff!("v", olds, { ...olds, backupId: form });
      expect(diff.changes, form).to.equal(false);
    }
    const waldur = { __identity: { ...identity, type: "waldur.Snapshot" }, volumeUuid: UNDASHED };
    const diff = await snapshotProvider.diff!("s", waldur, { ...waldur, volumeUuid: UPPER });
    expect(diff.changes).to.equal(false);
  });
});
