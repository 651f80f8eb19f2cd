/**
 * `cinder.Backup`: a Cinder volume backup.
 *
 * - What defines the backup (volume, incremental, container, snapshot, availability zone) replaces; name,
 *   description and metadata are changed in place with a PUT (microversion 3.9, 3.43 for metadata). Below those,
 *   check fails and says why, rather than replacing a backup silently.
 * - Create waits for `available`; `error` is recorded with the backup's id and `fail_reason`. The description
 *   carries the resource's marker, so an attempt interrupted after Cinder accepted it is adopted.
 * - Delete waits until the backup is gone; a refusal because incremental backups depend on it names them.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { createOnce, deleteOnce } from "../core/adoption";
import { objectToCheck } from "../core/bulk-lookup";
import {
  adoptField,
  defaultedNameField,
  markedDescriptionField,
  metadataField,
  withCommonFields,
} from "../core/common-fields";
import { withChange } from "../core/diff";
import { asPartialFailure, ProviderError, recordOnFailure } from "../core/errors";
import { field, type Fields } from "../core/fields";
import { expectedDurationForSize, expectedDurationMs } from "../core/history";
import { completedBackups } from "./backup-history";
import { describeWithMarker, hasMarker, operationMarker } from "../core/identity";
import { openStackId } from "../core/inputs";
import { nameAndId, planValue, unread, type PlanGap } from "../core/plan";
import { whenKnown, type OutputPreview } from "../core/preview";
import { UNKNOWN } from "../core/values";
import { resourceModel, type InputsOf, type SessionOf } from "../core/model";
import { defineResource, outputsWithInputs, type Props } from "../core/resource";
import { waitFor, waitUntilGone } from "../core/waiter";
import { remoteCheckFailure } from "../core/check";
import { openStackConnection } from "../openstack/connection";
import { BACKUP_STATUS, type Backup, type Volume, type VolumeSnapshot } from "./api";
import { CinderClient, type BackupRequest } from "./client";
import { gibibytes, sizedLabel } from "./plan";
import { highest, MICROVERSION_NEEDS, offers } from "./microversion";
import { deadlineSetting } from "../core/timeouts";

/** Each input of `cinder.Backup`, declared once (see ../core/fields). */
export const backupFields = withCommonFields("Cinder", openStackConnection, ["4h", "10m", "1h"], {
  volumeId: {
    ...field(openStackId, {
      replaces: "a backup is of one volume: another volume is a new backup",
      doc: "the volume to back up",
    }),
    imported: (backup: Backup) => backup.volume_id,
  },
  incremental: field(z.boolean().optional(), {
    replaces: "full or incremental is how the backup was taken",
    doc: "boolean: on top of the volume's latest backup",
  }),
  container: field(z.string().min(1).max(255).optional(), {
    replaces: "the backup's data lives there",
    doc: "backup container",
  }),
  snapshotId: field(openStackId.optional(), {
    replaces: "what was backed up",
    doc: "back up this snapshot of the volume",
  }),
  availabilityZone: field(z.string().min(1).optional(), {
    replaces: "where the backup is kept",
    doc: "string (microversion 3.51)",
  }),
  adoptBackupId: adoptField(openStackId, "backup", "manage an existing backup instead"),
  name: defaultedNameField("backup", { max: 255, updates: "PUT (microversion 3.9)" }),
  description: markedDescriptionField({ max: 255, updates: "PUT (3.9)" }),
  metadata: metadataField("Cinder", { updates: "PUT (3.43)", doc: "map of strings (3.43)" }),
  force: field(z.boolean().optional(), {
    ignored: "it only matters when the backup is made",
    doc: "boolean: back up an in-use volume",
  }),
} as const satisfies Fields<Backup>);

/** The model of `cinder.Backup`: its fields and what the operations derive from them. */
export const backupModel = resourceModel("cinder.Backup", backupFields, CinderClient);

/** Validated inputs of a backup. */
export type BackupInputs = InputsOf<typeof backupFields>;

type Session = SessionOf<typeof backupModel>;

const startSession = backupModel.session;

/** The implementation of `cinder.Backup`. */
export const backupProvider: dynamic.ResourceProvider = defineResource<BackupInputs>({
  ...backupModel.definition,
  verbs: { create: "backing up" },
  verifyBeforeCreate: (inputs) => verifyCreate(startSession(inputs), inputs),
  planWithoutServer: planWithoutCinder,
  verifyBeforeUpdate: (inputs, changed) => verifyUpdate(startSession(inputs), changed),

  refineDiff(_id, olds, _news, diff) {
    return olds.status === "error" ? withChange(diff, "status", "replace") : diff;
  },

  async create(props) {
    const { inputs, session, deadline } = backupModel.begin("create", props);
    const marker = inputs.adoptBackupId ? undefined : backupMarker(inputs);
    const { id, expectedMs } = marker
      ? await backupOnce(session, marker)
      : { id: inputs.adoptBackupId!, expectedMs: undefined };
    // A wait that fails records the backup as last known: update resumes it.
    const creating: Backup = { id, status: "creating" };
    return recordOnFailure(
      id,
      () => backupOutputs(creating, props, marker),
      props,
      async () => {
        const ready = await backupReady(session, id, deadline, props, marker, expectedMs);
        const settled = inputs.adoptBackupId ? await applyFields(session, ready, {}, props, marker) : ready;
        return { id, outs: backupOutputs(settled, props, marker) };
      },
    );
  },

  read: backupModel.refresh((client, id) => client.getBackup(id), backupOutputs),

  async update(id, olds, news) {
    const { inputs, session } = backupModel.begin("update", news);
    const found = backupModel.mustExist(await session.client.getBackup(id), `backup ${id}`);
    const marker = olds.marker as string | undefined;
    // A create interrupted while Cinder made the backup: wait for it now, as create would have.
    const backup =
      found.status === "creating"
        ? await backupReady(session, id, backupModel.deadline("create", inputs.timeouts), news, marker)
        : found;
    return { outs: backupOutputs(await applyFields(session, backup, olds, news, marker), news, marker) };
  },

  async delete(id, props) {
    const inputs = backupModel.storedInputs(props);
    const session = startSession.stored(props);
    try {
      const sent = await deleteOnce({
        send: () => session.client.deleteBackup(id),
        isDeleting: async () =>
          [undefined, "deleting"].includes((await session.client.getBackup(id))?.status),
        subject: `backup ${id}`,
        log: session.log,
      });
      if (!sent.joined && !sent.answer) return;
    } catch (error) {
      if (
        ProviderError.isInstance(error) &&
        error.status === 400 &&
        /incremental/i.test(error.serverMessage ?? "")
      ) {
        const { status, serverMessage, requestId, request } = error;
        throw new ProviderError(`${error.reason}: ${await dependants(session, id)}`, {
          status,
          serverMessage,
          requestId,
          request,
        });
      }
      throw error;
    }
    await waitUntilGone({
      subject: `backup ${id}`,
      get: () => session.client.getBackup(id),
      status: (backup) => backup.status,
      pending: ["deleting", "available", "error"],
      failure: ["error_deleting"],
      reason: (backup) => backup.fail_reason,
      deadline: backupModel.deadline("delete", inputs.timeouts),
      log: session.log.info,
    });
  },
});

function definingInputs(inputs: BackupInputs) {
  const { volumeId, incremental, container, snapshotId, availabilityZone } = inputs;
  return { volumeId, incremental, container, snapshotId, availabilityZone };
}

/**
 * What a preview of `cinder.Backup` knows: the marker of a new backup (from the inputs that define it); an update
 * of an available backup keeps what Cinder made of it (size, creation, container, …). Status, metadata as Cinder
 * holds it and dependent backups are Cinder's, known once `up` ran.
 */
export const backupPreview: OutputPreview = {
  keptByUpdate: {
    outputs: [
      "sizeGib",
      "objectCount",
      "isIncremental",
      "dataTimestamp",
      "createdAt",
      "cinderContainer",
      "cinderAvailabilityZone",
      "marker",
    ],
    settled: (olds) => olds.status === "available",
  },
  known(inputs, olds) {
    if (olds) return {};
    if (inputs.adoptBackupId !== undefined) return { marker: null };
    return { marker: whenKnown([inputs], () => backupMarker(backupModel.inputs(inputs))) };
  },
};

/** The marker of the backup the inputs define. */
function backupMarker(inputs: BackupInputs): string {
  return operationMarker(inputs.__identity, definingInputs(inputs));
}

/** The backups of the volume that carry `marker`: those an earlier attempt of this resource started. */
async function markedBackups(client: CinderClient, volumeId: string, marker: string) {
  return carryingMarker(await client.listBackups({ volume_id: volumeId }), marker);
}

function carryingMarker(backups: Backup[], marker: string): Backup[] {
  return backups.filter((backup) => hasMarker(backup.description, marker));
}

/** The microversion a create needs for its inputs. */
function createMicroversion(inputs: BackupInputs): string {
  return highest(
    inputs.metadata ? MICROVERSION_NEEDS.metadata : "3.0",
    inputs.availabilityZone ? MICROVERSION_NEEDS.availabilityZone : "3.0",
  );
}

async function verifyCreate(session: Session, inputs: BackupInputs): Promise<dynamic.CheckFailure[]> {
  try {
    const max = await session.client.maxMicroversion();
    const failures: dynamic.CheckFailure[] = [];
    for (const key of ["metadata", "availabilityZone"] as const) {
      if (inputs[key] !== undefined && !offers(max, MICROVERSION_NEEDS[key])) {
        failures.push({ property: key, reason: needsMicroversion(key, MICROVERSION_NEEDS[key], max) });
      }
    }
    if (inputs.adoptBackupId) {
      const adopted = await session.client.getBackup(inputs.adoptBackupId);
      if (!adopted) {
        failures.push({
          property: "adoptBackupId",
          reason: `backup ${inputs.adoptBackupId} does not exist in Cinder`,
        });
      } else if (failures.length === 0) {
        session.log.info(
          `will adopt backup ${nameAndId(adopted.name, adopted.id, adopted.status, gibibytes(adopted.size))} ` +
            `of volume ${adopted.volume_id ?? "?"}`,
        );
      }
      return failures;
    }
    if (inputs.snapshotId !== undefined) {
      const snapshotId = inputs.snapshotId;
      const source = await verifySnapshotSource(session, inputs.volumeId, snapshotId);
      if (source.busy && (await interruptedBackup(session, inputs))) return failures;
      if (source.snapshot && failures.length === 0 && source.failures.length === 0) {
        const volume = await objectToCheck(
          await session.client.listedVolume(inputs.volumeId),
          () => true,
          () => session.client.getVolume(inputs.volumeId),
        );
        session.log.info(backupPlan(inputs, volume ?? inputs.volumeId, source.snapshot));
      }
      return [...failures, ...source.failures];
    }
    const volume = await objectToCheck(
      await session.client.listedVolume(inputs.volumeId),
      (listed) => listed.status === "available" || (listed.status === "in-use" && inputs.force === true),
      () => session.client.getVolume(inputs.volumeId),
    );
    if (!volume)
      return [
        ...failures,
        { property: "volumeId", reason: `volume ${inputs.volumeId} does not exist in Cinder` },
      ];
    if (volume.status === "backing-up" && (await interruptedBackup(session, inputs))) return failures;
    if (volume.status === "in-use" && !inputs.force) {
      failures.push({
        property: "force",
        reason: `volume ${volume.name ?? volume.id} is in-use: Cinder backs up an in-use volume only with force: true`,
      });
    } else if (!["available", "in-use"].includes(volume.status)) {
      failures.push({
        property: "volumeId",
        reason: `volume ${volume.name ?? volume.id} is ${volume.status}; Cinder backs up an available (or in-use, with force) volume`,
      });
    }
    if (failures.length === 0) session.log.info(backupPlan(inputs, volume));
    return failures;
  } catch (error) {
    return [remoteCheckFailure(error, "volumeId", `volume ${inputs.volumeId} in Cinder`)];
  }
}

/**
 * Whether this resource's own backup, which an earlier attempt started and was interrupted, is what keeps its
 * source busy: create adopts it, so a busy source is then no reason to refuse. Says so when it is.
 */
async function interruptedBackup(session: Session, inputs: BackupInputs): Promise<boolean> {
  const marked = await markedBackups(session.client, inputs.volumeId, backupMarker(inputs));
  const interrupted = marked.find((backup) => backup.status !== "error");
  if (interrupted) {
    session.log.info(
      `will adopt backup ${interrupted.id} (${interrupted.status}), started by an earlier attempt that was interrupted`,
    );
  }
  return interrupted !== undefined;
}

/**
 * A backup taken from a snapshot: Cinder checks the snapshot (it must be the volume's, and available) and not
 * the volume, so an in-use volume needs no force. `busy` when the snapshot is being backed up already.
 */
async function verifySnapshotSource(
  session: Session,
  volumeId: string,
  snapshotId: string,
): Promise<{ failures: dynamic.CheckFailure[]; busy: boolean; snapshot?: VolumeSnapshot }> {
  const refuse = (reason: string, busy = false) => ({ failures: [{ property: "snapshotId", reason }], busy });
  const snapshot = await session.client.getSnapshot(snapshotId);
  if (!snapshot) return refuse(`snapshot ${snapshotId} does not exist in Cinder`);
  if (snapshot.volume_id !== volumeId)
    return refuse(`snapshot ${snapshotId} is of volume ${snapshot.volume_id}, not volumeId ${volumeId}`);
  if (snapshot.status !== "available") {
    return refuse(
      `snapshot ${snapshot.name ?? snapshotId} is ${snapshot.status}; Cinder backs up an available snapshot`,
      snapshot.status === "backing-up",
    );
  }
  return { failures: [], busy: false, snapshot };
}

/**
 * What the backup will be: `will back up volume data (<id>, 1 GiB) as a full backup`, then where from (a
 * snapshot) and whether it is forced (an in-use volume). `volume` is the id alone when it could not be read.
 */
function backupPlan(inputs: BackupInputs, volume: Volume | string, snapshot?: VolumeSnapshot): string {
  const source = typeof volume === "string" ? volume : sizedLabel(volume);
  const from = snapshot ? `, from snapshot ${nameAndId(snapshot.name, snapshot.id)}` : "";
  const forced =
    !snapshot && typeof volume !== "string" && volume.status === "in-use"
      ? ", forcing it while the volume is in-use"
      : "";
  return `will back up volume ${source} as ${inputs.incremental ? "an incremental" : "a full"} backup${from}${forced}`;
}

/** The plan of a create that preview could not check against Cinder (see ../core/plan). */
function planWithoutCinder(inputs: Props, gap: PlanGap): string {
  if (inputs.adoptBackupId !== undefined) {
    return `will adopt backup ${planValue(inputs.adoptBackupId, "adoptBackupId")} (${unread("its status and size", gap)})`;
  }
  const kind =
    inputs.incremental === UNKNOWN
      ? "a full or incremental backup (<incremental: unknown until up>)"
      : `${inputs.incremental ? "an incremental" : "a full"} backup`;
  const from =
    inputs.snapshotId !== undefined ? `, from snapshot ${planValue(inputs.snapshotId, "snapshotId")}` : "";
  const forced = inputs.force === true ? ", forcing it if the volume is in-use" : "";
  return (
    `will back up volume ${planValue(inputs.volumeId, "volumeId")} (${unread("its name, size and status", gap)}) ` +
    `as ${kind}${from}${forced}`
  );
}

async function verifyUpdate(session: Session, changed: string[]): Promise<dynamic.CheckFailure[]> {
  const fields = changed.filter((key) => ["name", "description", "metadata"].includes(key));
  if (fields.length === 0) return [];
  try {
    const max = await session.client.maxMicroversion();
    return fields.flatMap((key) => {
      const needed = key === "metadata" ? MICROVERSION_NEEDS.metadata : MICROVERSION_NEEDS.update;
      return offers(max, needed)
        ? []
        : [{ property: key, reason: needsMicroversion(`changing ${key}`, needed, max) }];
    });
  } catch (error) {
    return [
      {
        property: "connection",
        reason: `could not read Cinder's microversions: ${ProviderError.wrap(error, {}).message}`,
      },
    ];
  }
}

function needsMicroversion(what: string, needed: string, max: string): string {
  return `${what} needs Cinder API microversion ${needed}, and this server offers up to ${max}`;
}

/**
 * Starts the backup once, adopting what an interrupted attempt started; with how long the volume's earlier
 * backups of the same kind (full or incremental) took, read from the same list.
 */
async function backupOnce(
  session: Session,
  marker: string,
): Promise<{ id: string; expectedMs: number | undefined }> {
  const { inputs, client } = session;
  let expectedMs: number | undefined;
  const request: BackupRequest = {
    volume_id: inputs.volumeId,
    name: inputs.name ?? inputs.__identity.name,
    description: describeWithMarker(inputs.description, marker),
    ...(inputs.incremental !== undefined ? { incremental: inputs.incremental } : {}),
    ...(inputs.force !== undefined ? { force: inputs.force } : {}),
    ...(inputs.container ? { container: inputs.container } : {}),
    ...(inputs.snapshotId ? { snapshot_id: inputs.snapshotId } : {}),
    ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
    ...(inputs.availabilityZone ? { availability_zone: inputs.availabilityZone } : {}),
  };
  const { object } = await createOnce<{ id: string; status?: string }>({
    findMarked: async () => {
      const backups = await client.listBackups({ volume_id: inputs.volumeId });
      expectedMs ??= expectedDurationMs(
        await completedBackups(client, backups, (b) => !!b.is_incremental === !!inputs.incremental),
      );
      return carryingMarker(backups, marker);
    },
    hasFailed: (backup) => backup.status === "error",
    describe: (backup) => `backup ${backup.id} (${backup.status ?? "creating"})`,
    start: async () => {
      const started = await client.createBackup(request, createMicroversion(inputs));
      session.log.info(`backing up volume ${inputs.volumeId}: backup ${started.id}`);
      return started;
    },
    log: session.log,
  });
  // A volume's first full backup: as long as the project's recent full backups take per GiB.
  expectedMs ??= inputs.incremental
    ? undefined
    : await expectedAtProjectRate(client, inputs.volumeId, object.id);
  return { id: object.id, expectedMs };
}

/**
 * How long full backup `backupId` of the volume is expected to take at the rate (time per GiB) of the project's
 * most recent other full backups; undefined when they do not tell, or when they cannot be read: a guess is never
 * worth a failure once the backup has started.
 */
async function expectedAtProjectRate(
  client: CinderClient,
  volumeId: string,
  backupId: string,
): Promise<number | undefined> {
  try {
    const [recent, volume] = await Promise.all([
      client.listBackups({ limit: String(PROJECT_HISTORY) }, { firstPageOnly: true }),
      client.getVolume(volumeId),
    ]);
    if (!volume) return undefined;
    // Not the backup waited for: an adopted one may have finished already.
    const fullBackups = await completedBackups(
      client,
      recent,
      (backup) => backup.id !== backupId && !backup.is_incremental,
    );
    return expectedDurationForSize(fullBackups, volume.size);
  } catch {
    return undefined;
  }
}

/** The project's most recent backups read to learn its backup rate (Cinder lists newest first). */
const PROJECT_HISTORY = 20;

/**
 * Waits for the backup to be available (expected to take `expectedMs`, when known); an error that records it when
 * it ends in error or the deadline passes.
 */
async function backupReady(
  session: Session,
  id: string,
  deadline: number,
  inputs: Props,
  marker: string | undefined,
  expectedMs?: number,
): Promise<Backup> {
  const ready = await waitForBackup(session, id, deadline, ["available"], expectedMs);
  if (ready.status === "available") return ready;
  const reason =
    ready.status === "error"
      ? `the backup ended in error${ready.fail_reason ? `: ${ready.fail_reason}` : ""}`
      : `the backup was still ${ready.status} at the deadline (${deadlineSetting("create")})`;
  throw asPartialFailure(new ProviderError(reason), id, backupOutputs(ready, inputs, marker), inputs);
}

/** Waits for the backup to reach one of `target` (or error, or the deadline); returns its last state. */
async function waitForBackup(
  session: Session,
  id: string,
  deadline: number,
  target: string[],
  expectedMs?: number,
): Promise<Backup> {
  const outcome = await waitFor({
    subject: `backup ${id}`,
    poll: async () => {
      const backup = await session.client.getBackup(id);
      if (!backup) throw new ProviderError(`backup ${id} disappeared from Cinder`);
      return backup;
    },
    status: (backup) => backup.status,
    pending: BACKUP_STATUS.pending,
    target,
    failure: BACKUP_STATUS.failed,
    progress: (backup) => (backup.object_count ? { message: `${backup.object_count} objects` } : undefined),
    deadline,
    expectedMs,
    log: session.log.info,
  });
  if (outcome.value) return outcome.value;
  const backup = await session.client.getBackup(id);
  if (!backup) throw new ProviderError(`backup ${id} disappeared from Cinder`);
  return backup;
}

/**
 * PUTs the name, description and metadata the inputs declare (or their removal from `olds` says) where they
 * differ from the backup's, with the microversion they need.
 */
async function applyFields(
  session: Session,
  backup: Backup,
  olds: Props,
  news: Props,
  marker: string | undefined,
): Promise<Backup> {
  const fields = backupModel.changes(backup, olds, news, marker);
  if (Object.keys(fields).length === 0) return backup;
  const needed = fields.metadata ? MICROVERSION_NEEDS.metadata : MICROVERSION_NEEDS.update;
  const max = await session.client.maxMicroversion();
  if (!offers(max, needed)) {
    throw new ProviderError(needsMicroversion(`changing ${Object.keys(fields).join(", ")}`, needed, max));
  }
  await session.client.updateBackup(backup.id, fields, needed);
  session.log.info(`set ${Object.keys(fields).join(", ")} of backup ${backup.id}`);
  return (await session.client.getBackup(backup.id)) ?? backup;
}

/** The incremental backups that depend on `id`, for the message of a refused delete. */
async function dependants(session: Pick<Session, "client">, id: string): Promise<string> {
  const backup = await session.client.getBackup(id);
  if (!backup?.volume_id) return "delete the incremental backups made on top of it first";
  const children = (await session.client.listBackups({ volume_id: backup.volume_id })).filter(
    (b) =>
      b.id !== id &&
      b.is_incremental &&
      (b.parent_id ? b.parent_id === id : (b.created_at ?? "") > (backup.created_at ?? "")),
  );
  const names = children.map((b) => `${b.name ?? "?"} (${b.id})`).join(", ");
  return `delete the incremental backups that depend on it first: ${names || "see Cinder"}`;
}

/** Outputs: every input echoed, then what Cinder reports. */
function backupOutputs(backup: Backup, inputs: Props, marker: string | undefined): Props {
  return outputsWithInputs(backupModel.diffTable, inputs, {
    status: backup.status,
    sizeGib: backup.size ?? null,
    objectCount: backup.object_count ?? null,
    isIncremental: backup.is_incremental ?? null,
    hasDependentBackups: backup.has_dependent_backups ?? null,
    dataTimestamp: backup.data_timestamp ?? null,
    createdAt: backup.created_at ?? null,
    failReason: backup.fail_reason ?? null,
    cinderContainer: backup.container ?? null,
    cinderAvailabilityZone: backup.availability_zone ?? null,
    cinderMetadata: backup.metadata ?? null,
    marker: marker ?? null,
  });
}
