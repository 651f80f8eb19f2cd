import { type BuiltVolume, buildSnapshot, buildVolume, type WaldurVolumeSpec } from "./builders";
import { type WaldurSnapshot, type WaldurVolume } from "./models";
import { WALDUR_SEED } from "./seed";

const DAY_MS = 24 * 3600 * 1000;

/** How long the seeded schedule keeps its snapshots. */
const RETENTION_MS = 7 * DAY_MS;

/**
 * The default seed, relative to `now` (rounded down to the minute): the schedule's snapshots were
 * taken 3, 2 and 1 days ago and are kept 7 days each (so until 4, 5 and 6 days ahead).
 */
export function buildDefaultSeed(now: number): { volumes: BuiltVolume[]; snapshots: WaldurSnapshot[] } {
  const base = Math.floor(now / 60_000) * 60_000;
  const specs: WaldurVolumeSpec[] = [
    {
      uuid: WALDUR_SEED.dbDataVolumeUuid,
      name: "db-data",
      description: "PostgreSQL data",
      size: 10240,
      attachedTo: "db-1",
      marketplaceResourceUuid: WALDUR_SEED.dbDataResourceUuid,
      createdAt: base - 30 * DAY_MS,
    },
    {
      uuid: WALDUR_SEED.scratchVolumeUuid,
      name: "scratch",
      marketplace: false,
      createdAt: base - 10 * DAY_MS,
    },
    {
      uuid: WALDUR_SEED.otherVolumeUuid,
      name: "ledger",
      size: 2048,
      projectUuid: WALDUR_SEED.otherProjectUuid,
      marketplaceResourceUuid: WALDUR_SEED.otherVolumeResourceUuid,
      createdAt: base - 20 * DAY_MS,
    },
  ];
  const volumes = specs.map((spec) => buildVolume(spec, base));
  const [dbData, , ledger] = volumes.map((built) => built.volume) as [
    WaldurVolume,
    WaldurVolume,
    WaldurVolume,
  ];
  const scheduled = WALDUR_SEED.scheduleSnapshotUuids.map((uuid, index) => {
    const createdAt = base - (3 - index) * DAY_MS;
    const keptUntil = new Date(createdAt + RETENTION_MS).toISOString();
    const name = `db-data-schedule-${index + 1}`;
    const description = "Created by snapshot schedule db-data-daily";
    return buildSnapshot(
      { uuid, sourceVolume: dbData.uuid, name, description, keptUntil, createdAt },
      dbData,
      base,
    );
  });
  const spec = { uuid: WALDUR_SEED.otherSnapshotUuid, sourceVolume: ledger.uuid, name: "ledger-snapshot" };
  const other = buildSnapshot({ ...spec, createdAt: base - DAY_MS }, ledger, base);
  return { volumes, snapshots: [...scheduled, other] };
}
