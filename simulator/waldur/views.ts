/**
 * The JSON Waldur sends, rendered from the state: relations as URLs with `*_uuid` / `*_name`
 * siblings, sizes in MiB, DRF timestamps, states in the configured spelling. Fields Waldur's SDK reads
 * as UUIDs (`marketplace_*_uuid`, `*_marketplace_uuid`) are left out rather than sent as null.
 */
import { djangoTimestamp } from "../core/timestamps";
import {
  type WaldurMarketplaceResource,
  type WaldurOrder,
  type WaldurResource,
  type WaldurRestoration,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurVolume,
} from "./models";
import { WALDUR_CUSTOMER, WALDUR_PROJECTS, WALDUR_SEED } from "./seed";
import { stateName } from "./states";

/** What rendering needs besides the object: where the API is, the spelling, and related objects. */
export interface ViewContext {
  /** The API root, ending in `/api/`. */
  readonly apiUrl: string;
  /** Legacy state spelling (`Creation Scheduled`, `Erred`). */
  readonly legacy: boolean;
  /** Whether restoration records carry `description` (late-2024 servers leave it out). */
  readonly restorationDescriptions: boolean;
  findVolume(uuid: string): WaldurVolume | undefined;
  findSnapshot(uuid: string): WaldurSnapshot | undefined;
  findResource(uuid: string): WaldurMarketplaceResource | undefined;
  restorationsOf(snapshotUuid: string): readonly WaldurRestoration[];
}

/** The URL of an object: `${apiUrl}${collection}/${uuid}/`. */
export function objectUrl(context: ViewContext, collection: string, uuid: string): string {
  return `${context.apiUrl}${collection}/${uuid}/`;
}

function project(uuid: string) {
  const found = WALDUR_PROJECTS.find((candidate) => candidate.uuid === uuid);
  if (found === undefined) throw new Error(`unknown project ${uuid}`);
  return found;
}

/** The fields every OpenStack resource starts with: identity, service settings, project, customer, state. */
function resourceHead(
  context: ViewContext,
  resource: Pick<
    WaldurResource,
    | "uuid"
    | "name"
    | "description"
    | "projectUuid"
    | "errorMessage"
    | "state"
    | "createdAt"
    | "modifiedAt"
    | "backendId"
  >,
  collection: string,
  type: string,
) {
  const owner = project(resource.projectUuid);
  return {
    url: objectUrl(context, collection, resource.uuid),
    uuid: resource.uuid,
    name: resource.name,
    description: resource.description,
    service_name: owner.tenantName,
    service_settings: objectUrl(context, "service-settings", owner.serviceSettingsUuid),
    service_settings_uuid: owner.serviceSettingsUuid,
    service_settings_state: "OK",
    service_settings_error_message: "",
    project: objectUrl(context, "projects", owner.uuid),
    project_name: owner.name,
    project_uuid: owner.uuid,
    customer: objectUrl(context, "customers", WALDUR_CUSTOMER.uuid),
    customer_uuid: WALDUR_CUSTOMER.uuid,
    customer_name: WALDUR_CUSTOMER.name,
    customer_native_name: WALDUR_CUSTOMER.nativeName,
    customer_abbreviation: WALDUR_CUSTOMER.abbreviation,
    error_message: resource.errorMessage,
    error_traceback: "",
    resource_type: type,
    state: stateName(resource.state, context.legacy),
    created: djangoTimestamp(resource.createdAt),
    modified: djangoTimestamp(resource.modifiedAt),
    backend_id: resource.state === "CREATION_SCHEDULED" ? "" : resource.backendId,
    access_url: null,
  };
}

/** The `marketplace_*` fields: of the linked resource, or null (the uuid ones left out) without one. */
function marketplaceFields(resource: WaldurMarketplaceResource | undefined) {
  if (resource === undefined) {
    return {
      marketplace_offering_name: null,
      marketplace_offering_plugin_options: null,
      marketplace_category_name: null,
      marketplace_resource_state: null,
      is_usage_based: null,
      is_limit_based: null,
    };
  }
  return {
    marketplace_offering_uuid: resource.offeringUuid,
    marketplace_offering_name: "Volume",
    marketplace_offering_plugin_options: {},
    marketplace_category_uuid: resource.categoryUuid,
    marketplace_category_name: "Storage",
    marketplace_resource_uuid: resource.uuid,
    marketplace_plan_uuid: resource.planUuid,
    marketplace_resource_state: resource.state,
    is_usage_based: false,
    is_limit_based: true,
  };
}

/**
 * A restoration record (`/restorations/` and a snapshot's `restorations`); without
 * `restorationDescriptions`, no `description` key at all.
 */
export function restorationView(context: ViewContext, restoration: WaldurRestoration) {
  const volume = context.findVolume(restoration.volumeUuid);
  return {
    uuid: restoration.uuid,
    created: djangoTimestamp(restoration.createdAt),
    ...(context.restorationDescriptions ? { description: restoration.description } : {}),
    volume: objectUrl(context, "openstack-volumes", restoration.volumeUuid),
    volume_name: volume?.name ?? "",
    volume_state: volume ? stateName(volume.state, context.legacy) : "",
    volume_runtime_state: volume?.runtimeState ?? "",
    volume_size: volume?.size ?? 0,
    volume_device: volume?.attachment?.device ?? "",
  };
}

/** An `/api/openstack-snapshots/` object. */
export function snapshotView(context: ViewContext, snapshot: WaldurSnapshot) {
  const volume = context.findVolume(snapshot.sourceVolumeUuid);
  return {
    ...resourceHead(context, snapshot, "openstack-snapshots", "OpenStack.Snapshot"),
    source_volume: volume ? objectUrl(context, "openstack-volumes", volume.uuid) : null,
    size: snapshot.size,
    metadata: snapshot.metadata,
    runtime_state: snapshot.runtimeState,
    source_volume_name: volume?.name ?? null,
    ...(volume?.marketplaceResourceUuid
      ? { source_volume_marketplace_uuid: volume.marketplaceResourceUuid }
      : {}),
    action: "",
    action_details: {},
    restorations: context.restorationsOf(snapshot.uuid).map((record) => restorationView(context, record)),
    kept_until: snapshot.keptUntil,
    ...marketplaceFields(undefined),
  };
}

/**
 * An `/api/openstack-snapshot-schedules/` object: a resource's head, then the schedule (`retention_time` in
 * days, `next_trigger_at` a DRF timestamp or null) and its source volume.
 */
export function snapshotScheduleView(context: ViewContext, schedule: WaldurSnapshotSchedule) {
  const volume = context.findVolume(schedule.sourceVolumeUuid);
  return {
    ...resourceHead(context, schedule, "openstack-snapshot-schedules", "OpenStack.SnapshotSchedule"),
    retention_time: schedule.retentionTime,
    timezone: schedule.timezone,
    maximal_number_of_resources: schedule.maximalNumberOfResources,
    schedule: schedule.schedule,
    is_active: schedule.isActive,
    next_trigger_at: schedule.nextTriggerAt === null ? null : djangoTimestamp(schedule.nextTriggerAt),
    source_volume: objectUrl(context, "openstack-volumes", schedule.sourceVolumeUuid),
    source_volume_name: volume?.name ?? "",
  };
}

/** An `/api/openstack-volumes/` object. */
export function volumeView(context: ViewContext, volume: WaldurVolume) {
  const owner = project(volume.projectUuid);
  const source =
    volume.sourceSnapshotUuid === null ? undefined : context.findSnapshot(volume.sourceSnapshotUuid);
  const attachment = volume.attachment;
  return {
    ...resourceHead(context, volume, "openstack-volumes", "OpenStack.Volume"),
    source_snapshot: source ? objectUrl(context, "openstack-snapshots", source.uuid) : null,
    size: volume.size,
    bootable: volume.bootable,
    metadata: {},
    image: null,
    image_metadata: "",
    image_name: "",
    type: objectUrl(context, "openstack-volume-types", WALDUR_SEED.volumeTypeUuid),
    type_name: volume.typeName,
    runtime_state: volume.runtimeState,
    availability_zone: objectUrl(
      context,
      "openstack-volume-availability-zones",
      WALDUR_SEED.availabilityZoneUuid,
    ),
    availability_zone_name: volume.availabilityZoneName,
    device: attachment?.device ?? "",
    action: "",
    action_details: {},
    instance: attachment ? objectUrl(context, "openstack-instances", attachment.instanceUuid) : null,
    instance_name: attachment?.instanceName ?? null,
    ...(attachment ? { instance_marketplace_uuid: attachment.instanceMarketplaceUuid } : {}),
    tenant: objectUrl(context, "openstack-tenants", owner.tenantUuid),
    tenant_uuid: owner.tenantUuid,
    extend_enabled: volume.state === "OK",
    ...marketplaceFields(
      volume.marketplaceResourceUuid === undefined
        ? undefined
        : context.findResource(volume.marketplaceResourceUuid),
    ),
  };
}

/** An `/api/marketplace-orders/` object. */
export function orderView(context: ViewContext, order: WaldurOrder) {
  const owner = project(order.projectUuid);
  const volume = context.findVolume(order.volumeUuid);
  return {
    url: objectUrl(context, "marketplace-orders", order.uuid),
    uuid: order.uuid,
    created: djangoTimestamp(order.createdAt),
    modified: djangoTimestamp(order.completedAt ?? order.createdAt),
    type: order.type,
    state: order.state,
    resource_uuid: order.resourceUuid,
    resource_type: "OpenStack.Volume",
    resource_name: volume?.name ?? "",
    offering: objectUrl(context, "marketplace-public-offerings", WALDUR_SEED.offeringUuid),
    offering_uuid: WALDUR_SEED.offeringUuid,
    offering_name: "Volume",
    project_uuid: owner.uuid,
    project_name: owner.name,
    customer_uuid: WALDUR_CUSTOMER.uuid,
    customer_name: WALDUR_CUSTOMER.name,
    created_by_username: WALDUR_SEED.username,
    error_message: order.errorMessage,
    error_traceback: "",
    completed_at: order.completedAt === null ? null : djangoTimestamp(order.completedAt),
  };
}
