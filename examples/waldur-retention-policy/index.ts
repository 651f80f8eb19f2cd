// A retention policy over every snapshot a Waldur schedule makes of a volume: keep the last 3, one a day for a
// week, one a week for a month and one a month for half a year; every other snapshot gets kept_until a week from
// the `up` that lets it go, so Waldur's cleanup deletes it then (and a rule changed back in time saves it).
// Snapshots the schedule makes after this `up` are picked up by the next preview: nothing here names a snapshot.
//
// Against the simulator it runs as is (`npm run engine -- up examples/waldur-retention-policy --simulator`).
// Against Waldur:
//   export WALDUR_API_URL=https://waldur.example.com/api/ WALDUR_TOKEN=…
//   pulumi config set volumeUuid <volume uuid>
//   pulumi config set namePrefix <what the schedule's snapshot names start with>
//   pulumi preview    # every kept_until it will set, and why
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { waldur } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Default: the simulator's volume db-data, whose schedule db-data-daily names its snapshots db-data-schedule-….
const volumeUuid = config.get("volumeUuid") ?? "a0ccbe6ffef54581bf74b5aa93e9f4ca";
const namePrefix = config.get("namePrefix") ?? "db-data-schedule-";

// Destroying the stack leaves every snapshot, and its kept_until, as it is.
const policy = new waldur.SnapshotRetention("db-data-retention", {
  sourceVolumeUuid: volumeUuid,
  namePrefix,
  rule: { keepLast: 3, daily: 7, weekly: 4, monthly: 6 },
  graceDays: 7,
});

// What the volume's schedules do on their own: a schedule sets kept_until = creation + retention_time days on
// what it makes and deletes its oldest snapshots beyond maximal_number_of_resources, whatever their kept_until.
// The policy's preview warns where that works against the rule; here the schedules are listed too.
const schedules = waldur.getSnapshotSchedulesOutput({ sourceVolumeUuid: volumeUuid, activeOnly: true });

/** How many snapshots the rule keeps, and how many it lets go. */
export const snapshots = pulumi.interpolate`${policy.keptCount} kept, ${policy.leavingCount} leaving, ${policy.leftAloneCount} left alone`;
/** Where a schedule on the volume works against the rule (empty when none does). */
export const warnings = policy.warnings;
/** The volume's active schedules. */
export const activeSchedules = schedules.apply((found) =>
  found.map(
    (s) => `${s.name}: ${s.schedule}, ${s.retentionDays} days, at most ${s.maximalNumberOfResources}`,
  ),
);
