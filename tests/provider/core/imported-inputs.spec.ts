// Refresh reads from the object the inputs it records (Field.imported) for an import only: a declared resource
// whose program left one out keeps it out, so the next diff does not see it removed and restore again.
import { expect } from "chai";
import { refreshedInputs } from "../../../provider/core/fields";
import { restoreFields } from "../../../provider/trilio/restore-inputs";

const SNAPSHOT = "05e24514-7dec-42c7-a9a3-2540a3adda65";
const VM = "b0464621-81a2-4641-9748-c082142171ec";
/** A selective restore of one VM, as TrilioVault answers it (its options echoed). */
const selectiveRestore = {
  id: "c2e1af93-99c0-4d0d-9030-9319fd1f3587",
  status: "available",
  snapshot_id: SNAPSHOT,
  restore_options: {
    restore_type: "selective",
    openstack: { instances: [{ id: VM, include: true, name: "web-1" }] },
  },
};
const context = { resourceName: "web", adopted: true };

describe("inputs read from the object (Field.imported)", () => {
  it("an import (the id alone) reads what defines the restore", () => {
    const inputs = refreshedInputs(
      restoreFields,
      { adoptRestoreId: selectiveRestore.id },
      selectiveRestore as never,
      context,
    );
    expect(inputs).to.deep.equal({
      adoptRestoreId: selectiveRestore.id,
      snapshotId: SNAPSHOT,
      restoreType: "selective",
      instances: [{ id: VM, name: "web-1" }],
    });
  });

  it("a declared resource keeps what its program left out, whatever the object says", () => {
    // The program adopted the restore declaring a one-click restore: no VMs in its state.
    const stored = { adoptRestoreId: selectiveRestore.id, snapshotId: SNAPSHOT, restoreType: "oneclick" };
    const inputs = refreshedInputs(restoreFields, stored, selectiveRestore as never, context);
    expect(inputs).to.deep.equal(stored);
  });
});
