import { expect } from "chai";
import { validateInputs } from "../../../provider/core/check";
import { restoreInputsSchema } from "../../../provider/trilio/restore-inputs";

const identity = { type: "trilio.Restore", name: "r", project: "p", stack: "dev" };
const snapshotId = "2e56d167-bad7-43c7-8ede-a613c3fe7844";
const vm = "e33c1eea-c533-4945-864d-0da1fc002070";
const volume = "365ad75b-ca76-46cb-8eea-435535fd2e22";

function failures(inputs: Record<string, unknown>) {
  return validateInputs(restoreInputsSchema, { __identity: identity, snapshotId, ...inputs }).failures;
}

describe("trilio.Restore inputs", () => {
  it("accepts a one-click restore with nothing else", () => {
    expect(failures({ restoreType: "oneclick" })).to.deep.equal([]);
  });

  it("names the property and the allowed values for a bad restore type", () => {
    expect(failures({ restoreType: "fast" })).to.deep.equal([
      { property: "restoreType", reason: "must be one of oneclick, selective, inplace" },
    ]);
  });

  it("refuses ids that are not UUIDs, so no id can reach a URL path", () => {
    for (const bad of ["../x", "a/b", "%2F", "?x", "#"]) {
      const result = validateInputs(restoreInputsSchema, {
        __identity: identity,
        snapshotId: bad,
        restoreType: "oneclick",
      });
      expect(result.failures.map((f) => f.property)).to.deep.equal(["snapshotId"]);
    }
  });

  it("refuses instance options on a one-click restore", () => {
    expect(
      failures({ restoreType: "oneclick", instances: [{ id: vm }] }).map((f) => f.property),
    ).to.deep.equal(["instances"]);
  });

  it("needs at least one included instance for a selective restore", () => {
    expect(failures({ restoreType: "selective" })[0].property).to.equal("instances");
    expect(
      failures({ restoreType: "selective", instances: [{ id: vm, include: false }] })[0].property,
    ).to.equal("instances");
  });

  it("puts each misplaced option at its own path", () => {
    const result = failures({
      restoreType: "selective",
      instances: [{ id: vm, restoreBootDisk: true, vdisks: [{ id: volume, restoreCinderVolume: true }] }],
    });
    expect(result.map((f) => f.property)).to.have.members([
      "instances[0].restoreBootDisk",
      "instances[0].vdisks[0].restoreCinderVolume",
    ]);
  });

  it("refuses an in-place restore without confirmOverwrite, saying why", () => {
    const result = failures({ restoreType: "inplace", instances: [{ id: vm }] });
    expect(result).to.have.length(1);
    expect(result[0].property).to.equal("confirmOverwrite");
    expect(result[0].reason).to.match(/overwrites the live disks/);
    expect(
      failures({ restoreType: "inplace", instances: [{ id: vm }], confirmOverwrite: true }),
    ).to.deep.equal([]);
  });

  it("refuses the same instance twice and selective options on an in-place restore", () => {
    const result = failures({
      restoreType: "inplace",
      confirmOverwrite: true,
      instances: [{ id: vm, name: "new" }, { id: vm }],
    });
    expect(result.map((f) => f.property)).to.have.members(["instances[0].name", "instances[1].id"]);
  });

  it("checks timeouts as durations and the connection's fields", () => {
    const result = failures({
      restoreType: "oneclick",
      timeouts: { create: "soon" },
      connection: { authUrl: "ftp://x", passwrd: "typo" },
    });
    expect(result.map((f) => f.property)).to.have.members([
      "timeouts.create",
      "connection.authUrl",
      "connection.passwrd",
    ]);
  });
});
