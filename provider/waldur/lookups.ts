/**
 * Waldur lookups: OpenStack snapshots by source volume, name, state and `kept_until`, and a volume's snapshot
 * schedules. The source volume filter goes to Waldur (and is checked again here: django-filter ignores a filter
 * a server does not know); the others are applied here, so they mean the same on every Waldur version.
 */
import { z } from "zod";
import { ProviderError } from "../core/errors";
import { describeFilters, nothingFound, runLookup, type LookupContext } from "../core/lookup";
import { normaliseState, sourceVolumeUuidOf, type WaldurSnapshot, type WaldurSnapshotSchedule } from "./api";
import { servesNoSchedules, WaldurClient } from "./client";
import { requireWaldurConnection, waldurConnectionSchema } from "./connection";
import { dateTime, waldurUuid } from "./inputs";

/** A snapshot as a lookup returns it. */
export interface WaldurSnapshotInfo {
  uuid: string;
  name: string;
  description: string | null;
  /** Waldur's state in the current spelling: "OK", "ERRED", "CREATING", … */
  state: string;
  /** The raw Cinder status. */
  runtimeState: string | null;
  /** MiB. */
  size: number | null;
  sourceVolumeUuid: string | null;
  sourceVolumeName: string | null;
  /** ISO date-time. */
  created: string | null;
  /** When Waldur deletes it (ISO date-time), or null: kept for ever. */
  keptUntil: string | null;
  metadata: Record<string, unknown>;
}

/** The arguments of `getSnapshots`. */
export const getSnapshotsSchema = z.strictObject({
  sourceVolumeUuid: waldurUuid.optional(),
  name: z.string().optional(),
  namePrefix: z.string().optional(),
  state: z.string().transform(normaliseState).optional(),
  keptUntilBefore: dateTime.optional(),
  keptUntilAfter: dateTime.optional(),
  /** When true, no match is an error naming the filters (default false: an empty list). */
  required: z.boolean().optional(),
  connection: waldurConnectionSchema.optional(),
});

type SnapshotFilter = z.output<typeof getSnapshotsSchema>;

/**
 * The snapshots matching every filter given, newest first, read across all pages. `keptUntilBefore` and
 * `keptUntilAfter` match only snapshots with a `kept_until` (one kept for ever is neither before nor after).
 */
export function getSnapshots(args: unknown, context: LookupContext = {}): Promise<WaldurSnapshotInfo[]> {
  return runLookup("waldur.getSnapshots", getSnapshotsSchema, args, context, async (filter) => {
    const client = new WaldurClient(requireWaldurConnection(filter.connection));
    const query: Record<string, string> = filter.sourceVolumeUuid
      ? { source_volume_uuid: filter.sourceVolumeUuid }
      : {};
    const found = (await client.listSnapshots(query))
      .filter((snapshot) => matches(snapshot, filter))
      .map(toInfo)
      .sort((a, b) => Date.parse(b.created ?? "") - Date.parse(a.created ?? ""));
    if (found.length === 0 && filter.required) {
      throw nothingFound("waldur.getSnapshots", `Waldur snapshot ${describe(filter)}`.trimEnd());
    }
    return found;
  });
}

function matches(snapshot: WaldurSnapshot, filter: SnapshotFilter): boolean {
  const keptUntil = snapshot.kept_until ? Date.parse(snapshot.kept_until) : undefined;
  return (
    (filter.sourceVolumeUuid === undefined || sourceVolumeUuidOf(snapshot) === filter.sourceVolumeUuid) &&
    (filter.name === undefined || snapshot.name === filter.name) &&
    (filter.namePrefix === undefined || snapshot.name.startsWith(filter.namePrefix)) &&
    (filter.state === undefined || snapshot.state === filter.state) &&
    (filter.keptUntilBefore === undefined ||
      (keptUntil !== undefined && keptUntil < Date.parse(filter.keptUntilBefore))) &&
    (filter.keptUntilAfter === undefined ||
      (keptUntil !== undefined && keptUntil > Date.parse(filter.keptUntilAfter)))
  );
}

function describe(filter: SnapshotFilter): string {
  return describeFilters([
    filter.sourceVolumeUuid !== undefined && `of volume ${filter.sourceVolumeUuid}`,
    filter.name !== undefined && `named "${filter.name}"`,
    filter.namePrefix !== undefined && `whose name starts with "${filter.namePrefix}"`,
    filter.state !== undefined && `in state ${filter.state}`,
    filter.keptUntilBefore !== undefined && `kept until before ${filter.keptUntilBefore}`,
    filter.keptUntilAfter !== undefined && `kept until after ${filter.keptUntilAfter}`,
  ]);
}

/** What every Waldur object a lookup returns starts with. */
function head(item: { uuid: string; name: string; description?: string | null; state: string }) {
  return { uuid: item.uuid, name: item.name, description: item.description ?? null, state: item.state };
}

function toInfo(snapshot: WaldurSnapshot): WaldurSnapshotInfo {
  return {
    ...head(snapshot),
    runtimeState: snapshot.runtime_state ?? null,
    size: snapshot.size ?? null,
    sourceVolumeUuid: sourceVolumeUuidOf(snapshot) ?? null,
    sourceVolumeName: snapshot.source_volume_name ?? null,
    created: snapshot.created ?? null,
    keptUntil: snapshot.kept_until ?? null,
    metadata: typeof snapshot.metadata === "object" && snapshot.metadata ? snapshot.metadata : {},
  };
}

/** A snapshot schedule as a lookup returns it. */
export interface WaldurSnapshotScheduleInfo {
  uuid: string;
  name: string;
  description: string | null;
  /** Waldur's state in the current spelling: "OK", "ERRED", … */
  state: string;
  /** When it runs: cron, five fields ("0 2 * * *"), in `timezone`. */
  schedule: string;
  /** The IANA zone the cron runs in, or null where the server sends none. */
  timezone: string | null;
  /** Days each snapshot it makes is kept (its `kept_until` = creation + this); 0: kept for ever. */
  retentionDays: number;
  /** It deletes its oldest snapshots beyond this many, whatever their `kept_until`. */
  maximalNumberOfResources: number;
  isActive: boolean;
  /** When it runs next (ISO date-time), or null. */
  nextTriggerAt: string | null;
  sourceVolumeUuid: string | null;
  sourceVolumeName: string | null;
}

/** The arguments of `getSnapshotSchedules`. */
export const getSnapshotSchedulesSchema = z.strictObject({
  sourceVolumeUuid: waldurUuid,
  /** Only the schedules that run (`is_active`). */
  activeOnly: z.boolean().optional(),
  /** When true, no match is an error naming the filters (default false: an empty list). */
  required: z.boolean().optional(),
  connection: waldurConnectionSchema.optional(),
});

/** The snapshot schedules of a volume (only the active ones with `activeOnly`), by name, read across all pages. */
export function getSnapshotSchedules(
  args: unknown,
  context: LookupContext = {},
): Promise<WaldurSnapshotScheduleInfo[]> {
  const name = "waldur.getSnapshotSchedules";
  return runLookup(name, getSnapshotSchedulesSchema, args, context, async (filter) => {
    const client = new WaldurClient(requireWaldurConnection(filter.connection));
    const listed = await client
      .listSnapshotSchedules({ source_volume_uuid: filter.sourceVolumeUuid })
      .catch((error: unknown) => {
        throw servesNoSchedules(error) ? withoutSchedules(error) : error;
      });
    const found = listed
      .filter(
        (schedule) =>
          sourceVolumeUuidOf(schedule) === filter.sourceVolumeUuid &&
          (!filter.activeOnly || schedule.is_active),
      )
      .map(toScheduleInfo)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (found.length === 0 && filter.required) {
      const active = filter.activeOnly ? "active " : "";
      throw nothingFound(name, `${active}Waldur snapshot schedule of volume ${filter.sourceVolumeUuid}`);
    }
    return found;
  });
}

/** What a Waldur that serves no snapshot schedules (releases since their removal) makes the lookup say. */
function withoutSchedules(error: ProviderError): ProviderError {
  return new ProviderError(
    "this Waldur serves no snapshot schedules (GET /openstack-snapshot-schedules/ answered 404: Waldur releases " +
      "since their removal have none); check the connection's apiUrl, or do without the schedules",
    { status: error.status, requestId: error.requestId },
  );
}

function toScheduleInfo(schedule: WaldurSnapshotSchedule): WaldurSnapshotScheduleInfo {
  return {
    ...head(schedule),
    schedule: schedule.schedule,
    timezone: schedule.timezone ?? null,
    retentionDays: schedule.retention_time,
    maximalNumberOfResources: schedule.maximal_number_of_resources,
    isActive: schedule.is_active,
    nextTriggerAt: schedule.next_trigger_at ?? null,
    sourceVolumeUuid: sourceVolumeUuidOf(schedule) ?? null,
    sourceVolumeName: schedule.source_volume_name ?? null,
  };
}
