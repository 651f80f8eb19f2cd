import { createHash } from "node:crypto";
import { stableUuid, uuid4 } from "../core/ids";
import { KEYSTONE_SEED } from "../keystone/seed";
import {
  type Flavor,
  type ProtectedInstance,
  type Snapshot,
  type SnapshotStatus,
  type Workload,
} from "./models";

/**
 * Ids of the seeded Trilio data, fixed so docs and examples can name them. Workload `web` protects
 * `web-1` and `web-2` (original VMs gone: every restore kind works); workload `db` protects `db-1`,
 * whose original VM still exists (a one-click restore of it fails asynchronously). Each has a full and
 * a newer incremental snapshot, both `available`; `webSnapshotId`/`dbSnapshotId` are the newest.
 */
export const TRILIO_SEED = {
  projectId: KEYSTONE_SEED.project.id,
  userId: KEYSTONE_SEED.user.id,
  webWorkloadId: "3b90a216-cd18-41ab-b351-d105b4a24a34",
  web1InstanceId: "b0464621-81a2-4641-9748-c082142171ec",
  web2InstanceId: "0d0ee985-ee8e-478a-b5bd-e6a6929ef7fc",
  webFullSnapshotId: "79866a73-05aa-431e-b13b-dfb4c5b09517",
  webSnapshotId: "05e24514-7dec-42c7-a9a3-2540a3adda65",
  dbWorkloadId: "a3cd5e25-fe4e-49dd-903c-7e0de930126b",
  db1InstanceId: "2f2a465a-02ee-43e1-a29b-3d528d96ae4f",
  dbFullSnapshotId: "1412db2d-7dda-4a05-9f73-53a55fbfdf13",
  dbSnapshotId: "0114368b-5d55-4054-9083-abce6e8d84c5",
  networkId: "cf109154-ab10-4ff5-8eaa-c72130ab69d0",
  subnetId: "5247f8c7-d17f-4b4c-9f76-0b50a9e87347",
} as const;

/** An instance of a {@link WorkloadSpec}. */
export interface InstanceSpec {
  /** Original VM id (default: random). */
  readonly id?: string;
  readonly name: string;
  /** Size of each volume in GB; one boot volume per entry (default `[10]`). */
  readonly volumeSizesGb?: readonly number[];
  /** Default: 1 vCPU, 512 MB, 1 GB disk, flavor id `"1"`. */
  readonly flavor?: Flavor;
  /** Extra instance metadata (`workload_id` and `workload_name` are always set). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A snapshot of a {@link WorkloadSpec}. */
export interface SnapshotSpec {
  /** Default: random. */
  readonly id?: string;
  /** Default: `<workload>-snapshot-<n>`. */
  readonly name?: string;
  /** Default: the first snapshot is `full`, later ones `incremental`. */
  readonly type?: "full" | "incremental";
  /** Default `available`. */
  readonly status?: SnapshotStatus;
}

/** What `sim.trilio.addWorkload` creates: a workload, its instances and its snapshots. */
export interface WorkloadSpec {
  /** Default: random. */
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  /** Instance names or specs (default: one instance `<name>-1`). */
  readonly instances?: readonly (string | InstanceSpec)[];
  /** Snapshots, oldest first (default: one full `available` snapshot). */
  readonly snapshots?: readonly SnapshotSpec[];
  /** Whether the original VMs still exist, which makes a one-click restore fail (default false). */
  readonly originalVmsExist?: boolean;
}

/** Ids of a workload created from a {@link WorkloadSpec}. */
export interface SeededWorkload {
  readonly workloadId: string;
  readonly instanceIds: readonly string[];
  /** Oldest first; the last one is the newest. */
  readonly snapshotIds: readonly string[];
}

/** A workload with its snapshots, ready to be added to the state. */
export interface BuiltWorkload {
  readonly workload: Workload;
  readonly snapshots: Snapshot[];
}

const GIB = 1024 ** 3;
const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_FLAVOR: Flavor = { vcpus: 1, ram: 512, disk: 1, swap: "", ephemeral: 0, id: "1" };

/** When the default seed's data was "created": times are fixed so the seed is the same on every run. */
const SEEDED_AT_MS = Date.UTC(2026, 10, 22, 0, 0, 0);

function hashBytes(seed: string): Buffer {
  return createHash("sha256").update(seed).digest();
}

function macAddress(instanceId: string): string {
  const bytes = hashBytes(`mac:${instanceId}`);
  return ["fa", "16", "3e", ...[0, 1, 2].map((i) => (bytes[i] ?? 0).toString(16).padStart(2, "0"))].join(":");
}

function ipAddress(instanceId: string): string {
  const bytes = hashBytes(`ip:${instanceId}`);
  return `10.0.${bytes[0] ?? 0}.${((bytes[1] ?? 0) % 250) + 3}`;
}

function buildInstance(
  spec: string | InstanceSpec,
  workload: { id: string; name: string },
): ProtectedInstance {
  const instance: InstanceSpec = typeof spec === "string" ? { name: spec } : spec;
  const id = instance.id ?? uuid4();
  return {
    id,
    name: instance.name,
    metadata: { ...instance.metadata, workload_id: workload.id, workload_name: workload.name },
    flavor: instance.flavor ?? DEFAULT_FLAVOR,
    vdisks: (instance.volumeSizesGb ?? [10]).map((sizeGb, index) => ({
      id: stableUuid(`volume:${id}:${index}`),
      name: index === 0 ? `${instance.name}-boot` : `${instance.name}-data-${index}`,
      volumeSizeGb: sizeGb,
      volumeType: "iscsi",
      availabilityZone: "nova",
    })),
    nics: [
      {
        macAddress: macAddress(id),
        ipAddress: ipAddress(id),
        networkId: TRILIO_SEED.networkId,
        networkName: "internal",
        subnetId: TRILIO_SEED.subnetId,
      },
    ],
  };
}

/**
 * Builds a workload and its snapshots from a spec. Snapshots are a day apart, the newest a day
 * before `now`; the workload was created a week before the first snapshot.
 */
export function buildWorkload(spec: WorkloadSpec, now: number): BuiltWorkload {
  const id = spec.id ?? uuid4();
  const owner = { projectId: TRILIO_SEED.projectId, userId: TRILIO_SEED.userId };
  const instances = (spec.instances ?? [`${spec.name}-1`]).map((instance) =>
    buildInstance(instance, { id, name: spec.name }),
  );
  const restoreSize = instances
    .flatMap((instance) => instance.vdisks)
    .reduce((total, vdisk) => total + vdisk.volumeSizeGb * GIB, 0);
  const snapshotSpecs = spec.snapshots ?? [{}];
  const snapshots = snapshotSpecs.map((snapshot, index): Snapshot => {
    const snapshotType = snapshot.type ?? (index === 0 ? "full" : "incremental");
    const createdAt = now - (snapshotSpecs.length - index) * DAY_MS;
    return {
      id: snapshot.id ?? uuid4(),
      name: snapshot.name ?? `${spec.name}-snapshot-${index + 1}`,
      description: `${snapshotType === "full" ? "Full" : "Incremental"} snapshot of workload ${spec.name}`,
      workloadId: id,
      ...owner,
      snapshotType,
      status: snapshot.status ?? "available",
      size: Math.round(restoreSize * (snapshotType === "full" ? 0.25 : 0.02)),
      restoreSize,
      createdAt,
      finishedAt: createdAt + 7 * 60 * 1000,
      host: "TVM1",
      instances,
    };
  });
  const workload: Workload = {
    id,
    name: spec.name,
    description: spec.description ?? `Workload ${spec.name}`,
    status: "available",
    ...owner,
    createdAt: now - (snapshotSpecs.length + 7) * DAY_MS,
    instances,
    originalVmsExist: spec.originalVmsExist ?? false,
  };
  return { workload, snapshots };
}

/** The default seed's workload specs (`web` and `db`, see {@link TRILIO_SEED}). */
export const DEFAULT_WORKLOAD_SPECS: readonly WorkloadSpec[] = [
  {
    id: TRILIO_SEED.webWorkloadId,
    name: "web",
    description: "Web tier",
    instances: [
      { id: TRILIO_SEED.web1InstanceId, name: "web-1", metadata: { role: "web" } },
      { id: TRILIO_SEED.web2InstanceId, name: "web-2", metadata: { role: "web" } },
    ],
    snapshots: [
      { id: TRILIO_SEED.webFullSnapshotId, name: "web-full", type: "full" },
      { id: TRILIO_SEED.webSnapshotId, name: "web-incremental", type: "incremental" },
    ],
    originalVmsExist: false,
  },
  {
    id: TRILIO_SEED.dbWorkloadId,
    name: "db",
    description: "Database tier",
    instances: [
      {
        id: TRILIO_SEED.db1InstanceId,
        name: "db-1",
        volumeSizesGb: [20, 100],
        flavor: { vcpus: 2, ram: 4096, disk: 20, swap: "0", ephemeral: 0, id: "3" },
        metadata: { role: "db" },
      },
    ],
    snapshots: [
      { id: TRILIO_SEED.dbFullSnapshotId, name: "db-full", type: "full" },
      { id: TRILIO_SEED.dbSnapshotId, name: "db-incremental", type: "incremental" },
    ],
    originalVmsExist: true,
  },
];

/** The default seed, built with fixed times. */
export function buildDefaultSeed(): BuiltWorkload[] {
  return DEFAULT_WORKLOAD_SPECS.map((spec) => buildWorkload(spec, SEEDED_AT_MS));
}
