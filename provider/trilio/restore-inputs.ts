/**
 * The inputs of `trilio.Restore`, validated: types, formats and the rules that tie fields to the restore type.
 * Each failure names the property path and says what is wrong.
 */
import { z } from "zod";
import { openStackId } from "../core/inputs";
import { adoptField, pinSourceField, restoreSourceField, withCommonFields } from "../core/common-fields";
import { field, inputShape, type Fields } from "../core/fields";
import type { InputsOf } from "../core/model";
import { markerFits } from "../core/identity";
import { openStackConnection } from "../openstack/connection";
import type { TrilioRestore } from "./api";

/** Restore types, as TrilioVault names them. */
export const RESTORE_TYPES = ["oneclick", "selective", "inplace"] as const;

/** A restore type. */
export type RestoreType = (typeof RESTORE_TYPES)[number];

/*
 * What `pulumi import` of a restore reads from it (see ../core/fields `imported`): the kind of restore and, for a
 * selective or in-place one, the VMs it named, from the `restore_options` TrilioVault echoes. Per-VM options
 * (flavor, disks, NICs) are not read: the program written from the import names the VMs only.
 */
/** The restore's `restore_options`, as far as an import reads them. */
interface EchoedOptions {
  restore_type?: unknown;
  oneclickrestore?: unknown;
  openstack?: { instances?: { id?: unknown; include?: unknown; name?: unknown }[] };
}

function optionsOf(restore: TrilioRestore): EchoedOptions {
  const options = (restore as { restore_options?: unknown }).restore_options;
  return typeof options === "object" && options !== null ? (options as EchoedOptions) : {};
}

/** The restore's type (`restore_type` wins over `oneclickrestore`, as on the server); undefined if unsaid. */
function importedRestoreType(restore: TrilioRestore): RestoreType | undefined {
  const options = optionsOf(restore);
  const named = RESTORE_TYPES.find((type) => type === options.restore_type);
  return named ?? (options.oneclickrestore === true ? "oneclick" : undefined);
}

/** The VMs a selective or in-place restore named (`{ id, include: false }` for one left out, a new name kept). */
function importedInstances(restore: TrilioRestore): Record<string, unknown>[] | undefined {
  const type = importedRestoreType(restore);
  if (type === undefined || type === "oneclick") return undefined;
  const instances = optionsOf(restore).openstack?.instances ?? [];
  return instances
    .filter((instance) => typeof instance.id === "string")
    .map((instance) => ({
      id: instance.id,
      ...(instance.include === false ? { include: false } : {}),
      ...(type === "selective" && typeof instance.name === "string" && instance.include !== false
        ? { name: instance.name }
        : {}),
    }));
}

const nonEmpty = z.string().min(1, { error: "must not be empty" });
const MAC_ADDRESS = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

const flavorSchema = z
  .object({
    vcpus: z.int().positive(),
    ram: z.int().positive(),
    disk: z.int().nonnegative(),
    swap: z.int().nonnegative().optional(),
    ephemeral: z.int().nonnegative().optional(),
    id: nonEmpty.optional(),
  })
  .strict();

const vdiskSchema = z
  .object({
    id: openStackId,
    newVolumeType: nonEmpty.optional(),
    availabilityZone: nonEmpty.optional(),
    restoreCinderVolume: z.boolean().optional(),
  })
  .strict();

const nicSchema = z
  .object({
    networkId: openStackId,
    subnetId: openStackId.optional(),
    portId: openStackId.optional(),
    macAddress: z
      .string()
      .regex(MAC_ADDRESS, { error: "must be a MAC address like fa:16:3e:00:11:22" })
      .optional(),
    ipAddress: z.union([z.ipv4(), z.ipv6()], { error: "must be an IPv4 or IPv6 address" }).optional(),
  })
  .strict();

const instanceSchema = z
  .object({
    id: openStackId,
    include: z.boolean().optional(),
    name: nonEmpty.max(255).optional(),
    availabilityZone: nonEmpty.optional(),
    flavor: flavorSchema.optional(),
    vdisks: z.array(vdiskSchema).optional(),
    nics: z.array(nicSchema).optional(),
    restoreBootDisk: z.boolean().optional(),
  })
  .strict();

const networkMappingSchema = z
  .object({
    snapshotNetworkId: openStackId,
    snapshotSubnetId: openStackId.optional(),
    targetNetworkId: openStackId,
    targetSubnetId: openStackId.optional(),
    targetNetworkName: nonEmpty.optional(),
  })
  .strict();

/** Each input of `trilio.Restore`, declared once (see ../core/fields). */
export const restoreFields = withCommonFields("TrilioVault", openStackConnection, ["2h", "2h", "30m"], {
  snapshotId: {
    ...restoreSourceField(openStackId, "snapshot", "string (UUID)"),
    imported: (restore: TrilioRestore) => restore.snapshot_id,
  },
  pinSource: pinSourceField("snapshot"),
  restoreType: {
    ...field(z.enum(RESTORE_TYPES, { error: `must be one of ${RESTORE_TYPES.join(", ")}` }), {
      replaces: "another kind of restore is a new restore",
      doc: "`oneclick`, `selective` or `inplace`",
    }),
    imported: importedRestoreType,
  },
  instances: {
    ...field(z.array(instanceSchema).optional(), {
      replaces: "other VMs, or other options for them, are a new restore",
      doc:
        "selective: `{ id, include?, name?, availabilityZone?, flavor?, vdisks?: [{ id, newVolumeType?, " +
        "availabilityZone? }], nics?: [{ networkId, subnetId?, portId?, macAddress?, ipAddress? }] }[]`; " +
        "in-place: `{ id, include?, restoreBootDisk?, vdisks?: [{ id, restoreCinderVolume? }] }[]`",
    }),
    imported: importedInstances,
  },
  restoreTopology: field(z.boolean().optional(), {
    replaces: "a restore option",
    doc: "boolean (selective)",
  }),
  networkMappings: field(z.array(networkMappingSchema).optional(), {
    replaces: "a restore option",
    doc:
      "`{ snapshotNetworkId, snapshotSubnetId?, targetNetworkId, targetSubnetId?, targetNetworkName? }[]` " +
      "(selective)",
  }),
  triggers: field(z.record(z.string(), z.unknown()).optional(), {
    replaces: "change one to run the restore again on purpose",
    doc: "map of values",
  }),
  adoptRestoreId: adoptField(
    openStackId,
    "restore",
    "string (UUID): take over an existing restore instead of starting one",
  ),
  name: field(nonEmpty.max(255).optional(), {
    stateOnly: "TrilioVault cannot rename a restore: it keeps its name (output `trilioName`)",
    doc: "string, default the resource name",
  }),
  description: field(z.string().max(1024).optional(), {
    stateOnly: "TrilioVault cannot change a restore's description",
    doc: "string",
  }),
  waitForCompletion: field(z.boolean().optional(), {
    stateOnly: "it steers this provider's wait (turning it on waits for a running restore)",
    doc: "boolean, default `true`",
  }),
  confirmOverwrite: field(z.boolean().optional(), {
    stateOnly: "it confirms an in-place restore when it runs",
    doc: "boolean: required `true` for `inplace`",
  }),
} as const satisfies Fields);

/** The inputs' shape, without the cross-field rules (used to read inputs back from state). */
export const restoreInputsShape = inputShape(restoreFields);

/** Validated inputs of a restore. */
export type RestoreInputs = InputsOf<typeof restoreFields>;

/** Fields of an instance that only a selective restore uses. */
const SELECTIVE_INSTANCE_FIELDS = ["name", "availabilityZone", "flavor", "nics"] as const;
const SELECTIVE_VDISK_FIELDS = ["newVolumeType", "availabilityZone"] as const;

/** The inputs with every rule, as `check` applies them (unknown top-level properties are refused). */
export const restoreInputsSchema = restoreInputsShape
  .strict()
  .superRefine((inputs, context) => {
    const fail = (path: PropertyKey[], message: string) =>
      context.addIssue({ code: "custom", path, message });
    const { restoreType, instances } = inputs;
    if (restoreType === "oneclick") {
      for (const key of ["instances", "restoreTopology", "networkMappings"] as const) {
        if (inputs[key] !== undefined) {
          fail(
            [key],
            "does not apply to a oneclick restore, which restores every instance of the snapshot as it was",
          );
        }
      }
      return;
    }
    if (!instances || !instances.some((instance) => instance.include !== false)) {
      fail(
        ["instances"],
        `a ${restoreType} restore needs at least one instance to restore (include not false)`,
      );
    }
    const seen = new Set<string>();
    instances?.forEach((instance, index) => {
      if (seen.has(instance.id)) fail(["instances", index, "id"], `instance ${instance.id} is listed twice`);
      seen.add(instance.id);
      if (restoreType === "inplace") {
        for (const field of SELECTIVE_INSTANCE_FIELDS) {
          if (instance[field] !== undefined) {
            fail(
              ["instances", index, field],
              "only applies to a selective restore (an in-place restore keeps the VM)",
            );
          }
        }
        instance.vdisks?.forEach((vdisk, vdiskIndex) => {
          for (const field of SELECTIVE_VDISK_FIELDS) {
            if (vdisk[field] !== undefined) {
              fail(["instances", index, "vdisks", vdiskIndex, field], "only applies to a selective restore");
            }
          }
        });
      } else {
        if (instance.restoreBootDisk !== undefined) {
          fail(["instances", index, "restoreBootDisk"], "only applies to an in-place restore");
        }
        instance.vdisks?.forEach((vdisk, vdiskIndex) => {
          if (vdisk.restoreCinderVolume !== undefined) {
            fail(
              ["instances", index, "vdisks", vdiskIndex, "restoreCinderVolume"],
              "only applies to an in-place restore",
            );
          }
        });
      }
    });
    if (restoreType === "inplace") {
      for (const key of ["restoreTopology", "networkMappings"] as const) {
        if (inputs[key] !== undefined) fail([key], "only applies to a selective restore");
      }
      if (inputs.confirmOverwrite !== true) {
        fail(
          ["confirmOverwrite"],
          "an in-place restore overwrites the live disks of the instances it restores; " +
            "set confirmOverwrite: true to confirm",
        );
      }
    }
  })
  .superRefine(markerFits(1024, "TrilioVault", (inputs) => inputs.adoptRestoreId !== undefined));
