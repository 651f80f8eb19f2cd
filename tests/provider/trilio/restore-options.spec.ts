import { expect } from "chai";
import { restoreInputsShape, type RestoreInputs } from "../../../provider/trilio/restore-inputs";
import { buildRestoreOptions } from "../../../provider/trilio/restore-options";

const base = {
  __identity: { type: "trilio.Restore", name: "r", project: "p", stack: "dev" },
  snapshotId: "2e56d167-bad7-43c7-8ede-a613c3fe7844",
};
const vm1 = "e33c1eea-c533-4945-864d-0da1fc002070";
const vm2 = "67d6a100-fee6-4aa5-83a1-66b070d2eabe";
const volume = "365ad75b-ca76-46cb-8eea-435535fd2e22";
const network = "5fb7027d-a2ac-4a21-9ee1-438c281d2b26";
const subnet = "b7b54304-aa82-4d50-91e6-66445ab56db4";

const inputs = (extra: Record<string, unknown>): RestoreInputs =>
  restoreInputsShape.parse({ ...base, ...extra });

describe("buildRestoreOptions", () => {
  it("sends a one-click restore as the API notes say: openstack {} and no vmware", () => {
    expect(buildRestoreOptions(inputs({ restoreType: "oneclick" }))).to.deep.equal({
      type: "openstack",
      restore_type: "oneclick",
      oneclickrestore: true,
      openstack: {},
    });
  });

  it("builds a selective restore in the shape of the vendor's sample", () => {
    const options = buildRestoreOptions(
      inputs({
        restoreType: "selective",
        instances: [
          {
            id: vm1,
            name: "cirros-1-selective",
            availabilityZone: "nova",
            flavor: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0 },
            vdisks: [{ id: volume, newVolumeType: "iscsi", availabilityZone: "nova" }],
            nics: [{ networkId: network, subnetId: subnet, ipAddress: "10.0.0.5" }],
          },
          { id: vm2, include: false },
        ],
        networkMappings: [
          {
            snapshotNetworkId: network,
            snapshotSubnetId: subnet,
            targetNetworkId: network,
            targetNetworkName: "internal",
          },
        ],
      }),
    );
    expect(options).to.deep.equal({
      type: "openstack",
      restore_type: "selective",
      oneclickrestore: false,
      openstack: {
        instances: [
          {
            id: vm1,
            include: true,
            name: "cirros-1-selective",
            availability_zone: "nova",
            flavor: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0 },
            vdisks: [{ id: volume, new_volume_type: "iscsi", availability_zone: "nova" }],
            nics: [{ ip_address: "10.0.0.5", network: { id: network, subnet: { id: subnet } } }],
          },
          { id: vm2, include: false },
        ],
        restore_topology: false,
        networks_mapping: {
          networks: [
            {
              snapshot_network: { id: network, subnet: { id: subnet } },
              target_network: { id: network, name: "internal" },
            },
          ],
        },
      },
    });
  });

  it("builds an in-place restore that restores boot disks and volumes unless told otherwise", () => {
    const options = buildRestoreOptions(
      inputs({
        restoreType: "inplace",
        confirmOverwrite: true,
        instances: [
          { id: vm1, vdisks: [{ id: volume }] },
          { id: vm2, restoreBootDisk: false },
        ],
      }),
    );
    expect(options.openstack).to.deep.equal({
      instances: [
        {
          id: vm1,
          include: true,
          restore_boot_disk: true,
          vdisks: [{ id: volume, restore_cinder_volume: true }],
        },
        { id: vm2, include: true, restore_boot_disk: false },
      ],
    });
  });
});
