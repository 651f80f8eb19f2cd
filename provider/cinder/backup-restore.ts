/**
 * `cinder.BackupRestore`: a Cinder backup restored into a new volume, or into an existing one (overwritten).
 *
 * - What defines the restore replaces: a change restores again (a changed backup not with `pinSource: true`, see
 *   ../core/pin); `newVolumeName` renames the volume in place.
 * - A new volume is created by this resource first (`POST /volumes`, the backup's size), with the resource's
 *   marker in its description, then the backup is restored into it: Cinder keeps a target's description through
 *   a restore, so the marker proves which volume this resource made. A create interrupted at any point adopts
 *   that volume and carries on; a volume anyone else made, however it is named, is never adopted or deleted.
 *   (Cinder's own restore into a new volume takes no description, so nothing could mark the volume it makes.)
 * - A restore into an existing volume cannot be marked: the volume is the user's. An interrupted create follows a
 *   restore running into it, and otherwise restores again; destroy never deletes that volume.
 * - Create waits until the target volume is available and the backup is back to available. A failed restore
 *   shows on the volume (`error_restoring`, `error`) and is reported with the volume's id; a new volume is
 *   recorded as soon as it exists, so destroy removes it whatever happened next.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { createOnce, deleteOnce, startOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import { pinSourceField, restoreSourceField, withCommonFields } from "../core/common-fields";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { field, type Fields } from "../core/fields";
import { describeWithMarker, hasMarker, operationMarker } from "../core/identity";
import { openStackId } from "../core/inputs";
import { planValue, unread } from "../core/plan";
import { whenKnown, type OutputPreview } from "../core/preview";
import { resourceModel, type InputsOf, type SessionOf } from "../core/model";
import { defineResource, inputsOf, outputsWithInputs, type Props } from "../core/resource";
import { waitFor, waitUntilGone } from "../core/waiter";
import { remoteCheckFailure } from "../core/check";
import { openStackConnection } from "../openstack/connection";
import { BACKUP_STATUS, VOLUME_STATUS, type Backup, type Volume } from "./api";
import { CinderClient } from "./client";
import { gibibytes, sizedLabel } from "./plan";
import { deadlineSetting } from "../core/timeouts";

/** Each input of `cinder.BackupRestore`, declared once (see ../core/fields). */
export const backupRestoreFields = withCommonFields("Cinder", openStackConnection, ["4h", "10m", "30m"], {
  backupId: restoreSourceField(openStackId, "backup", "the backup to restore; it must be `available`"),
  pinSource: pinSourceField("backup"),
  volumeId: field(openStackId.optional(), {
    replaces: "another target is a new restore",
    doc: "restore into this existing volume, overwriting it (needs `confirmOverwrite: true`); never deleted",
  }),
  newVolumeName: {
    schema: z.string().min(1, { error: "must not be empty" }).max(255).optional(),
    change: { updates: "PUT /volumes/{id}: the volume keeps its data" },
    doc: "restore into a new volume of this name, which the resource creates (and destroy deletes)",
    server: {
      wire: "name",
      read: (volume) => volume.name ?? "",
      removal: { refused: "a restore needs a target: this one, or volumeId" },
    },
  },
  confirmOverwrite: field(z.boolean().optional(), {
    stateOnly: "it confirms the overwrite when the restore runs",
    doc: "boolean: required `true` with `volumeId`",
  }),
  triggers: field(z.record(z.string(), z.unknown()).optional(), {
    replaces: "changing one restores again, on purpose",
    doc: "map of values",
  }),
} as const satisfies Fields<Volume>);

/** The model of `cinder.BackupRestore`: its fields and what the operations derive from them. */
export const backupRestoreModel = resourceModel("cinder.BackupRestore", backupRestoreFields, CinderClient);

/** Validated inputs of a restore. */
export type BackupRestoreInputs = InputsOf<typeof backupRestoreFields>;

/** The inputs with every rule, as `check` applies them. */
export const backupRestoreInputsSchema = backupRestoreModel.shape.strict().superRefine((inputs, context) => {
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

type Session = SessionOf<typeof backupRestoreModel>;

const startSession = backupRestoreModel.session;

/** The implementation of `cinder.BackupRestore`. */
export const backupRestoreProvider: dynamic.ResourceProvider = defineResource<BackupRestoreInputs>({
  ...backupRestoreModel.definition,
  verbs: { create: "restoring" },
  schema: backupRestoreInputsSchema,
  verifyBeforeCreate: (inputs) => verifyRestorable(startSession(inputs), inputs),
  planWithoutServer(inputs, gap) {
    const backup = `${planValue(inputs.backupId, "backupId")} (${unread("its name and size", gap)})`;
    return `will restore backup ${backup} ${restoreTarget(inputs)}`;
  },

  refineDiff(_id, olds, _news, diff) {
    return olds.restored === false ? withChange(diff, "volumeStatus", "replace") : diff;
  },

  async create(props) {
    const { inputs, session } = backupRestoreModel.begin("create", props);
    const deadline = createDeadline(inputs);
    const marker = inputs.newVolumeName === undefined ? undefined : restoreMarker(inputs);
    const target = marker
      ? await createTargetOnce(session, marker)
      : { id: inputs.volumeId as string, status: "available" };
    const createdVolume = marker !== undefined;
    // From here on the volume is recorded whatever fails (`restored: null`: the outcome unknown); update resumes.
    const outs = await recordOnFailure(
      target.id,
      () => restoreOutputs(target, props, { createdVolume, restored: null, marker }),
      props,
      async () => {
        await restoreInto(session, target.id, createdVolume, deadline);
        return finishRestore(session, target.id, props, { createdVolume, marker }, deadline);
      },
    );
    return { id: target.id, outs };
  },

  read: backupRestoreModel.refresh(
    (client, id) => client.getVolume(id),
    (volume, inputs, _marker, { props }) => restoreOutputs(volume, inputs, recordedFacts(props)),
  ),

  async update(id, olds, news) {
    const facts = recordedFacts(olds);
    if (facts.restored !== null) {
      // A rename of the volume this resource made: it keeps its id and data.
      const inputs = backupRestoreModel.inputs(news);
      const volume = facts.createdVolume
        ? await renameVolume(startSession(inputs), id, olds, news)
        : undefined;
      return {
        outs: volume
          ? restoreOutputs(volume, news, facts)
          : { ...olds, ...inputsOf(backupRestoreModel.diffTable, news) },
      };
    }
    // A create interrupted before the restore ended: carry on from where it stopped, as create would have.
    const { inputs, session } = backupRestoreModel.begin("update", news);
    const deadline = createDeadline(inputs);
    // A volume this resource made may not have been restored into yet; an existing one was (the record comes
    // after Cinder accepted the restore), and restoring it again would overwrite it twice.
    if (facts.createdVolume) await restoreInto(session, id, true, deadline);
    return { outs: await finishRestore(session, id, news, facts, deadline) };
  },

  async delete(id, props) {
    const inputs = backupRestoreModel.storedInputs(props);
    const session = startSession.stored(props);
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
    await waitUntilGone({
      subject: `volume ${id}`,
      get: () => session.client.getVolume(id),
      status: (volume) => volume.status,
      pending: ["deleting", "available", "error", "error_restoring"],
      failure: ["error_deleting"],
      deadline: backupRestoreModel.deadline("delete", inputs.timeouts),
      log: session.log.info,
    });
    session.log.info(`deleted volume ${id}, which this resource had created`);
  },
});

/** Renames volume `id` (which this resource made) as the inputs declare, if Cinder holds another name. */
async function renameVolume(
  session: Session,
  id: string,
  olds: Props,
  news: Props,
): Promise<Volume | undefined> {
  const volume = backupRestoreModel.mustExist(await session.client.getVolume(id), `volume ${id}`);
  const body = backupRestoreModel.changes(volume, olds, news, undefined);
  if (Object.keys(body).length === 0) return volume;
  await session.client.updateVolume(id, body);
  session.log.info(`renamed volume ${id} to ${String(body.name)} (it keeps its data)`);
  return (await session.client.getVolume(id)) ?? volume;
}

/**
 * What a preview of `cinder.BackupRestore` knows: whether it makes the volume, and the volume it restores into
 * when that exists already (`volumeId`), else the marker of the one it makes. An update of a restore that ended
 * keeps its record (a rename changes the made volume's name only); one into an existing volume changes nothing.
 */
export const backupRestorePreview: OutputPreview = {
  keptByUpdate: {
    outputs: ["targetVolumeId", "sizeGib", "createdVolume", "restored", "marker"],
    settled: (olds) => recordedFacts(olds).restored !== null,
  },
  known(inputs, olds) {
    if (olds) {
      const facts = recordedFacts(olds);
      return facts.restored !== null && !facts.createdVolume
        ? { volumeName: olds.volumeName, volumeStatus: olds.volumeStatus }
        : {};
    }
    if (inputs.newVolumeName === undefined) {
      return { createdVolume: false, targetVolumeId: inputs.volumeId, marker: null };
    }
    return {
      createdVolume: true,
      marker: whenKnown([inputs], () => restoreMarker(backupRestoreModel.inputs(inputs))),
    };
  },
};

/** The inputs that define a restore: they derive the marker of the volume it makes. */
function restoreMarker(inputs: BackupRestoreInputs): string {
  const { backupId, volumeId, triggers } = inputs;
  return operationMarker(inputs.__identity, { backupId, volumeId, triggers });
}

/** The description of a volume this resource makes: what it is for, and the marker. */
function targetDescription(inputs: BackupRestoreInputs, marker: string): string {
  return describeWithMarker(`restore of backup ${inputs.backupId}`, marker);
}

/** The deadline of a restore (the volume's creation included), from now. */
function createDeadline(inputs: BackupRestoreInputs): number {
  return backupRestoreModel.deadline("create", inputs.timeouts);
}

/** What the outputs record beside the volume: who made it, whether it was restored, and its marker. */
interface RestoreFacts {
  createdVolume: boolean;
  /** True once restored, false when the restore failed, null while its outcome is unknown. */
  restored: boolean | null;
  marker?: string;
}

function recordedFacts(props: Props): RestoreFacts {
  return {
    createdVolume: props.createdVolume === true,
    restored: props.restored === null ? null : props.restored !== false,
    marker: typeof props.marker === "string" ? props.marker : undefined,
  };
}

/** The backup is available, and an existing target is available and large enough; says what will happen. */
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
    if (inputs.volumeId === undefined) {
      if (backup.status !== "available") {
        // Busy restoring into this resource's own volume, which an earlier attempt made and was interrupted:
        // create carries on with it, so it is no reason to refuse.
        const left = (await markedVolumes(session, restoreMarker(inputs))).find((v) => !hasFailed(v));
        if (left) {
          session.log.info(
            `will adopt volume ${left.id} (${left.status}), made by an earlier attempt that was interrupted`,
          );
          return [];
        }
        return [backupNotAvailable(backup)];
      }
      session.log.info(`will restore backup ${sizedLabel(backup)} ${restoreTarget(inputs, backup.size)}`);
      return [];
    }
    return await verifyExistingTarget(session, inputs.volumeId, backup);
  } catch (error) {
    return [remoteCheckFailure(error, "backupId", `backup ${inputs.backupId} in Cinder`)];
  }
}

/** A restore into volume `volumeId`, which exists and is overwritten: it must be available and large enough. */
async function verifyExistingTarget(
  session: Session,
  volumeId: string,
  backup: Backup,
): Promise<dynamic.CheckFailure[]> {
  const volume = await objectToCheck(
    await session.client.listedVolume(volumeId),
    (listed) => listed.status === "available" && listed.size >= (backup.size ?? 0),
    () => session.client.getVolume(volumeId),
  );
  if (!volume) return [{ property: "volumeId", reason: `volume ${volumeId} does not exist in Cinder` }];
  const label = volume.name ?? volume.id;
  if (volume.status === "restoring-backup" && backup.status === "restoring") {
    session.log.info(
      `volume ${label} is being restored from backup ${backup.id} already: create will follow that restore ` +
        "rather than start a second one. Cinder keeps no record of who started it, so this may be an " +
        "interrupted `pulumi up` of this resource or someone else's restore",
    );
    return [];
  }
  if (backup.status !== "available") return [backupNotAvailable(backup)];
  if (volume.status !== "available") {
    return [
      {
        property: "volumeId",
        reason: `Invalid volume: Volume to be restored to must be available (volume ${label} is ${volume.status})`,
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
  const before =
    volume.metadata?.src_backup_id === backup.id
      ? ` It was restored from this backup before (its metadata says src_backup_id ${backup.id}): nothing on ` +
        "a volume you own can tell whether an interrupted `pulumi up` of this resource did that, so this " +
        "restores it again."
      : "";
  session.log.info(
    `will restore backup ${sizedLabel(backup)} into existing volume ${sizedLabel(volume)}, overwriting it.${before}`,
  );
  return [];
}

/**
 * Where the restore goes, as a plan line says it (the inputs as preview knows them): `into a new volume <name>
 * (1 GiB)`, the backup's size, or `into existing volume <id>, overwriting it`.
 */
function restoreTarget(inputs: Props | BackupRestoreInputs, size?: number | null): string {
  if (inputs.volumeId !== undefined) {
    return `into existing volume ${planValue(inputs.volumeId, "volumeId")}, overwriting it`;
  }
  const sized = size === undefined ? "" : ` (${gibibytes(size)})`;
  return `into a new volume ${planValue(inputs.newVolumeName, "newVolumeName")}${sized}`;
}

/** Cinder's own refusal of a restore of a backup that is not available. */
function backupNotAvailable(backup: Backup): dynamic.CheckFailure {
  return {
    property: "backupId",
    reason: `Invalid backup: Backup status must be available (backup ${backup.id} is ${backup.status})`,
  };
}

function hasFailed(volume: Volume): boolean {
  return (VOLUME_STATUS.failed as readonly string[]).includes(volume.status);
}

/** The volumes named as this restore names its new one that carry `marker`: those this resource made. */
async function markedVolumes(session: Session, marker: string): Promise<Volume[]> {
  const name = session.inputs.newVolumeName as string;
  return (await session.client.listVolumes({ name })).filter((volume) =>
    hasMarker(volume.description, marker),
  );
}

/** Creates the new target volume, or adopts the one an interrupted attempt of this resource made. */
async function createTargetOnce(session: Session, marker: string): Promise<Volume> {
  const { inputs, client } = session;
  const { object } = await createOnce({
    findMarked: () => markedVolumes(session, marker),
    hasFailed,
    describe: (volume) => `volume ${volume.id} (${volume.status})`,
    start: async () => {
      const backup = await client.getBackup(inputs.backupId);
      if (!backup) throw new ProviderError(`backup ${inputs.backupId} does not exist in Cinder`);
      if (backup.size === null || backup.size === undefined)
        throw new ProviderError(`backup ${inputs.backupId} has no size yet (it is ${backup.status})`);
      const volume = await client.createVolume({
        size: backup.size,
        name: inputs.newVolumeName as string,
        description: targetDescription(inputs, marker),
      });
      session.log.info(
        `created volume ${volume.name ?? ""} (${volume.id}, ${backup.size} GiB) to restore backup ` +
          `${inputs.backupId} into`,
      );
      return volume;
    },
    log: session.log,
  });
  return object;
}

/**
 * Restores the backup into volume `id` unless that is under way or done: a restore running into it is followed
 * (Cinder would refuse a second one); a volume this resource made that names the backup (`src_backup_id`, which
 * Cinder sets when a restore ends) was restored already. A volume still being created is waited for first.
 */
async function restoreInto(
  session: Session,
  id: string,
  createdVolume: boolean,
  deadline: number,
): Promise<void> {
  const { inputs, client } = session;
  const volume = await waitUntilCreated(session, id, deadline);
  if (volume.status === "restoring-backup") {
    session.log.info(`volume ${id} is being restored already: following that restore, not starting another`);
    return;
  }
  if (hasFailed(volume) || volume.status === "creating") return; // finishRestore reports it
  if (volume.status !== "available") {
    throw new ProviderError(
      `volume ${volume.name ?? ""} (${id}) is ${volume.status}: Cinder restores only into an available volume`,
    );
  }
  if (createdVolume && volume.metadata?.src_backup_id === inputs.backupId) return;
  await startOnce<string>({
    // A request whose answer was lost: the restore it may have started shows on the volume, running or ended.
    findMarked: async () => {
      const now = await client.getVolume(id);
      return now?.status === "restoring-backup" || (now && restoredSince(volume, now, inputs.backupId))
        ? [id]
        : [];
    },
    hasFailed: () => false,
    describe: () => `the restore into volume ${id}`,
    start: async () => {
      await client.restoreBackup(inputs.backupId, { volume_id: id });
      session.log.info(`restoring backup ${inputs.backupId} into volume ${volume.name ?? ""} (${id})`);
      return id;
    },
    log: session.log,
  });
}

/**
 * Whether a restore of `backupId` ended on the volume since it was read as `before`: Cinder names the backup in
 * the volume's metadata (`src_backup_id`) when a restore ends, which also moves `updated_at`.
 */
function restoredSince(before: Volume, now: Volume, backupId: string): boolean {
  return (
    now.metadata?.src_backup_id === backupId &&
    (before.metadata?.src_backup_id !== backupId || now.updated_at !== before.updated_at)
  );
}

/** Volume `id` once it is no longer `creating` (or at the deadline). */
async function waitUntilCreated(session: Session, id: string, deadline: number): Promise<Volume> {
  const outcome = await waitFor({
    subject: `volume ${id}`,
    poll: () => readVolume(session, id),
    status: (volume) => (volume.status === "creating" ? "creating" : "created"),
    pending: ["creating"],
    target: ["created"],
    failure: [],
    deadline,
    initial: await readVolume(session, id),
    log: session.log.info,
  });
  return outcome.value ?? (await readVolume(session, id));
}

async function readVolume(session: Session, id: string): Promise<Volume> {
  const volume = await session.client.getVolume(id);
  if (!volume) throw new ProviderError(`volume ${id} disappeared from Cinder during the restore`);
  return volume;
}

/**
 * Waits for the restore into volume `id` to end: the outputs, or an error that records the volume (a failed
 * restore, the deadline).
 */
async function finishRestore(
  session: Session,
  id: string,
  props: Props,
  facts: Omit<RestoreFacts, "restored">,
  deadline: number,
): Promise<Props> {
  const volume = await waitForVolume(session, id, deadline);
  const restored = (VOLUME_STATUS.available as readonly string[]).includes(volume.status);
  const outs = restoreOutputs(volume, props, { ...facts, restored });
  if (!restored) {
    const reason = hasFailed(volume)
      ? `the restore failed: volume ${volume.id} is ${volume.status}`
      : `the restore did not finish before the deadline (${deadlineSetting("create")}): volume ${volume.id} is ${volume.status}`;
    throw asPartialFailure(new ProviderError(reason), volume.id, outs, props);
  }
  await waitForBackupAvailable(session, deadline);
  session.log.info(
    `restored backup ${session.inputs.backupId} into volume ${volume.name ?? ""} (${volume.id})`,
  );
  return outs;
}

/** Waits for volume `id` to be available (or failed, or the deadline); its last state. */
async function waitForVolume(session: Session, id: string, deadline: number): Promise<Volume> {
  const outcome = await waitFor({
    subject: `volume ${id}`,
    poll: () => readVolume(session, id),
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

/** Outputs: every input echoed, then the volume and the facts the resource records. */
function restoreOutputs(
  volume: Pick<Volume, "id" | "status"> & Partial<Volume>,
  inputs: Props,
  facts: RestoreFacts,
): Props {
  return outputsWithInputs(backupRestoreModel.diffTable, inputs, {
    targetVolumeId: volume.id,
    volumeName: volume.name ?? null,
    volumeStatus: volume.status,
    sizeGib: volume.size ?? null,
    createdVolume: facts.createdVolume,
    restored: facts.restored,
    marker: facts.marker ?? null,
  });
}
