// The marker a resource adds to a description never pushes it over the server's limit: check says how much room
// the user has, before any request.
import { expect } from "chai";
import { backupProvider } from "../../../provider/cinder/backup";
import { volumeRestorationProvider } from "../../../provider/waldur/volume-restoration";
import { snapshotProvider } from "../../../provider/waldur/snapshot";

const ID = "05e24514-7dec-42c7-a9a3-2540a3adda65";
const identity = (type: string) => ({ type, name: "r", project: "p", stack: "s" });

async function descriptionFailure(
  provider: typeof backupProvider,
  inputs: Record<string, unknown>,
): Promise<string | undefined> {
  const { failures } = await provider.check!({}, inputs);
  return failures?.find((failure) => failure.property === "description")?.reason;
}

describe("a description beside the marker", () => {
  it("fits Cinder's 255 characters with 229 of the user's, and not with 230", async () => {
    const backup = { __identity: identity("cinder.Backup"), volumeId: ID };
    expect(await descriptionFailure(backupProvider, { ...backup, description: "d".repeat(229) })).to.equal(
      undefined,
    );
    expect(await descriptionFailure(backupProvider, { ...backup, description: "d".repeat(230) })).to.equal(
      'is 230 characters, and at most 229 fit: Cinder keeps 255, and the resource adds a 26-character marker (" [pulumi:…]") by which it recognises what it created',
    );
  });

  it("leaves an adopted object's description the server's whole limit: nothing is marked", async () => {
    const adopted = { __identity: identity("cinder.Backup"), volumeId: ID, adoptBackupId: ID };
    expect(await descriptionFailure(backupProvider, { ...adopted, description: "d".repeat(255) })).to.equal(
      undefined,
    );
  });

  it("fits Waldur's 2,000 characters with 1,974 of the user's, for snapshots and restored volumes", async () => {
    const snapshot = { __identity: identity("waldur.Snapshot"), volumeUuid: ID };
    const restoration = { __identity: identity("waldur.VolumeRestoration"), snapshotUuid: ID, name: "v" };
    for (const [provider, inputs] of [
      [snapshotProvider, snapshot],
      [volumeRestorationProvider, restoration],
    ] as const) {
      expect(await descriptionFailure(provider, { ...inputs, description: "d".repeat(1974) })).to.equal(
        undefined,
      );
      expect(await descriptionFailure(provider, { ...inputs, description: "d".repeat(1975) })).to.match(
        /^is 1975 characters, and at most 1974 fit: Waldur keeps 2000/,
      );
    }
  });
});
