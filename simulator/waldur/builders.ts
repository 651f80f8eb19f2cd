/**
 * Building volumes, snapshots and marketplace resources: for the seed, `addVolume`/`addSnapshot` and the
 * API.
 */
import { stableUuid, uuid4 } from "../core/ids";
import { normaliseDateTime } from "./datetimes";
import {
  type WaldurMarketplaceResource,
  type WaldurResource,
  type WaldurResourceState,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurStableState,
  type WaldurVolume,
} from "./models";
import { WALDUR_SEED } from "./seed";

/** A Waldur uuid: a version-4 UUID as 32 hex digits, no dashes. */
export function waldurUuid(): string {
  return uuid4().replaceAll("-", "");
}

/** A Waldur uuid derived from `seed` (the same seed, the same uuid). */
function stableWaldurUuid(seed: string): string {
  return stableUuid(seed).replaceAll("-", "");
}

/** What `sim.waldur.addVolume` creates. */
export interface WaldurVolumeSpec {
  readonly name: string;
  /** Default: random. */
  readonly uuid?: string;
  readonly description?: string;
  /** MiB (default 1024). */
  readonly size?: number;
  /** Default `OK`. */
  readonly state?: WaldurStableState;
  readonly errorMessage?: string;
  /** Cinder status (default `in-use` when attached, else `available`; `error` when `ERRED`). */
  readonly runtimeState?: string;
  readonly bootable?: boolean;
  /** Name of an instance it is attached to as `/dev/vdb` (default: not attached). */
  readonly attachedTo?: string;
  /** Whether it has a marketplace resource, which is how it gets deleted (default true). */
  readonly marketplace?: boolean;
  /** The marketplace resource's uuid (default: random). */
  readonly marketplaceResourceUuid?: string;
  /** Default: the `Data team` project. */
  readonly projectUuid?: string;
  /** The uuid of the snapshot it was restored from (default: none). */
  readonly sourceSnapshot?: string;
  /** ms since the epoch (default: now). */
  readonly createdAt?: number;
}

/** What `sim.waldur.addSnapshot` creates: a snapshot "made by a schedule", finished. */
export interface WaldurSnapshotSpec {
  /** The source volume's uuid; the snapshot takes its size and project. */
  readonly sourceVolume: string;
  readonly name: string;
  /** Default: random. */
  readonly uuid?: string;
  readonly description?: string;
  /** ISO date-time (any zone; stored normalised to UTC) or null (default null: keep forever). */
  readonly keptUntil?: string | null;
  /**
   * Default `OK`. A transitional state given here stays until something changes it (a stuck
   * snapshot); use `makeBusy` for one that ends.
   */
  readonly state?: WaldurResourceState;
  readonly errorMessage?: string;
  /** Default `""` (never set). */
  readonly metadata?: unknown;
  /** ms since the epoch (default: now). */
  readonly createdAt?: number;
}

/** What `sim.waldur.addSnapshotSchedule` creates: a schedule on an existing volume. */
export interface WaldurSnapshotScheduleSpec {
  /** The source volume's uuid; the schedule takes its project. */
  readonly sourceVolume: string;
  readonly name: string;
  /** Default: random. */
  readonly uuid?: string;
  readonly description?: string;
  /** Cron (default `0 2 * * *`: daily at 02:00). */
  readonly schedule?: string;
  /** Days each snapshot is kept (default 7; 0: for ever). */
  readonly retentionTime?: number;
  /** How many of its snapshots it keeps at most (default 10). */
  readonly maximalNumberOfResources?: number;
  /** Default true. */
  readonly isActive?: boolean;
  /** Default `UTC`. */
  readonly timezone?: string;
  /** ms since the epoch (default: null, as Waldur shows for a schedule it has not planned). */
  readonly nextTriggerAt?: number | null;
  /** Default `OK`. */
  readonly state?: WaldurStableState;
  /** ms since the epoch (default: now). */
  readonly createdAt?: number;
}

/** A volume and, when it has one, its marketplace resource. */
export interface BuiltVolume {
  readonly volume: WaldurVolume;
  readonly resource?: WaldurMarketplaceResource;
}

/** A marketplace resource for a volume, in the seeded offering. */
export function marketplaceResource(
  volume: Pick<WaldurVolume, "uuid" | "projectUuid">,
  uuid: string = waldurUuid(),
): WaldurMarketplaceResource {
  return {
    uuid,
    volumeUuid: volume.uuid,
    projectUuid: volume.projectUuid,
    offeringUuid: WALDUR_SEED.offeringUuid,
    planUuid: WALDUR_SEED.planUuid,
    categoryUuid: WALDUR_SEED.categoryUuid,
    state: "OK",
  };
}

type ResourceSpec = Pick<
  WaldurSnapshotSpec,
  "uuid" | "name" | "description" | "state" | "errorMessage" | "createdAt"
>;

/** The identity every Waldur object built at `now` has: uuid, name, description and creation time. */
function identityFields(
  spec: Pick<ResourceSpec, "uuid" | "name" | "description" | "createdAt">,
  now: number,
) {
  const createdAt = spec.createdAt ?? now;
  return {
    uuid: spec.uuid ?? waldurUuid(),
    name: spec.name,
    description: spec.description ?? "",
    createdAt,
    modifiedAt: createdAt,
  };
}

/** The fields volumes and snapshots share, for a `kind` ("volume", "snapshot") built at `now`. */
function resourceFields(
  kind: string,
  spec: ResourceSpec,
  owner: Pick<WaldurResource, "projectUuid" | "size" | "runtimeState">,
  now: number,
): WaldurResource {
  const identity = identityFields(spec, now);
  return {
    ...identity,
    ...owner,
    state: spec.state ?? "OK",
    errorMessage: spec.errorMessage ?? "",
    backendId: stableUuid(`waldur-${kind}:${identity.uuid}`),
    transition: null,
  };
}

/** Builds a finished volume (and its marketplace resource) from a spec. */
export function buildVolume(spec: WaldurVolumeSpec, now: number): BuiltVolume {
  const attachment =
    spec.attachedTo === undefined
      ? null
      : {
          instanceUuid: stableWaldurUuid(`waldur-instance:${spec.attachedTo}`),
          instanceName: spec.attachedTo,
          instanceMarketplaceUuid: stableWaldurUuid(`waldur-instance-resource:${spec.attachedTo}`),
          device: "/dev/vdb",
        };
  const fallbackRuntime = spec.state === "ERRED" ? "error" : attachment ? "in-use" : "available";
  const base = resourceFields(
    "volume",
    spec,
    {
      projectUuid: spec.projectUuid ?? WALDUR_SEED.projectUuid,
      size: spec.size ?? 1024,
      runtimeState: spec.runtimeState ?? fallbackRuntime,
    },
    now,
  );
  const resource =
    spec.marketplace === false ? undefined : marketplaceResource(base, spec.marketplaceResourceUuid);
  const volume: WaldurVolume = {
    ...base,
    bootable: spec.bootable ?? false,
    typeName: "ssd",
    availabilityZoneName: "nova",
    sourceSnapshotUuid: spec.sourceSnapshot ?? null,
    attachment,
    ...(resource ? { marketplaceResourceUuid: resource.uuid } : {}),
  };
  return { volume, ...(resource ? { resource } : {}) };
}

/** Builds a finished snapshot of `volume` from a spec. Throws RangeError for a bad `keptUntil`. */
export function buildSnapshot(spec: WaldurSnapshotSpec, volume: WaldurVolume, now: number): WaldurSnapshot {
  const runtimeState = spec.state === "ERRED" ? "error" : "available";
  return {
    ...resourceFields(
      "snapshot",
      spec,
      { projectUuid: volume.projectUuid, size: volume.size, runtimeState },
      now,
    ),
    sourceVolumeUuid: volume.uuid,
    metadata: spec.metadata ?? "",
    keptUntil: checkedKeptUntil(spec.keptUntil ?? null),
  };
}

/** Builds a snapshot schedule of `volume` from a spec. RangeError for a negative or fractional count. */
export function buildSnapshotSchedule(
  spec: WaldurSnapshotScheduleSpec,
  volume: WaldurVolume,
  now: number,
): WaldurSnapshotSchedule {
  const retentionTime = spec.retentionTime ?? 7;
  const maximalNumberOfResources = spec.maximalNumberOfResources ?? 10;
  for (const [field, value] of Object.entries({ retentionTime, maximalNumberOfResources })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`invalid ${field} ${value}`);
  }
  return {
    ...identityFields(spec, now),
    projectUuid: volume.projectUuid,
    sourceVolumeUuid: volume.uuid,
    schedule: spec.schedule ?? "0 2 * * *",
    retentionTime,
    maximalNumberOfResources,
    isActive: spec.isActive ?? true,
    timezone: spec.timezone ?? "UTC",
    nextTriggerAt: spec.nextTriggerAt ?? null,
    state: spec.state ?? "OK",
    errorMessage: "",
    backendId: "",
  };
}

/** A `kept_until` given in-process, normalised; RangeError when DRF would refuse it. */
export function checkedKeptUntil(value: string | null): string | null {
  if (value === null) return null;
  const normalised = normaliseDateTime(value);
  if (normalised === undefined) throw new RangeError(`invalid kept_until ${JSON.stringify(value)}`);
  return normalised;
}
