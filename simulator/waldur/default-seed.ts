import {
  type BuiltVolume,
  buildSnapshot,
  buildSnapshotSchedule,
  buildVolume,
  type WaldurVolumeSpec,
} from "./builders";
import { type WaldurSnapshot, type WaldurSnapshotSchedule, type WaldurVolume } from "./models";
import { WALDUR_SEED } from "./seed";

const DAY_MS = 24 * 3600 * 1000;
const SCHEDULE_NAME = "db-data-daily";

/** How long the seeded schedule keeps its snapshots, in days. */
const RETENTION_DAYS = 7;
const RETENTION_MS = RETENTION_DAYS * DAY_MS;
/** The seeded schedule runs daily at 02:00 UTC. */
const TRIGGER_HOUR_MS = 2 * 3600 * 1000;

/**
 * The default seed, relative to `now` (rounded down to the minute): the schedule's snapshots were
 * taken 3, 2 and 1 days ago and are kept 7 days each (so until 4, 5 and 6 days ahead); the schedule
 * (`0 2 * * *` UTC, at most 10 snapshots) next runs at the coming 02:00 UTC.
 */
export function buildDefaultSeed(now: number): {
  volumes: BuiltVolume[];
  snapshots: WaldurSnapshot[];
  snapshotSchedules: WaldurSnapshotSchedule[];
} {
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
    const description = `Created by snapshot schedule ${SCHEDULE_NAME}`;
    return buildSnapshot(
      { uuid, sourceVolume: dbData.uuid, name, description, keptUntil, createdAt },
      dbData,
      base,
    );
  });
  const spec = { uuid: WALDUR_SEED.otherSnapshotUuid, sourceVolume: ledger.uuid, name: "ledger-snapshot" };
  const other = buildSnapshot({ ...spec, createdAt: base - DAY_MS }, ledger, base);
  const todaysTrigger = Math.floor(base / DAY_MS) * DAY_MS + TRIGGER_HOUR_MS;
  const schedule = buildSnapshotSchedule(
    {
      uuid: WALDUR_SEED.dbDataScheduleUuid,
      sourceVolume: dbData.uuid,
      name: SCHEDULE_NAME,
      description: "Daily snapshots of the PostgreSQL data",
      retentionTime: RETENTION_DAYS,
      maximalNumberOfResources: 10,
      nextTriggerAt: todaysTrigger > base ? todaysTrigger : todaysTrigger + DAY_MS,
      createdAt: base - 4 * DAY_MS,
    },
    dbData,
    base,
  );
  return { volumes, snapshots: [...scheduled, other], snapshotSchedules: [schedule] };
}
