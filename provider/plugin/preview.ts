/**
 * What Create and Update answer in a preview (`preview: true`): the inputs as they will be stored, each output the
 * resource's preview knows (see ../core/preview: a retention date, an id an update keeps), and every other output
 * the provider computes as unknown (the engine's sentinel), so that the preview shows it as "output<string>" and a
 * program's `apply` on it waits; no request that changes anything is sent. The outputs each type computes are the
 * ones its TypeScript class declares (one list for both faces), loaded at the first preview: the SDK's modules load
 * `@pulumi/pulumi`, which would double the plugin's start-up time.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { outputPreviewFor } from "../index";
import { knownOutputs } from "../core/preview";
import { UNKNOWN } from "../core/values";
import type { Props } from "../core/resource";
import { withIdentity, type ResourceRef } from "./resource-ref";
import type * as CinderBackup from "../../sdk/cinder/backup";
import type * as CinderBackupRestore from "../../sdk/cinder/backup-restore";
import type * as PowerVCInstanceRestore from "../../sdk/powervc/instance-restore";
import type * as PowerVCInstanceSnapshot from "../../sdk/powervc/instance-snapshot";
import type * as TrilioRestore from "../../sdk/trilio/restore";
import type * as WaldurSnapshot from "../../sdk/waldur/snapshot";
import type * as WaldurSnapshotRetention from "../../sdk/waldur/snapshot-retention";
import type * as WaldurVolumeRestoration from "../../sdk/waldur/volume-restoration";

const computedOutputs: Readonly<Record<string, () => readonly string[]>> = {
  "cinder.Backup": () => (require("../../sdk/cinder/backup") as typeof CinderBackup).BACKUP_OUTPUTS,
  "cinder.BackupRestore": () =>
    (require("../../sdk/cinder/backup-restore") as typeof CinderBackupRestore).BACKUP_RESTORE_OUTPUTS,
  "powervc.InstanceRestore": () =>
    (require("../../sdk/powervc/instance-restore") as typeof PowerVCInstanceRestore).INSTANCE_RESTORE_OUTPUTS,
  "powervc.InstanceSnapshot": () =>
    (require("../../sdk/powervc/instance-snapshot") as typeof PowerVCInstanceSnapshot)
      .INSTANCE_SNAPSHOT_OUTPUTS,
  "trilio.Restore": () => (require("../../sdk/trilio/restore") as typeof TrilioRestore).RESTORE_OUTPUTS,
  "waldur.Snapshot": () => (require("../../sdk/waldur/snapshot") as typeof WaldurSnapshot).SNAPSHOT_OUTPUTS,
  "waldur.SnapshotRetention": () =>
    (require("../../sdk/waldur/snapshot-retention") as typeof WaldurSnapshotRetention)
      .SNAPSHOT_RETENTION_OUTPUTS,
  "waldur.VolumeRestoration": () =>
    (require("../../sdk/waldur/volume-restoration") as typeof WaldurVolumeRestoration)
      .VOLUME_RESTORATION_OUTPUTS,
};

/**
 * The outputs a preview of a create (`olds` undefined) or an update (`olds`: the old outputs) of `ref` answers for
 * `inputs`: only outputs its class declares, each known or unknown.
 */
export async function previewOutputs(ref: ResourceRef, inputs: Props, olds?: Props): Promise<Props> {
  const outputs = computedOutputs[ref.type]?.() ?? [];
  const known = await knownOutputs(
    outputPreviewFor(ref.type),
    withIdentity(ref, inputs),
    olds && withIdentity(ref, olds),
  );
  return {
    ...Object.fromEntries(outputs.map((key) => [key, key in known ? known[key] : UNKNOWN])),
    ...inputs,
  };
}
