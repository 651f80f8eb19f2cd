/**
 * The volumes the simulated Cinder starts with (and returns to on reset), and the specs of volumes and
 * snapshots tests add.
 */
import { stableUuid, uuid4 } from "../core/ids";
import { KEYSTONE_SEED } from "../keystone/seed";
import { type CinderSnapshot, type CinderVolume } from "./models";

/** The admin metadata an attached volume shows among its `metadata`. */
export const ATTACHED_ADMIN_METADATA: Readonly<Record<string, string>> = {
  readonly: "False",
  attached_mode: "rw",
};

/** Fixed ids of the seeded Cinder data, in the default Keystone project. */
export const CINDER_SEED = {
  /** The project whose endpoint serves the volumes (Keystone's default project, `demo`). */
  projectId: KEYSTONE_SEED.project.id,
  /** Volume `data-1`: 1 GiB, `available`. */
  dataVolumeId: stableUuid("cinder:volume:data-1"),
  /** Volume `data-in-use`: 1 GiB, `in-use`, attached to {@link CINDER_SEED.serverId}: back it up with `force`. */
  inUseVolumeId: stableUuid("cinder:volume:data-in-use"),
  /** The server `data-in-use` is attached to. */
  serverId: stableUuid("cinder:server:app-1"),
} as const;

/** A volume to add with `sim.cinder.addVolume(...)`. */
export interface CinderVolumeSpec {
  /** GiB (default 1). */
  readonly size?: number;
  /** `available` (default), `in-use` (attached to a server), `error` or `error_restoring`. */
  readonly status?: "available" | "in-use" | "error" | "error_restoring";
  readonly name?: string | null;
  readonly description?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  /** A fixed id (default: a random UUID). */
  readonly id?: string;
  /** The server an `in-use` volume is attached to (default: a fixed id derived from the volume's). */
  readonly serverId?: string;
}

/** Builds a settled volume from a spec, created at `now`. Throws RangeError for a bad spec. */
export function buildVolume(spec: CinderVolumeSpec, now: number): CinderVolume {
  const size = spec.size ?? 1;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`a volume size is an integer >= 1 GiB, got ${size}`);
  const id = spec.id ?? uuid4();
  const status = spec.status ?? "available";
  return {
    id,
    name: spec.name ?? null,
    description: spec.description ?? null,
    size,
    status,
    metadata: { ...spec.metadata },
    adminMetadata: status === "in-use" ? { ...ATTACHED_ADMIN_METADATA } : {},
    attachment:
      status === "in-use"
        ? {
            attachmentId: stableUuid(`cinder:attachment:${id}`),
            serverId: spec.serverId ?? stableUuid(`cinder:server:${id}`),
            device: "/dev/vdb",
            attachedAt: now,
          }
        : null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A snapshot to add with `sim.cinder.addSnapshot(...)`, of a volume that exists. */
export interface CinderSnapshotSpec {
  /** The volume it is a snapshot of. */
  readonly volumeId: string;
  /** `available` (default) or `error`. */
  readonly status?: "available" | "error";
  readonly name?: string | null;
  readonly description?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  /** A fixed id (default: a random UUID). */
  readonly id?: string;
}

/** Builds a settled snapshot of a volume of `size` GiB from a spec, created at `now`. */
export function buildSnapshot(spec: CinderSnapshotSpec, size: number, now: number): CinderSnapshot {
  return {
    id: spec.id ?? uuid4(),
    volumeId: spec.volumeId,
    name: spec.name ?? null,
    description: spec.description ?? null,
    status: spec.status ?? "available",
    size,
    metadata: { ...spec.metadata },
    createdAt: now,
    updatedAt: now,
  };
}

/** The seeded volumes, created a day before `now`. */
export function buildCinderSeed(now: number): CinderVolume[] {
  const created = now - 24 * 60 * 60 * 1000;
  return [
    buildVolume({ id: CINDER_SEED.dataVolumeId, name: "data-1" }, created),
    buildVolume(
      {
        id: CINDER_SEED.inUseVolumeId,
        name: "data-in-use",
        status: "in-use",
        serverId: CINDER_SEED.serverId,
      },
      created,
    ),
  ];
}
