/**
 * What Create and Update answer in a preview (`preview: true`): the inputs as they will be stored, and each output
 * the provider computes as unknown (the engine's sentinel), so that the preview shows it as "output<string>" and
 * a program's `apply` on it waits; no request is sent. The outputs each type computes are the ones its TypeScript
 * class declares (one list for both faces).
 */
import { UNKNOWN } from "../core/values";
import type { Props } from "../core/resource";
import { BACKUP_RESTORE_OUTPUTS } from "../../sdk/cinder/backup-restore";
import { BACKUP_OUTPUTS } from "../../sdk/cinder/backup";
import { INSTANCE_RESTORE_OUTPUTS } from "../../sdk/powervc/instance-restore";
import { INSTANCE_SNAPSHOT_OUTPUTS } from "../../sdk/powervc/instance-snapshot";
import { RESTORE_OUTPUTS } from "../../sdk/trilio/restore";
import { SNAPSHOT_RETENTION_OUTPUTS } from "../../sdk/waldur/snapshot-retention";
import { SNAPSHOT_OUTPUTS } from "../../sdk/waldur/snapshot";
import { VOLUME_RESTORATION_OUTPUTS } from "../../sdk/waldur/volume-restoration";

const computedOutputs: Readonly<Record<string, readonly string[]>> = {
  "cinder.Backup": BACKUP_OUTPUTS,
  "cinder.BackupRestore": BACKUP_RESTORE_OUTPUTS,
  "powervc.InstanceRestore": INSTANCE_RESTORE_OUTPUTS,
  "powervc.InstanceSnapshot": INSTANCE_SNAPSHOT_OUTPUTS,
  "trilio.Restore": RESTORE_OUTPUTS,
  "waldur.Snapshot": SNAPSHOT_OUTPUTS,
  "waldur.SnapshotRetention": SNAPSHOT_RETENTION_OUTPUTS,
  "waldur.VolumeRestoration": VOLUME_RESTORATION_OUTPUTS,
};

/** The outputs a preview of a create or update of `type` answers for `inputs`. */
export function previewOutputs(type: string, inputs: Props): Props {
  const unknowns = Object.fromEntries((computedOutputs[type] ?? []).map((key) => [key, UNKNOWN]));
  return { ...unknowns, ...inputs };
}
