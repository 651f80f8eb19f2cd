/**
 * What the Waldur API sends, as far as this package reads it, parsed leniently: unknown fields pass, both
 * spellings of `state` are accepted and normalised to the current one (`OK`, `ERRED`, `CREATION_SCHEDULED`, …),
 * and `metadata` may be the empty string Waldur sends until it is first set.
 */
import { z } from "zod";
import { canonicalWaldurUuid } from "./inputs";

const text = z.string().nullish();
const mebibytes = z.union([z.number(), z.string().transform(Number)]).nullish();

/** A Waldur state in the current spelling: "Creation Scheduled" and "CREATION_SCHEDULED" both give the latter. */
export function normaliseState(state: string): string {
  return state
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
}

const state = z.string().transform(normaliseState);

/** A restoration record (`GET /openstack-snapshots/{uuid}/restorations/`). */
export const restorationSchema = z.looseObject({
  uuid: z.string(),
  created: text,
  description: text,
  volume: text,
  volume_name: text,
  volume_state: z.string().transform(normaliseState).nullish(),
  volume_runtime_state: text,
  volume_size: mebibytes,
  volume_device: text,
});

/** A restoration record as read. */
export type WaldurRestoration = z.output<typeof restorationSchema>;

/** An OpenStack snapshot in Waldur. */
export const snapshotSchema = z.looseObject({
  uuid: z.string(),
  url: text,
  name: z.string(),
  description: text,
  state,
  runtime_state: text,
  size: mebibytes,
  backend_id: text,
  source_volume: text,
  source_volume_uuid: text,
  source_volume_name: text,
  created: text,
  kept_until: text,
  metadata: z.union([z.record(z.string(), z.unknown()), z.literal("")]).nullish(),
  error_message: text,
  restorations: z.array(restorationSchema).nullish(),
  /** The schedule that made it: late-2024 servers say so; earlier and newer ones do not. */
  snapshot_schedule_uuid: text,
});

/** A snapshot as read. */
export type WaldurSnapshot = z.output<typeof snapshotSchema>;

/** A snapshot schedule (`/openstack-snapshot-schedules/`). */
export const snapshotScheduleSchema = z.looseObject({
  uuid: z.string(),
  url: text,
  name: z.string(),
  description: text,
  state,
  /** Cron. */
  schedule: z.string(),
  timezone: text,
  /** Days; 0 keeps its snapshots for ever. */
  retention_time: z.number(),
  maximal_number_of_resources: z.number(),
  is_active: z.boolean(),
  next_trigger_at: text,
  source_volume: text,
  source_volume_name: text,
});

/** A snapshot schedule as read. */
export type WaldurSnapshotSchedule = z.output<typeof snapshotScheduleSchema>;

/** An OpenStack volume in Waldur. */
export const volumeSchema = z.looseObject({
  uuid: z.string(),
  url: text,
  name: text,
  description: text,
  state,
  runtime_state: text,
  size: mebibytes,
  device: text,
  source_snapshot: text,
  error_message: text,
  marketplace_resource_uuid: text,
  /** `Terminating` once a terminate order for it is pending, `Terminated` when it is done. */
  marketplace_resource_state: text,
});

/** A volume as read. */
export type WaldurVolume = z.output<typeof volumeSchema>;

/** A marketplace order (`GET /marketplace-orders/{uuid}/`). */
export const orderSchema = z.looseObject({
  uuid: z.string(),
  state: z.string(),
  error_message: text,
});

/** An order as read. */
export type WaldurOrder = z.output<typeof orderSchema>;

/** States of Waldur resources, in the current spelling. */
export const WALDUR_STATES = {
  transitional: [
    "CREATION_SCHEDULED",
    "CREATING",
    "UPDATE_SCHEDULED",
    "UPDATING",
    "DELETION_SCHEDULED",
    "DELETING",
  ],
  ok: ["OK"],
  erred: ["ERRED"],
  /** The transitional states of an object being deleted. */
  deleting: ["DELETION_SCHEDULED", "DELETING"],
} as const;

/**
 * Marketplace order states, as {@link orderStatus} reads them: an order is pending in every `pending-*` state
 * (real servers add states such as `pending-project`), and while `executing`.
 */
export const ORDER_STATES = {
  pending: ["pending", "executing"],
  done: ["done"],
  failed: ["erred", "rejected", "canceled", "cancelled"],
} as const;

/** An order's state as a wait reads it: every `pending-*` state is `pending`. */
export function orderStatus(state: string): string {
  return state.startsWith("pending") ? "pending" : state;
}

/** The uuid a Waldur relation URL ends with (`…/openstack-volumes/<uuid>/`), if it has one. */
export function uuidOfUrl(url: string | null | undefined): string | undefined {
  return url ? /([0-9a-f]{32})\/?$/.exec(url)?.[1] : undefined;
}

/** The source volume's uuid, from `source_volume_uuid` or, where a server sends only it, `source_volume`'s URL. */
export function sourceVolumeUuidOf(item: {
  source_volume_uuid?: string | null;
  source_volume?: string | null;
}): string | undefined {
  const uuid = item.source_volume_uuid ?? uuidOfUrl(item.source_volume);
  return uuid ? canonicalWaldurUuid(uuid) : undefined;
}
