import { asRecord } from "../core/guards";
import { naiveUtcTimestamp } from "../core/timestamps";
import {
  type ProtectedInstance,
  type Restore,
  type RestoredInstance,
  type RestoreMetadataRecord,
  type Snapshot,
  type Workload,
} from "./models";

/** Host of the `links[].href` workloadmgr sends: an internal name, not the API's address. */
export const LINK_HOST = "http://wlm_backend";

/** The workload type every simulated workload has (workloadmgr's "Serial" type). */
const WORKLOAD_TYPE_ID = "f82ce76f-17fe-438b-aa37-7a023058e50d";

/** Version string workloadmgr puts on database records. */
const RECORD_VERSION = "4.0.115";

function timestamp(ms: number | null): string | null {
  return ms === null ? null : naiveUtcTimestamp(ms);
}

function links(projectId: string, collection: string, id: string) {
  return [
    { rel: "self", href: `${LINK_HOST}/v1/${projectId}/${collection}/${id}` },
    { rel: "bookmark", href: `${LINK_HOST}/${projectId}/${collection}/${id}` },
  ];
}

/** An instance as a snapshot reports it: flavor, volumes (`vdisks`) and network interfaces. */
function snapshotInstanceView(instance: ProtectedInstance) {
  return {
    id: instance.id,
    name: instance.name,
    status: "available",
    metadata: instance.metadata,
    flavor: { ...instance.flavor },
    vdisks: instance.vdisks.map((vdisk) => ({
      id: vdisk.id,
      name: vdisk.name,
      volume_size: vdisk.volumeSizeGb,
      volume_type: vdisk.volumeType,
      availability_zone: vdisk.availabilityZone,
    })),
    nics: instance.nics.map((nic) => ({
      mac_address: nic.macAddress,
      ip_address: nic.ipAddress,
      network: { id: nic.networkId, name: nic.networkName, subnet: { id: nic.subnetId } },
    })),
  };
}

/** `{"workload": ...}` content. */
export function workloadView(workload: Workload) {
  const created = naiveUtcTimestamp(workload.createdAt);
  return {
    id: workload.id,
    created_at: created,
    updated_at: created,
    user_id: workload.userId,
    project_id: workload.projectId,
    name: workload.name,
    description: workload.description,
    status: workload.status,
    workload_type_id: WORKLOAD_TYPE_ID,
    availability_zone: "nova",
    instances: workload.instances.map((instance) => ({
      id: instance.id,
      name: instance.name,
      metadata: instance.metadata,
    })),
    metadata: [],
    jobschedule: { enabled: false },
    links: links(workload.projectId, "workloads", workload.id),
  };
}

/** `{"snapshot": ...}` content. Carries both `name` and `display_name` (clients read either). */
export function snapshotView(snapshot: Snapshot) {
  const created = naiveUtcTimestamp(snapshot.createdAt);
  return {
    id: snapshot.id,
    created_at: created,
    updated_at: created,
    finished_at: naiveUtcTimestamp(snapshot.finishedAt),
    user_id: snapshot.userId,
    project_id: snapshot.projectId,
    status: snapshot.status,
    snapshot_type: snapshot.snapshotType,
    workload_id: snapshot.workloadId,
    name: snapshot.name,
    description: snapshot.description,
    display_name: snapshot.name,
    display_description: snapshot.description,
    host: snapshot.host,
    size: snapshot.size,
    restore_size: snapshot.restoreSize,
    uploaded_size: snapshot.size,
    progress_percent: 100,
    progress_msg: "Snapshot of workload is complete",
    warning_msg: null,
    error_msg: null,
    time_taken: Math.round((snapshot.finishedAt - snapshot.createdAt) / 1000),
    pinned: false,
    metadata: [],
    instances: snapshot.instances.map(snapshotInstanceView),
    links: links(snapshot.projectId, "snapshots", snapshot.id),
  };
}

/**
 * A snapshot in the summary list (`GET /snapshots`), as workloadmgr's summary view builds it: status and workload,
 * no instances, sizes or progress.
 */
export function snapshotSummaryView(snapshot: Snapshot) {
  return {
    id: snapshot.id,
    created_at: naiveUtcTimestamp(snapshot.createdAt),
    status: snapshot.status,
    snapshot_type: snapshot.snapshotType,
    workload_id: snapshot.workloadId,
    name: snapshot.name,
    description: snapshot.description,
    host: snapshot.host,
  };
}

/** A workload in the summary list (`GET /workloads`): no instances, metadata or schedule. */
export function workloadSummaryView(workload: Workload) {
  const created = naiveUtcTimestamp(workload.createdAt);
  return {
    id: workload.id,
    name: workload.name,
    description: workload.description,
    workload_type_id: WORKLOAD_TYPE_ID,
    status: workload.status,
    created_at: created,
    updated_at: created,
    links: links(workload.projectId, "workloads", workload.id),
  };
}

/** The database record of a snapshot, as `snapshot_details` of a restore. */
function snapshotDetailsView(snapshot: Snapshot) {
  return {
    created_at: naiveUtcTimestamp(snapshot.createdAt),
    updated_at: naiveUtcTimestamp(snapshot.finishedAt),
    deleted_at: null,
    deleted: false,
    version: RECORD_VERSION,
    id: snapshot.id,
    user_id: snapshot.userId,
    project_id: snapshot.projectId,
    workload_id: snapshot.workloadId,
    snapshot_type: snapshot.snapshotType,
    display_name: snapshot.name,
    display_description: snapshot.description,
    size: snapshot.size,
    restore_size: snapshot.restoreSize,
    uploaded_size: snapshot.size,
    progress_percent: 100,
    progress_msg: "Snapshot of workload is complete",
    warning_msg: null,
    error_msg: null,
    host: snapshot.host,
    finished_at: naiveUtcTimestamp(snapshot.finishedAt),
    data_deleted: false,
    pinned: false,
    time_taken: Math.round((snapshot.finishedAt - snapshot.createdAt) / 1000),
    vault_storage_id: null,
    status: snapshot.status,
  };
}

function metadataRecordView(restoreId: string, record: RestoreMetadataRecord) {
  return {
    created_at: naiveUtcTimestamp(record.createdAt),
    updated_at: null,
    deleted_at: null,
    deleted: false,
    version: RECORD_VERSION,
    id: record.id,
    restore_id: restoreId,
    key: record.key,
    value: record.value,
  };
}

function restoredInstanceView(instance: RestoredInstance) {
  return { id: instance.id, name: instance.name, status: instance.status, metadata: instance.metadata };
}

/**
 * `restore_options` as shown: the options sent, and once a one-click restore has started, with the
 * `name`, `description` and instance list the server expanded from the snapshot.
 */
function restoreOptionsView(restore: Restore, snapshot: Snapshot | undefined) {
  if (restore.kind !== "oneclick" || restore.status === "restoring" || snapshot === undefined)
    return restore.options;
  const openstack = asRecord(restore.options.openstack) ?? {};
  return {
    name: restore.name,
    ...restore.options,
    openstack: {
      ...openstack,
      instances: snapshot.instances.map((instance) => ({
        name: instance.name,
        id: instance.id,
        availability_zone: "nova",
      })),
    },
    description: restore.description,
  };
}

function restoreHead(restore: Restore) {
  const created = naiveUtcTimestamp(restore.createdAt);
  return {
    id: restore.id,
    created_at: created,
    updated_at: created,
    finished_at: timestamp(restore.finishedAt),
    user_id: restore.userId,
    project_id: restore.projectId,
    status: restore.status,
    restore_type: "restore",
    snapshot_id: restore.snapshotId,
  };
}

function restoreTail(restore: Restore, snapshot: Snapshot | undefined) {
  return {
    links: links(restore.projectId, "restores", restore.id),
    name: restore.name,
    description: restore.description,
    host: restore.host,
    size: restore.size,
    uploaded_size: restore.uploadedSize,
    progress_percent: restore.progressPercent,
    progress_msg: restore.progressMsg,
    warning_msg: null,
    error_msg: restore.errorMsg,
    time_taken: restore.timeTaken,
    restore_options: restoreOptionsView(restore, snapshot),
    metadata: restore.metadata.map((record) => metadataRecordView(restore.id, record)),
  };
}

/** A restore as the start answer (202) and the lists show it. */
export function restoreView(restore: Restore, snapshot: Snapshot | undefined) {
  return { ...restoreHead(restore), ...restoreTail(restore, snapshot) };
}

/**
 * A restore as `GET /restores/{id}` shows it: adds `snapshot_details`, `workload_id`, the restored
 * `instances` and the (always empty) `networks`, `subnets` and `routers`.
 */
export function restoreDetailView(restore: Restore, snapshot: Snapshot | undefined) {
  return {
    ...restoreHead(restore),
    snapshot_details: snapshot === undefined ? {} : snapshotDetailsView(snapshot),
    workload_id: restore.workloadId,
    instances: restore.instances.map(restoredInstanceView),
    networks: [],
    subnets: [],
    routers: [],
    ...restoreTail(restore, snapshot),
  };
}
