/**
 * The `options` body of a TrilioVault restore request, built from the resource's inputs. Pure: no I/O.
 *
 * Per the API notes: `type` is always "openstack"; `restore_type` decides (it wins over `oneclickrestore`, which
 * is sent to agree with it for older servers); a one-click restore sends `openstack: {}` and lets the server
 * expand the instances; `vmware: {}` is not needed.
 */
import type { RestoreInputs } from "./restore-inputs";

type Instance = NonNullable<RestoreInputs["instances"]>[number];
type Options = Record<string, unknown>;

/** The restore's `options` for `POST /snapshots/{id}`. */
export function buildRestoreOptions(inputs: RestoreInputs): Options {
  const common = {
    type: "openstack",
    restore_type: inputs.restoreType,
    oneclickrestore: inputs.restoreType === "oneclick",
  };
  switch (inputs.restoreType) {
    case "oneclick":
      return { ...common, openstack: {} };
    case "selective":
      return {
        ...common,
        openstack: withoutUndefined({
          instances: (inputs.instances ?? []).map(selectiveInstance),
          restore_topology: inputs.restoreTopology ?? false,
          networks_mapping: inputs.networkMappings && {
            networks: inputs.networkMappings.map((mapping) => ({
              snapshot_network: withoutUndefined({
                id: mapping.snapshotNetworkId,
                subnet: mapping.snapshotSubnetId && { id: mapping.snapshotSubnetId },
              }),
              target_network: withoutUndefined({
                id: mapping.targetNetworkId,
                subnet: mapping.targetSubnetId && { id: mapping.targetSubnetId },
                name: mapping.targetNetworkName,
              }),
            })),
          },
        }),
      };
    case "inplace":
      return { ...common, openstack: { instances: (inputs.instances ?? []).map(inplaceInstance) } };
  }
}

function selectiveInstance(instance: Instance): Options {
  const include = instance.include ?? true;
  if (!include) return { id: instance.id, include: false };
  return withoutUndefined({
    id: instance.id,
    include: true,
    name: instance.name,
    availability_zone: instance.availabilityZone,
    flavor: instance.flavor && withoutUndefined({ ...instance.flavor }),
    vdisks: instance.vdisks?.map((vdisk) =>
      withoutUndefined({
        id: vdisk.id,
        new_volume_type: vdisk.newVolumeType,
        availability_zone: vdisk.availabilityZone,
      }),
    ),
    nics: instance.nics?.map((nic) =>
      withoutUndefined({
        id: nic.portId,
        mac_address: nic.macAddress,
        ip_address: nic.ipAddress,
        network: withoutUndefined({ id: nic.networkId, subnet: nic.subnetId && { id: nic.subnetId } }),
      }),
    ),
  });
}

function inplaceInstance(instance: Instance): Options {
  const include = instance.include ?? true;
  return withoutUndefined({
    id: instance.id,
    include,
    restore_boot_disk: include ? (instance.restoreBootDisk ?? true) : undefined,
    vdisks: instance.vdisks?.map((vdisk) => ({
      id: vdisk.id,
      restore_cinder_volume: vdisk.restoreCinderVolume ?? true,
    })),
  });
}

function withoutUndefined(record: Options): Options {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== ""),
  );
}
