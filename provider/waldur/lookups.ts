/**
 * Waldur lookups: OpenStack snapshots by source volume, name, state and `kept_until`. The source volume filter
 * goes to Waldur; the others are applied here, so they mean the same on every Waldur version.
 */
import { z } from "zod";
import { describeFilters, nothingFound, runLookup, type LookupContext } from "../core/lookup";
import { normaliseState, uuidOfUrl, type WaldurSnapshot } from "./api";
import { WaldurClient } from "./client";
import { requireWaldurConnection, waldurConnectionSchema } from "./connection";
import { canonicalWaldurUuid, dateTime, waldurUuid } from "./inputs";

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

const getSnapshotsSchema = z.strictObject({
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
    (filter.sourceVolumeUuid === undefined || sourceVolumeOf(snapshot) === filter.sourceVolumeUuid) &&
    (filter.name === undefined || snapshot.name === filter.name) &&
    (filter.namePrefix === undefined || snapshot.name.startsWith(filter.namePrefix)) &&
    (filter.state === undefined || snapshot.state === filter.state) &&
    (filter.keptUntilBefore === undefined ||
      (keptUntil !== undefined && keptUntil < Date.parse(filter.keptUntilBefore))) &&
    (filter.keptUntilAfter === undefined ||
      (keptUntil !== undefined && keptUntil > Date.parse(filter.keptUntilAfter)))
  );
}

/** The source volume's uuid, from `source_volume_uuid` or, where a server sends only it, `source_volume`'s URL. */
function sourceVolumeOf(snapshot: WaldurSnapshot): string | undefined {
  const uuid = snapshot.source_volume_uuid ?? uuidOfUrl(snapshot.source_volume);
  return uuid ? canonicalWaldurUuid(uuid) : undefined;
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

function toInfo(snapshot: WaldurSnapshot): WaldurSnapshotInfo {
  return {
    uuid: snapshot.uuid,
    name: snapshot.name,
    description: snapshot.description ?? null,
    state: snapshot.state,
    runtimeState: snapshot.runtime_state ?? null,
    size: snapshot.size ?? null,
    sourceVolumeUuid: sourceVolumeOf(snapshot) ?? null,
    sourceVolumeName: snapshot.source_volume_name ?? null,
    created: snapshot.created ?? null,
    keptUntil: snapshot.kept_until ?? null,
    metadata: typeof snapshot.metadata === "object" && snapshot.metadata ? snapshot.metadata : {},
  };
}
