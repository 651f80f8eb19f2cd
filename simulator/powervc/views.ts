import { stableUuid } from "../core/ids";
import { naiveUtcTimestamp } from "../core/timestamps";
import { type InstanceSnapshot, type PowerVCServer, type PowerVCVolume } from "./models";

/** Who owns the PowerVC resources (rendered as `tenant_id` / `user_id`). */
export interface Owner {
  readonly projectId: string;
  readonly userId: string;
}

/** A server as `GET /servers` lists it: Nova's summary, id and name only. */
export function serverSummaryView(server: PowerVCServer) {
  return { id: server.id, name: server.name };
}

/** A server as `GET /servers/detail` and `GET /servers/{id}` show it (the fields a client reads). */
export function serverView(server: PowerVCServer, owner: Owner) {
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    tenant_id: owner.projectId,
    user_id: owner.userId,
    "OS-EXT-STS:vm_state": "active",
    "os-extended-volumes:volumes_attached": server.volumeIds.map((id) => ({ id })),
  };
}

/** A volume as Cinder's `GET /volumes/{id}` shows it; `device` is its attachment's device name. */
export function volumeView(volume: PowerVCVolume, owner: Owner, device: string) {
  const created = naiveUtcTimestamp(volume.createdAt);
  return {
    id: volume.id,
    name: volume.name,
    description: null,
    status: volume.status,
    size: volume.sizeGb,
    bootable: String(volume.bootable),
    volume_type: "SVC-default",
    availability_zone: "nova",
    multiattach: false,
    encrypted: false,
    snapshot_id: null,
    source_volid: null,
    metadata: {},
    attachments: [
      {
        id: volume.id,
        attachment_id: stableUuid(`attachment:${volume.id}`),
        volume_id: volume.id,
        server_id: volume.serverId,
        device,
        attached_at: created,
      },
    ],
    user_id: owner.userId,
    "os-vol-tenant-attr:tenant_id": owner.projectId,
    created_at: created,
    updated_at: created,
  };
}

/** `{"instance_snapshot": ...}` content, with the vendor sample's fields. */
export function instanceSnapshotView(snapshot: InstanceSnapshot) {
  return {
    id: snapshot.id,
    name: snapshot.name,
    description: snapshot.description,
    status: snapshot.status,
    instance_id: snapshot.instanceId,
    snapshots: { ...snapshot.snapshots },
    temp_snapshots: snapshot.tempSnapshots === null ? null : { ...snapshot.tempSnapshots },
    failed_snapshots: snapshot.failedSnapshots === null ? null : { ...snapshot.failedSnapshots },
    task_uri: snapshot.taskUri,
    created_at: naiveUtcTimestamp(snapshot.createdAt),
    updated_at: naiveUtcTimestamp(snapshot.updatedAt),
  };
}

/** One running FlashCopy mapping of a volume. */
export interface CopyMapping {
  /** `fcmap<N>`. */
  readonly name: string;
  readonly volume: PowerVCVolume;
  /** Name of the instance snapshot whose copy it is. */
  readonly snapshotName: string;
  /** The backend snapshot it copies to (or, restoring, from). */
  readonly snapshotId: string;
  /** Whether it copies a snapshot back onto the volume (a restore, retry or rollback). */
  readonly restoring: boolean;
  /** Copy progress in percent. */
  readonly progress: number;
}

/** One entry of `copy_details` (the Storwize `lsfcmap` fields, as strings where the sample has them). */
export function copyMappingView(mapping: CopyMapping) {
  const { volume } = mapping;
  return {
    status: "copying",
    name: mapping.name,
    restore_progress: mapping.restoring ? mapping.progress : null,
    target_vdisk_name: `snapshot-${mapping.snapshotName}-${volume.name}-${mapping.snapshotId.slice(0, 8)}`,
    incremental: "off",
    source_vdisk_name: `volume-${volume.name}-${volume.id.slice(0, 13)}`,
    progress: String(mapping.progress),
    copyrate: null,
    restoring: mapping.restoring ? "yes" : "no",
  };
}
