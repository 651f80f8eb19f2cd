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
import { objectToCheck } from "../core/bulk-lookup";
import { deleteOnce, startOnce } from "../core/adoption";
import { openStackId } from "../core/inputs";
import { currentClock } from "../core/clock";
import { withChange, type DiffTable } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
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
  outputsWithInputs,
  sessionOpener,
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

const startSession = sessionOpener(BACKUP_RESTORE_TYPE, requireOpenStackConnection, CinderClient);

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
    const createdVolume = inputs.volumeId === undefined;
    // A wait that fails records the volume, the restore's outcome unknown (`restored: null`): update resumes it.
    const restoring = { id: target, status: "restoring-backup" };
    const outs = await recordOnFailure(
      target,
      () => restoreOutputs(restoring, props, createdVolume, null),
      props,
      () => finishRestore(session, target, props, createdVolume, deadline),
    );
    return { id: target, outs };
  },

  async read(id, props) {
    const volume = await startSession.stored(props).client.getVolume(id);
    if (!volume) return { id: "", props: {} };
    const restored = props.restored === null ? null : props.restored !== false;
    const outs = restoreOutputs(volume, props, props.createdVolume === true, restored);
    return { id, props: outs, inputs: inputsOf(backupRestoreDiffTable, props) };
  },

  async update(id, olds, news) {
    if (olds.restored !== null) return { outs: { ...olds, ...inputsOf(backupRestoreDiffTable, news) } };
    // A create interrupted while Cinder restored: wait for it now, as create would have.
    const inputs = readInputs(backupRestoreInputsShape, news);
    const deadline = deadlineFor(
      "create",
      inputs.timeouts,
      BACKUP_RESTORE_DEFAULT_TIMEOUTS,
      currentClock().now(),
    );
    return {
      outs: await finishRestore(startSession(inputs), id, news, olds.createdVolume === true, deadline),
    };
  },

  async delete(id, props) {
    const inputs = readInputs(backupRestoreInputsShape, props);
    const session = startSession(inputs);
    if (props.createdVolume !== true) {
      session.log.info(`leaving volume ${id}: it existed before the restore, and destroy never deletes it`);
      return;
    }
    const sent = await deleteOnce({
      send: () => session.client.deleteVolume(id),
      isDeleting: async () => [undefined, "deleting"].includes((await session.client.getVolume(id))?.status),
      subject: `volume ${id}`,
      log: session.log,
    });
    if (!sent.joined && !sent.answer) return;
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
    const backup = await objectToCheck(
      await session.client.listedBackup(inputs.backupId),
      (listed) => listed.status === "available",
      () => session.client.getBackup(inputs.backupId),
    );
    if (!backup)
      return [{ property: "backupId", reason: `backup ${inputs.backupId} does not exist in Cinder` }];
    if (backup.status === "restoring" && inputs.newVolumeName) {
      // Restoring because of this resource's own restore, which an earlier attempt started and was interrupted:
      // create adopts it, so it is no reason to refuse.
      const interrupted = await interruptedRestore(session, backup.status);
      if (interrupted) {
        session.log.info(
          `will adopt volume ${interrupted.id} (${interrupted.status}), restored by an earlier attempt that was interrupted`,
        );
        return [];
      }
    }
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
    const volumeId = inputs.volumeId;
    const volume = await objectToCheck(
      await session.client.listedVolume(volumeId),
      (listed) => listed.status === "available" && listed.size >= (backup.size ?? 0),
      () => session.client.getVolume(volumeId),
    );
    if (!volume) return [{ property: "volumeId", reason: `volume ${volumeId} does not exist in Cinder` }];
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
 * The new volume an earlier attempt of this restore created before it was interrupted, if any: one named as asked
 * and not failed, made from this backup (Cinder records `src_backup_id` in its metadata when the restore ends) or
 * still `restoring-backup` while the backup is `restoring` (`backupStatus`, read when needed).
 */
async function interruptedRestore(session: Session, backupStatus?: string): Promise<Volume | undefined> {
  const { inputs, client } = session;
  if (!inputs.newVolumeName) return undefined;
  const fromBackup = (volume: Volume | undefined) =>
    volume?.metadata?.src_backup_id === inputs.backupId &&
    !(VOLUME_STATUS.failed as readonly string[]).includes(volume.status);
  for (const volume of await client.listVolumes({ name: inputs.newVolumeName })) {
    if (fromBackup(volume)) return volume;
    if (volume.status !== "restoring-backup") continue;
    backupStatus ??= (await client.getBackup(inputs.backupId))?.status;
    if (backupStatus === "restoring") return volume;
    // The restore may have ended between the two reads: the volume then names the backup.
    const now = await client.getVolume(volume.id);
    if (fromBackup(now)) return now;
  }
  return undefined;
}

/** Starts the restore, or adopts the new volume an interrupted attempt created (see {@link interruptedRestore}). */
async function startOrAdopt(session: Session): Promise<string> {
  const { inputs, client } = session;
  if (inputs.newVolumeName) {
    const left = await interruptedRestore(session);
    if (left) {
      session.log.info(
        `adopting volume ${left.id} (${left.status}), restored by an earlier attempt that was interrupted`,
      );
      return left.id;
    }
  }
  const { object: target } = await startOnce<string>({
    // A request whose answer was lost: the restore it may have started shows on its target volume.
    findMarked: async () => {
      if (inputs.newVolumeName)
        return [(await interruptedRestore(session))?.id].filter((id) => id !== undefined);
      const volume = await client.getVolume(inputs.volumeId as string);
      return volume?.status === "restoring-backup" ? [volume.id] : [];
    },
    hasFailed: () => false,
    describe: (id) => `the restore into volume ${id}`,
    start: async () => {
      const answer = await client.restoreBackup(
        inputs.backupId,
        inputs.volumeId ? { volume_id: inputs.volumeId } : { name: inputs.newVolumeName as string },
      );
      session.log.info(
        `restoring backup ${inputs.backupId} into volume ${answer.volume_name ?? ""} (${answer.volume_id})`,
      );
      return answer.volume_id;
    },
    log: session.log,
  });
  return target;
}

/**
 * Waits for the restore into volume `id` to end: the outputs, or an error that records the volume (a failed
 * restore, the deadline).
 */
async function finishRestore(
  session: Session,
  id: string,
  props: Props,
  createdVolume: boolean,
  deadline: number,
): Promise<Props> {
  const volume = await waitForVolume(session, id, deadline);
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
  session.log.info(
    `restored backup ${session.inputs.backupId} into volume ${volume.name ?? ""} (${volume.id})`,
  );
  return outs;
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
function restoreOutputs(
  volume: Pick<Volume, "id" | "status"> & Partial<Volume>,
  inputs: Props,
  createdVolume: boolean,
  restored: boolean | null,
): Props {
  return outputsWithInputs(backupRestoreDiffTable, inputs, {
    targetVolumeId: volume.id,
    volumeName: volume.name ?? null,
    volumeStatus: volume.status,
    sizeGib: volume.size ?? null,
    createdVolume,
    restored,
  });
}
