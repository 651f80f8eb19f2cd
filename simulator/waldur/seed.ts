/**
 * Ids of the seeded Waldur data, fixed so docs and examples can name them (uuids are 32 hex digits
 * without dashes, as Waldur's). User `alice` is a member of project `Data team`, which holds volume
 * `db-data` (10240 MiB, in use by `db-1`, linked to a marketplace resource) with snapshot schedule
 * `db-data-daily` and three snapshots it made, and volume `scratch` (1024 MiB, available, no marketplace resource). Project
 * `Finance`, which alice cannot see, holds volume `ledger` and its snapshot.
 */
export const WALDUR_SEED = {
  username: "alice",
  password: "alice-password",
  /** alice's static token (40 hex digits). */
  token: "1702d5b8148e9a50eb26c819d989d5cdb4f1de94",
  customerUuid: "a8b48da535ef46d79c77e7bf33da447c",
  projectUuid: "0563aff7ddc54515b8e4a7df714d01a8",
  tenantUuid: "75164c332a8a4ec9909cad936cd055c5",
  serviceSettingsUuid: "f6b09d091d7942e6b79e22041c3746c9",
  otherProjectUuid: "ab9be9406de8428aac8f3f063eed6ee0",
  otherTenantUuid: "98b19619e30f40429b501d22d2d12564",
  otherServiceSettingsUuid: "a06a7779ee304d05abd0a44cacb10592",
  offeringUuid: "7501f4fd224344afaf1eb7b245a57903",
  planUuid: "fa0509ac11324b4aa37fd9c247ea2fa9",
  categoryUuid: "bb6a0df7bc3d49c292618f47caea1bb2",
  volumeTypeUuid: "f9b5c147522440ec88bc712ea830cac7",
  availabilityZoneUuid: "715654e9f14140fabd1bccb897822be6",
  dbDataVolumeUuid: "a0ccbe6ffef54581bf74b5aa93e9f4ca",
  dbDataResourceUuid: "00fc548305934f67910209ae07bc2014",
  /** `db-data-schedule-1`, `-2`, `-3`, oldest first. */
  scheduleSnapshotUuids: [
    "f2ef8acfaec14ab38787bf5873fff9e1",
    "682b742c833d485fab57652914a3ea6e",
    "1a733d5901054be9a0098b236bfd6d98",
  ],
  /** Snapshot schedule `db-data-daily` of `db-data`, which made `db-data-schedule-1..3`. */
  dbDataScheduleUuid: "5c3f0e2a9b7d4e61a8f2c4d6e8b0a1c3",
  scratchVolumeUuid: "f8c01bdcf2984b3d82b22960fe11d0a3",
  otherVolumeUuid: "d54f58192fd14737938695d77b052ab3",
  otherVolumeResourceUuid: "d8471ad9aeed40898324c6d4b546ef92",
  otherSnapshotUuid: "39f6f0931896481581e65896c143bf18",
} as const;

/** A customer (organisation). */
export interface WaldurCustomer {
  readonly uuid: string;
  readonly name: string;
  readonly nativeName: string;
  readonly abbreviation: string;
}

/** A project with its OpenStack tenant and the tenant's service settings. */
export interface WaldurProject {
  readonly uuid: string;
  readonly name: string;
  readonly tenantUuid: string;
  readonly tenantName: string;
  readonly serviceSettingsUuid: string;
  /** Usernames that can see the project's objects. */
  readonly members: readonly string[];
}

/** The one customer. */
export const WALDUR_CUSTOMER: WaldurCustomer = {
  uuid: WALDUR_SEED.customerUuid,
  name: "Research Computing",
  nativeName: "",
  abbreviation: "RC",
};

/** The projects: `Data team` (alice is a member) and `Finance` (she is not). */
export const WALDUR_PROJECTS: readonly WaldurProject[] = [
  {
    uuid: WALDUR_SEED.projectUuid,
    name: "Data team",
    tenantUuid: WALDUR_SEED.tenantUuid,
    tenantName: "data-team",
    serviceSettingsUuid: WALDUR_SEED.serviceSettingsUuid,
    members: [WALDUR_SEED.username],
  },
  {
    uuid: WALDUR_SEED.otherProjectUuid,
    name: "Finance",
    tenantUuid: WALDUR_SEED.otherTenantUuid,
    tenantName: "finance",
    serviceSettingsUuid: WALDUR_SEED.otherServiceSettingsUuid,
    members: [],
  },
];
