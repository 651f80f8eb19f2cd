/**
 * The JSON Cinder 21 sends for volumes, snapshots and backups to a project member (admin-only fields
 * such as `os-backup-project-attr:project_id` are left out), by microversion.
 */
import { stableUuid } from "../core/ids";
import { naiveUtcTimestamp } from "../core/timestamps";
import { type ApiVersion, atLeast, FEATURE_MINORS } from "./microversion";
import { type CinderBackup, type CinderSnapshot, type CinderVolume } from "./models";

/** What every view needs besides the object. */
export interface ViewContext {
  /** The service root on the simulator, `${url}/cinder`. */
  readonly baseUrl: string;
  readonly projectId: string;
  readonly userId: string;
  /** The request's microversion. */
  readonly version: ApiVersion;
}

/** The volume type every volume has: Cinder's `__DEFAULT__`. */
const VOLUME_TYPE = { name: "__DEFAULT__", id: stableUuid("cinder:volume-type:__DEFAULT__") };

/** `service_uuid` of the volume service holding every volume. */
const VOLUME_SERVICE_UUID = stableUuid("cinder:volume-service");

function timestamp(ms: number | null): string | null {
  return ms === null ? null : naiveUtcTimestamp(ms);
}

function links(context: ViewContext, collection: string, id: string) {
  return [
    { rel: "self", href: `${context.baseUrl}/v3/${context.projectId}/${collection}/${id}` },
    { rel: "bookmark", href: `${context.baseUrl}/${context.projectId}/${collection}/${id}` },
  ];
}

/** `{id, name, links}`: a volume in `GET /volumes`. */
export function volumeSummaryView(volume: CinderVolume, context: ViewContext) {
  return { id: volume.id, name: volume.name, links: links(context, "volumes", volume.id) };
}

/**
 * A volume in `GET /volumes/{id}`, `/volumes/detail` and the answers to `POST /volumes` and `PUT
 * /volumes/{id}`. `tenant`: with `os-vol-tenant-attr:tenant_id`, which Cinder's extension adds to show
 * and list answers only.
 */
export function volumeView(volume: CinderVolume, context: ViewContext, tenant = true) {
  const { version } = context;
  const creating = volume.status === "creating";
  const attachment = volume.attachment;
  return {
    id: volume.id,
    status: volume.status,
    size: volume.size,
    availability_zone: "nova",
    created_at: naiveUtcTimestamp(volume.createdAt),
    updated_at: timestamp(volume.updatedAt),
    name: volume.name,
    description: volume.description,
    volume_type: VOLUME_TYPE.name,
    snapshot_id: null,
    source_volid: null,
    metadata: { ...volume.metadata, ...volume.adminMetadata },
    links: links(context, "volumes", volume.id),
    user_id: context.userId,
    bootable: "false",
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: false,
    attachments: attachment
      ? [
          {
            id: volume.id,
            attachment_id: attachment.attachmentId,
            volume_id: volume.id,
            server_id: attachment.serverId,
            host_name: null,
            device: attachment.device,
            attached_at: naiveUtcTimestamp(attachment.attachedAt),
          },
        ]
      : [],
    ...(atLeast(version, FEATURE_MINORS.volumeGroupId) ? { group_id: null } : {}),
    ...(atLeast(version, FEATURE_MINORS.volumeSharedTargets)
      ? { shared_targets: creating, service_uuid: creating ? null : VOLUME_SERVICE_UUID }
      : {}),
    ...(atLeast(version, FEATURE_MINORS.volumeTypeId) ? { volume_type_id: VOLUME_TYPE.id } : {}),
    ...(atLeast(version, FEATURE_MINORS.volumeConsumesQuota) ? { consumes_quota: true } : {}),
    ...(tenant ? { "os-vol-tenant-attr:tenant_id": context.projectId } : {}),
  };
}

/** A snapshot in `GET /snapshots` (no microversion fields, no extension fields). */
export function snapshotSummaryView(snapshot: CinderSnapshot) {
  return {
    id: snapshot.id,
    created_at: naiveUtcTimestamp(snapshot.createdAt),
    updated_at: timestamp(snapshot.updatedAt),
    name: snapshot.name,
    description: snapshot.description,
    volume_id: snapshot.volumeId,
    status: snapshot.status,
    size: snapshot.size,
    metadata: { ...snapshot.metadata },
  };
}

/**
 * A snapshot in the answer to `POST /snapshots`: the summary with `group_snapshot_id` (from 3.14),
 * `user_id` (3.41) and `consumes_quota` (3.65).
 */
export function snapshotView(snapshot: CinderSnapshot, context: ViewContext) {
  const { version } = context;
  return {
    ...snapshotSummaryView(snapshot),
    ...(atLeast(version, FEATURE_MINORS.snapshotGroupSnapshotId) ? { group_snapshot_id: null } : {}),
    ...(atLeast(version, FEATURE_MINORS.snapshotUserId) ? { user_id: context.userId } : {}),
    ...(atLeast(version, FEATURE_MINORS.volumeConsumesQuota) ? { consumes_quota: true } : {}),
  };
}

/**
 * A snapshot in `GET /snapshots/{id}` and `/snapshots/detail`: {@link snapshotView} and the
 * `os-extended-snapshot-attributes` extension's project and progress (`0%` until it is made).
 */
export function snapshotDetailView(snapshot: CinderSnapshot, context: ViewContext) {
  const made = snapshot.status !== "creating" && snapshot.status !== "error";
  return {
    ...snapshotView(snapshot, context),
    "os-extended-snapshot-attributes:project_id": context.projectId,
    "os-extended-snapshot-attributes:progress": made ? "100%" : "0%",
  };
}

/** `{id, name, links}`: a backup in `GET /backups` and the answers to `POST` and `PUT`. */
export function backupSummaryView(backup: CinderBackup, context: ViewContext) {
  return { id: backup.id, name: backup.name, links: links(context, "backups", backup.id) };
}

/** A backup in `GET /backups/{id}` and `/backups/detail` (`metadata` from 3.43). */
export function backupView(backup: CinderBackup, context: ViewContext) {
  return {
    id: backup.id,
    status: backup.status,
    size: backup.size,
    object_count: backup.objectCount,
    availability_zone: null,
    container: backup.container,
    created_at: naiveUtcTimestamp(backup.createdAt),
    updated_at: naiveUtcTimestamp(backup.updatedAt),
    name: backup.name,
    description: backup.description,
    fail_reason: backup.failReason,
    volume_id: backup.volumeId,
    links: links(context, "backups", backup.id),
    is_incremental: backup.isIncremental,
    has_dependent_backups: backup.dependentCount > 0,
    snapshot_id: backup.snapshotId,
    data_timestamp: naiveUtcTimestamp(backup.dataTimestamp),
    ...(atLeast(context.version, FEATURE_MINORS.backupMetadata) ? { metadata: { ...backup.metadata } } : {}),
  };
}

/** The answer to `POST /backups/{id}/restore`. */
export function restoreView(backup: CinderBackup, volume: CinderVolume) {
  return { restore: { backup_id: backup.id, volume_id: volume.id, volume_name: volume.name } };
}
