/**
 * FlashCopy mappings of a PowerVC volume (`copy-progress`), typed: for programs that want to wait for copies to
 * finish before relying on a snapshot or restore. Only Storwize-backed volumes report them.
 */
import { requireOpenStackConnection, type OpenStackConnectionInput } from "../openstack/connection";
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

/** The FlashCopy mappings of `volumeId`, with the connection resolved as for resources (input, then OS_*). */
export async function flashCopyMappings(args: {
  volumeId: string;
  connection?: OpenStackConnectionInput;
  details?: boolean;
}): Promise<FlashCopyMapping[]> {
  const client = new PowerVCClient(requireOpenStackConnection(args.connection));
  return (await client.copyProgress(args.volumeId, args.details)).map(toMapping);
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
