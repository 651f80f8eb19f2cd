/**
 * `cinder.BackupRestore`: a Cinder backup restored into a new volume, or into an existing one (overwritten).
 *
 * - Every input but `connection` and `timeouts` replaces: a change restores again.
 * - Create waits until the target volume is available and the backup is back to available. A failed restore
 *   shows on the volume (`error_restoring`, `error`) and is reported with the volume's id; a new volume made by a
 *   failed restore is recorded, so destroy removes it.
 * - Delete removes the volume only if this restore created it; a restore into an existing volume never deletes
 *   that volume.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { openStackId } from "../core/inputs";
import { currentClock } from "../core/clock";
import { withChange, type DiffTable } from "../core/diff";
import { asPartialFailure, ProviderError } from "../core/errors";
import { identitySchema } from "../core/identity";
import {
  openStackConnectionSchema,
  requireOpenStackConnection,
  resolveOpenStackConnection,
  type OpenStackConnectionInput,
} from "../core/openstack-connection";
import {
  defineResource,
  inputsOf,
  openSession,
  readInputs,
  type Props,
  type Session as SharedSession,
} from "../core/resource";
import { deadlineFor, timeoutsSchema, type Timeouts } from "../core/timeouts";
import { waitFor } from "../core/waiter";
import { BACKUP_STATUS, VOLUME_STATUS, type Volume } from "./api";
import { CinderClient } from "./client";

/** The type name users see. */
export const BACKUP_RESTORE_TYPE = "cinder.BackupRestore";

/** The inputs' shape. */
export const backupRestoreInputsShape = z.object({
  __identity: identitySchema,
  backupId: openStackId,
  volumeId: openStackId.optional(),
  newVolumeName: z.string().min(1, { error: "must not be empty" }).max(255).optional(),
  confirmOverwrite: z.boolean().optional(),
  triggers: z.record(z.string(), z.unknown()).optional(),
  timeouts: timeoutsSchema.optional(),
  connection: openStackConnectionSchema.optional(),
});

/** Validated inputs of a restore. */
export type BackupRestoreInputs = z.output<typeof backupRestoreInputsShape>;

/** The inputs with every rule, as `check` applies them. */
export const backupRestoreInputsSchema = backupRestoreInputsShape.strict().superRefine((inputs, context) => {
  const fail = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
  if ((inputs.volumeId === undefined) === (inputs.newVolumeName === undefined)) {
    fail("volumeId", "set exactly one target: volumeId (an existing volume, overwritten) or newVolumeName");
  }
  if (inputs.volumeId !== undefined && inputs.confirmOverwrite !== true) {
    fail(
      "confirmOverwrite",
      `restoring into volume ${inputs.volumeId} overwrites its data; set confirmOverwrite: true to confirm`,
    );
  }
});

/** Every input but connection and timeouts restores again. */
export const backupRestoreDiffTable: DiffTable<BackupRestoreInputs> = {
  __identity: "ignore",
  backupId: "replace",
  volumeId: "replace",
  newVolumeName: "replace",
  confirmOverwrite: "replace",
  triggers: "replace",
  timeouts: "update",
  connection: "update",
};

/** Deadlines when `timeouts` does not say. */
export const BACKUP_RESTORE_DEFAULT_TIMEOUTS: Required<Timeouts> = {
  create: 4 * 60 * 60_000,
  update: 60_000,
  delete: 30 * 60_000,
};

type Session = SharedSession<BackupRestoreInputs, CinderClient>;

function startSession(inputs: BackupRestoreInputs): Session {
  return openSession(
    BACKUP_RESTORE_TYPE,
    inputs,
    (log) => new CinderClient(requireOpenStackConnection(inputs.connection), { log: log.info }),
  );
}

/** The implementation of `cinder.BackupRestore`. */
export const backupRestoreProvider: dynamic.ResourceProvider = defineResource<BackupRestoreInputs>({
  type: BACKUP_RESTORE_TYPE,
  diffTable: backupRestoreDiffTable,
  verbs: { create: "restoring" },
  schema: backupRestoreInputsSchema,
  resolveConnection: (input) => resolveOpenStackConnection(input as OpenStackConnectionInput | undefined),
  verifyBeforeCreate: (inputs) => verifyRestorable(startSession(inputs), inputs),

  refineDiff(_id, olds, _news, diff) {
    return olds.restored === false ? withChange(diff, "volumeStatus", "replace") : diff;
  },

  async create(props) {
    const inputs = readInputs(backupRestoreInputsShape, props);
    const session = startSession(inputs);
    const deadline = deadlineFor(
      "create",
      inputs.timeouts,
      BACKUP_RESTORE_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    const target = await startOrAdopt(session);
    const volume = await waitForVolume(session, target, deadline);
    const createdVolume = inputs.volumeId === undefined;
    const restored = (VOLUME_STATUS.available as readonly string[]).includes(volume.status);
    const outs = restoreOutputs(volume, props, createdVolume, restored);
    if (!restored) {
      const reason = (VOLUME_STATUS.failed as readonly string[]).includes(volume.status)
        ? `the restore failed: volume ${volume.id} is ${volume.status}`
        : `the restore did not finish before the deadline (timeouts.create): volume ${volume.id} is ${volume.status}`;
      // A new volume made by a failed restore is recorded, so destroy removes it.
      throw asPartialFailure(new ProviderError(reason), volume.id, outs, props);
    }
    await waitForBackupAvailable(session, deadline);
    session.log.info(`restored backup ${inputs.backupId} into volume ${volume.name ?? ""} (${volume.id})`);
    return { id: volume.id, outs };
  },

  async read(id, props) {
    const inputs = readInputs(backupRestoreInputsShape, props);
    const volume = await startSession(inputs).client.getVolume(id);
    if (!volume) return { id: "", props: {} };
    const outs = restoreOutputs(volume, props, props.createdVolume === true, props.restored !== false);
    return { id, props: outs, inputs: inputsOf(backupRestoreDiffTable, props) };
  },

  async update(_id, olds, news) {
    return { outs: { ...olds, ...inputsOf(backupRestoreDiffTable, news) } };
  },

  async delete(id, props) {
    const inputs = readInputs(backupRestoreInputsShape, props);
    const session = startSession(inputs);
    if (props.createdVolume !== true) {
      session.log.info(`leaving volume ${id}: it existed before the restore, and destroy never deletes it`);
      return;
    }
    if (!(await session.client.deleteVolume(id))) return;
    const deadline = deadlineFor(
      "delete",
      inputs.timeouts,
      BACKUP_RESTORE_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    const gone = await waitFor({
      subject: `volume ${id}`,
      poll: async () => (await session.client.getVolume(id)) ?? "DELETED",
      status: (value) => (value === "DELETED" ? value : value.status),
      pending: ["deleting", "available", "error", "error_restoring"],
      target: ["DELETED"],
      failure: ["error_deleting"],
      deadline,
      log: session.log.info,
    });
    if (gone.kind !== "target")
      throw new ProviderError(`volume ${id} was not deleted (it is ${String(gone.value)})`);
    session.log.info(`deleted volume ${id}, which the restore had created`);
  },
});

/** The backup is available, and an existing target is available and large enough. */
async function verifyRestorable(
  session: Session,
  inputs: BackupRestoreInputs,
): Promise<dynamic.CheckFailure[]> {
  try {
    const backup = await session.client.getBackup(inputs.backupId);
    if (!backup)
      return [{ property: "backupId", reason: `backup ${inputs.backupId} does not exist in Cinder` }];
    if (backup.status !== "available") {
      return [
        {
          property: "backupId",
          // Cinder's own words, so preview says what the restore would be refused with.
          reason: `Invalid backup: Backup status must be available (backup ${backup.id} is ${backup.status})`,
        },
      ];
    }
    if (!inputs.volumeId) {
      session.log.info(
        `will restore backup ${backup.name ?? backup.id} (${backup.size ?? "?"} GiB) into new volume ${inputs.newVolumeName}`,
      );
      return [];
    }
    const volume = await session.client.getVolume(inputs.volumeId);
    if (!volume)
      return [{ property: "volumeId", reason: `volume ${inputs.volumeId} does not exist in Cinder` }];
    if (volume.status !== "available") {
      return [
        {
          property: "volumeId",
          reason: `Invalid volume: Volume to be restored to must be available (volume ${volume.name ?? volume.id} is ${volume.status})`,
        },
      ];
    }
    if (backup.size !== null && backup.size !== undefined && volume.size < backup.size) {
      return [
        {
          property: "volumeId",
          reason: `Invalid volume: volume size ${volume.size} is too small to restore backup of size ${backup.size}.`,
        },
      ];
    }
    session.log.info(
      `will overwrite volume ${volume.name ?? volume.id} with backup ${backup.name ?? backup.id}`,
    );
    return [];
  } catch (error) {
    const wrapped = ProviderError.wrap(error, {});
    return [
      {
        property: wrapped.status === 401 ? "connection" : "backupId",
        reason: `could not check it in Cinder: ${wrapped.message}`,
      },
    ];
  }
}

/**
 * Starts the restore, or adopts a new volume an interrupted attempt created: one named as asked, made from this
 * backup (Cinder records `src_backup_id` in its metadata), and not failed.
 */
async function startOrAdopt(session: Session): Promise<string> {
  const { inputs, client } = session;
  if (inputs.newVolumeName) {
    const left = (await client.listVolumes({ name: inputs.newVolumeName })).find(
      (v) =>
        v.metadata?.src_backup_id === inputs.backupId &&
        !(VOLUME_STATUS.failed as readonly string[]).includes(v.status),
    );
    if (left) {
      session.log.info(
        `adopting volume ${left.id} (${left.status}), restored by an earlier attempt that was interrupted`,
      );
      return left.id;
    }
  }
  const answer = await client.restoreBackup(
    inputs.backupId,
    inputs.volumeId ? { volume_id: inputs.volumeId } : { name: inputs.newVolumeName as string },
  );
  session.log.info(
    `restoring backup ${inputs.backupId} into volume ${answer.volume_name ?? ""} (${answer.volume_id})`,
  );
  return answer.volume_id;
}

async function waitForVolume(session: Session, id: string, deadline: number): Promise<Volume> {
  const outcome = await waitFor({
    subject: `volume ${id}`,
    poll: async () => {
      const volume = await session.client.getVolume(id);
      if (!volume) throw new ProviderError(`volume ${id} disappeared from Cinder during the restore`);
      return volume;
    },
    status: (volume) => volume.status,
    pending: VOLUME_STATUS.pending,
    target: VOLUME_STATUS.available,
    failure: VOLUME_STATUS.failed,
    deadline,
    log: session.log.info,
  });
  return outcome.value ?? (await session.client.getVolume(id)) ?? { id, status: "unknown", size: 0 };
}

/** After the volume, the backup goes back to available; a new restore of it waits for that. */
async function waitForBackupAvailable(session: Session, deadline: number): Promise<void> {
  await waitFor({
    subject: `backup ${session.inputs.backupId}`,
    poll: async () => (await session.client.getBackup(session.inputs.backupId))?.status ?? "deleted",
    status: (status) => status,
    pending: BACKUP_STATUS.pending,
    target: [...BACKUP_STATUS.available, "deleted"],
    failure: BACKUP_STATUS.failed,
    deadline,
    intervals: { initialMs: 500 },
  });
}

/** Outputs: every input echoed, then the volume. */
function restoreOutputs(volume: Volume, inputs: Props, createdVolume: boolean, restored: boolean): Props {
  return {
    ...inputsOf(backupRestoreDiffTable, inputs),
    targetVolumeId: volume.id,
    volumeName: volume.name ?? null,
    volumeStatus: volume.status,
    sizeGib: volume.size,
    createdVolume,
    restored,
  };
}
