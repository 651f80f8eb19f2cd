/**
 * Waldur state as the simulator keeps it (camelCase, times in ms since the epoch, states in the current
 * spelling). The JSON the API sends is rendered from these in `views.ts`, where the spelling and the
 * vendor quirks live.
 */

/** Waldur's resource states, current spelling (the legacy spelling is a rendering choice). */
export type WaldurResourceState =
  | "CREATION_SCHEDULED"
  | "CREATING"
  | "UPDATE_SCHEDULED"
  | "UPDATING"
  | "DELETION_SCHEDULED"
  | "DELETING"
  | "OK"
  | "ERRED";

/** A state an object rests in (no operation running). */
export type WaldurStableState = "OK" | "ERRED";

/** One transitional state of a {@link WaldurTransition} and when it ends. */
export interface WaldurTransitionStep {
  readonly state: WaldurResourceState;
  /** The Cinder status meanwhile; unchanged when absent. */
  readonly runtimeState?: string;
  /** End of the step, ms since the epoch. */
  readonly until: number;
}

/** Where a transition ends: a stable state, or `"gone"` (the object is deleted). */
export type WaldurTransitionEnd =
  | {
      readonly state: WaldurStableState;
      readonly runtimeState?: string;
      /** `error_message` afterwards (`""` clears it); unchanged when absent. */
      readonly errorMessage?: string;
    }
  | "gone";

/** An operation under way on a volume or a snapshot: its steps, then its end. */
export interface WaldurTransition {
  readonly steps: readonly WaldurTransitionStep[];
  readonly end: WaldurTransitionEnd;
}

/** The fields volumes and snapshots share: identity, ownership and lifecycle. */
export interface WaldurResource {
  /** 32 hex digits, no dashes. */
  readonly uuid: string;
  name: string;
  description: string;
  /** The project the object belongs to (its customer and tenant follow from it). */
  readonly projectUuid: string;
  /** MiB. */
  readonly size: number;
  state: WaldurResourceState;
  /** The raw Cinder status (`available`, `in-use`, `creating`, `error`, ...). */
  runtimeState: string;
  errorMessage: string;
  /** The Cinder id (a dashed UUID). */
  readonly backendId: string;
  readonly createdAt: number;
  modifiedAt: number;
  /** The operation under way, if any. */
  transition: WaldurTransition | null;
}

/** The instance a volume is attached to. */
export interface WaldurAttachment {
  readonly instanceUuid: string;
  readonly instanceName: string;
  /** The instance's marketplace resource. */
  readonly instanceMarketplaceUuid: string;
  /** `/dev/vdb`, ... */
  readonly device: string;
}

/** An OpenStack volume (`/api/openstack-volumes/`). */
export interface WaldurVolume extends WaldurResource {
  readonly bootable: boolean;
  readonly typeName: string;
  readonly availabilityZoneName: string;
  /** The snapshot it was restored from (the URL renders null once that snapshot is gone). */
  readonly sourceSnapshotUuid: string | null;
  readonly attachment: WaldurAttachment | null;
  /** Its marketplace resource; absent: the volume cannot be deleted through the API. */
  readonly marketplaceResourceUuid?: string;
}

/** An OpenStack snapshot (`/api/openstack-snapshots/`). */
export interface WaldurSnapshot extends WaldurResource {
  readonly sourceVolumeUuid: string;
  /** The string `""` until first set, then what was sent (an object). */
  metadata: unknown;
  /** Normalised UTC ISO time (`2026-12-22T10:00:00Z`), or null: keep forever. */
  keptUntil: string | null;
}

/**
 * A snapshot schedule (`/api/openstack-snapshot-schedules/`): what Waldur's scheduler would run on a volume. The
 * simulator lists it but does not run it (snapshots "made by a schedule" come from `addSnapshot`).
 */
export interface WaldurSnapshotSchedule {
  /** 32 hex digits, no dashes. */
  readonly uuid: string;
  readonly name: string;
  readonly description: string;
  readonly projectUuid: string;
  /** Goes with its volume. */
  readonly sourceVolumeUuid: string;
  /** Cron, five fields (`0 2 * * *`). */
  readonly schedule: string;
  /** Days a snapshot it makes is kept (`kept_until` = creation + this); 0 keeps it for ever. */
  readonly retentionTime: number;
  /** It deletes its oldest snapshots beyond this many, whatever their `kept_until`. */
  readonly maximalNumberOfResources: number;
  readonly isActive: boolean;
  /** An IANA zone name the cron runs in. */
  readonly timezone: string;
  /** ms since the epoch, or null (not active). */
  readonly nextTriggerAt: number | null;
  readonly state: WaldurStableState;
  readonly errorMessage: string;
  readonly backendId: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

/** A restoration record: a volume made from a snapshot. Disappears with either of them. */
export interface WaldurRestoration {
  readonly uuid: string;
  readonly snapshotUuid: string;
  readonly volumeUuid: string;
  readonly description: string;
  readonly createdAt: number;
}

/** A marketplace resource's state (marketplace spelling). */
export type WaldurMarketplaceState = "OK" | "Terminating" | "Terminated";

/** A marketplace resource standing for a volume. */
export interface WaldurMarketplaceResource {
  readonly uuid: string;
  readonly volumeUuid: string;
  readonly projectUuid: string;
  readonly offeringUuid: string;
  readonly planUuid: string;
  readonly categoryUuid: string;
  state: WaldurMarketplaceState;
}

/** Marketplace order states, in lifecycle order before the terminal ones. */
export type WaldurOrderState =
  | "pending-project"
  | "pending-consumer"
  | "pending-provider"
  | "executing"
  | "done"
  | "erred"
  | "rejected"
  | "canceled";

/** The states an order passes through before it ends, in order (at least one). */
export type WaldurOrderSteps = readonly [WaldurOrderState, ...WaldurOrderState[]];

/** How an order ends: `"done"`, or a failure with its message. */
export type WaldurOrderOutcome =
  "done" | { readonly state: "erred" | "rejected" | "canceled"; readonly errorMessage?: string };

/** How a create ends: `"OK"`, or `ERRED` with its message. */
export type WaldurCreateOutcome = "OK" | { readonly state: "ERRED"; readonly errorMessage?: string };

/** A marketplace order (only `Terminate` orders are simulated). */
export interface WaldurOrder {
  readonly uuid: string;
  readonly type: "Terminate";
  readonly resourceUuid: string;
  readonly volumeUuid: string;
  readonly projectUuid: string;
  readonly createdAt: number;
  readonly durationMs: number;
  /** Its running states, each an equal share of `durationMs` (decided when the order is made). */
  readonly steps: WaldurOrderSteps;
  /** Decided when the order is made. */
  readonly outcome: WaldurOrderOutcome;
  state: WaldurOrderState;
  errorMessage: string;
  completedAt: number | null;
}

/** An API token. */
export interface WaldurToken {
  /** 40 hex digits. */
  readonly key: string;
  readonly username: string;
  readonly createdAt: number;
  /** Last accepted use; the token expires after `tokenIdleTimeoutMs` without one. */
  lastUsedAt: number;
  /** Set by `expireTokens()`. */
  expired: boolean;
}

/** Everything the simulated Waldur holds. */
export interface WaldurState {
  readonly volumes: WaldurVolume[];
  readonly snapshots: WaldurSnapshot[];
  readonly snapshotSchedules: WaldurSnapshotSchedule[];
  readonly restorations: WaldurRestoration[];
  readonly marketplaceResources: WaldurMarketplaceResource[];
  readonly orders: WaldurOrder[];
  readonly tokens: WaldurToken[];
}
