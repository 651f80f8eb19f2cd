/**
 * FlashCopy mappings of a PowerVC volume (`copy-progress`), typed: for programs that want to wait for copies to
 * finish before relying on a snapshot or restore. Only Storwize-backed volumes report them.
 */
import { z } from "zod";
import { openStackId } from "../core/inputs";
import { runLookup, type LookupContext } from "../core/lookup";
import { openStackConnectionSchema, requireOpenStackConnection } from "../openstack/connection";
import type { CopyDetail } from "./api";
import { PowerVCClient } from "./client";

/** One FlashCopy mapping, with numbers as numbers and flags as booleans. */
export interface FlashCopyMapping {
  /** The mapping's name, such as "fcmap265". */
  name: string | null;
  /** "copying", "idle_or_copied", … */
  status: string | null;
  /** Copy progress, 0–100. */
  progress: number | null;
  /** Restore progress, 0–100, while restoring. */
  restoreProgress: number | null;
  sourceVdiskName: string | null;
  targetVdiskName: string | null;
  incremental: boolean;
  /** The copy rate (priority), when reported. */
  copyRate: number | null;
  restoring: boolean;
}

/** The arguments of `powervc.getFlashCopyMappings`. */
export const getFlashCopyMappingsSchema = z.strictObject({
  volumeId: openStackId,
  details: z.boolean().optional(),
  connection: openStackConnectionSchema.optional(),
});

/**
 * The FlashCopy mappings of `volumeId`, with the connection resolved as for resources (input, stack config, then
 * `OS_*`).
 */
export function getFlashCopyMappings(
  args: unknown,
  context: LookupContext = {},
): Promise<FlashCopyMapping[]> {
  return runLookup("powervc.getFlashCopyMappings", getFlashCopyMappingsSchema, args, context, async (a) => {
    const client = new PowerVCClient(requireOpenStackConnection(a.connection));
    return (await client.copyProgress(a.volumeId, a.details)).map(toMapping);
  });
}

function toMapping(detail: CopyDetail): FlashCopyMapping {
  const number = (value: string | number | null | undefined) =>
    value === null || value === undefined || value === "" || Number.isNaN(Number(value))
      ? null
      : Number(value);
  return {
    name: detail.name ?? null,
    status: detail.status ?? null,
    progress: number(detail.progress),
    restoreProgress: number(detail.restore_progress),
    sourceVdiskName: detail.source_vdisk_name ?? null,
    targetVdiskName: detail.target_vdisk_name ?? null,
    incremental: detail.incremental === "on",
    copyRate: number(detail.copyrate),
    restoring: detail.restoring === "yes",
  };
}
