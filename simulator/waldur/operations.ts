import { HttpError } from "../core/service";
import { notFound } from "./errors";
import { type WaldurBehaviour } from "./behaviour";
import {
  LOGIN_FIELDS,
  readFields,
  requestData,
  SNAPSHOT_FIELDS,
  VOLUME_FIELDS,
  type WriteMode,
} from "./fields";
import { begin, creation, deletion, isOrderFinished, orderSteps, update } from "./lifecycle";
import {
  type WaldurOrder,
  type WaldurResource,
  type WaldurResourceState,
  type WaldurRestoration,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurVolume,
} from "./models";
import { buildSnapshot, buildVolume, waldurUuid } from "./builders";
import { WALDUR_SEED } from "./seed";
import { validStatesMessage } from "./states";
import { canSee, type WaldurStore } from "./store";
import { type WaldurTokenStore } from "./tokens";

/** The counters of {@link WaldurSim}: accepted snapshot creations, restores, terminations, logins. */
export type WaldurCounter = "snapshotCreates" | "restores" | "terminations" | "tokenRequests";

/** The behaviour's outcome queues. */
export type OutcomeQueue = "snapshotOutcomes" | "volumeOutcomes" | "orderOutcomes";

/** What the operations need of the simulator: its objects, tokens, clock, behaviour and counters. */
export interface WaldurRuntime {
  readonly store: WaldurStore;
  readonly tokens: WaldurTokenStore;
  now(): number;
  behaviour(): WaldurBehaviour;
  /** Removes and returns the head of an outcome queue. */
  takeOutcome<K extends OutcomeQueue>(queue: K): WaldurBehaviour[K][number] | undefined;
  count(counter: WaldurCounter): void;
}

const OK_ONLY: readonly WaldurResourceState[] = ["OK"];
const OK_OR_ERRED: readonly WaldurResourceState[] = ["OK", "ERRED"];

/**
 * What the Waldur API does, for the user a request authenticated as: every lookup answers 404 for
 * objects of projects the user cannot see; state checks (409) come before body checks (400).
 * Callers settle the store first.
 */
export class WaldurOperations {
  /** @param runtime - the simulator's internals */
  constructor(private readonly runtime: WaldurRuntime) {}

  /** `POST /api-auth/password/`: a new token for the seeded user's username and password, else 401. */
  login(body: unknown): string {
    const values = readFields(body, LOGIN_FIELDS, "create");
    if (values.username !== WALDUR_SEED.username || values.password !== WALDUR_SEED.password) {
      throw new HttpError(401, "Invalid username/password.");
    }
    this.runtime.count("tokenRequests");
    return this.runtime.tokens.issue(WALDUR_SEED.username).key;
  }

  /** The username of a request's token (renewing it), or 401. */
  authenticate(headers: Readonly<Record<string, string>>): string {
    return this.runtime.tokens.authenticate(headers).username;
  }

  /** The volumes `username` can see, oldest first. */
  volumes(username: string): WaldurVolume[] {
    return this.runtime.store.volumes.filter((volume) => canSee(username, volume.projectUuid));
  }

  /** The snapshots `username` can see, oldest first. */
  snapshots(username: string): WaldurSnapshot[] {
    return this.runtime.store.snapshots.filter((snapshot) => canSee(username, snapshot.projectUuid));
  }

  /** The snapshot schedules `username` can see, oldest first. */
  snapshotSchedules(username: string): WaldurSnapshotSchedule[] {
    this.requireSchedules();
    return this.runtime.store.snapshotSchedules.filter((schedule) => canSee(username, schedule.projectUuid));
  }

  /** A snapshot schedule the user can see, or 404. */
  snapshotSchedule(username: string, uuid: string): WaldurSnapshotSchedule {
    this.requireSchedules();
    return this.runtime.store.snapshotScheduleFor(username, uuid);
  }

  /** A server without snapshot schedules (`snapshotSchedules: false`) answers 404 there, as for any unknown path. */
  private requireSchedules(): void {
    if (!this.runtime.behaviour().snapshotSchedules) throw notFound();
  }

  /** A volume the user can see, or 404. */
  volume(username: string, uuid: string): WaldurVolume {
    return this.runtime.store.volumeFor(username, uuid);
  }

  /** A snapshot the user can see, or 404. */
  snapshot(username: string, uuid: string): WaldurSnapshot {
    return this.runtime.store.snapshotFor(username, uuid);
  }

  /** A snapshot's restoration records (404 for a snapshot the user cannot see). */
  restorations(username: string, uuid: string): WaldurRestoration[] {
    return this.runtime.store.restorationsOf(this.snapshot(username, uuid).uuid);
  }

  /** A marketplace order the user can see, or 404. */
  order(username: string, uuid: string): WaldurOrder {
    return this.runtime.store.orderFor(username, uuid);
  }

  /** `PUT`/`PATCH /openstack-volumes/{uuid}/`: name and description; needs `OK`. */
  updateVolume(username: string, uuid: string, body: unknown, mode: WriteMode): WaldurVolume {
    const volume = this.runtime.store.volumeFor(username, uuid);
    this.requireState(volume, OK_ONLY);
    this.rename(volume, readFields(body, VOLUME_FIELDS, mode));
    return volume;
  }

  /**
   * `POST /openstack-volumes/{uuid}/snapshot/`: a new snapshot, `CREATION_SCHEDULED`; needs `OK` or
   * `ERRED`.
   */
  createSnapshot(username: string, volumeUuid: string, body: unknown): WaldurSnapshot {
    const volume = this.runtime.store.volumeFor(username, volumeUuid);
    this.requireState(volume, OK_OR_ERRED);
    const values = readFields(body, SNAPSHOT_FIELDS, "create");
    const now = this.runtime.now();
    const spec = {
      sourceVolume: volume.uuid,
      name: values.name as string,
      description: values.description as string,
      metadata: values.metadata,
      keptUntil: values.kept_until as string | null,
    };
    const snapshot = this.runtime.store.addSnapshot(buildSnapshot(spec, volume, now));
    this.startCreation(snapshot, "snapshotOutcomes", this.runtime.behaviour().snapshotCreateMs, "Snapshot");
    this.runtime.count("snapshotCreates");
    return snapshot;
  }

  /**
   * `PUT`/`PATCH /openstack-snapshots/{uuid}/`: needs `OK`. A name or description change goes
   * `UPDATE_SCHEDULED`; `metadata` and `kept_until` alone leave the state alone, unless
   * `patchAlwaysUpdates` (then every accepted PUT or PATCH does, even one changing nothing).
   */
  updateSnapshot(username: string, uuid: string, body: unknown, mode: WriteMode): WaldurSnapshot {
    const snapshot = this.runtime.store.snapshotFor(username, uuid);
    this.requireState(snapshot, OK_ONLY);
    const values = readFields(body, SNAPSHOT_FIELDS, mode);
    if ("metadata" in values) snapshot.metadata = values.metadata;
    if ("kept_until" in values) snapshot.keptUntil = values.kept_until as string | null;
    this.rename(snapshot, values, this.runtime.behaviour().patchAlwaysUpdates);
    return snapshot;
  }

  /** `DELETE /openstack-snapshots/{uuid}/`: schedules the deletion; needs `OK` or `ERRED`. */
  deleteSnapshot(username: string, uuid: string): void {
    const snapshot = this.runtime.store.snapshotFor(username, uuid);
    this.requireState(snapshot, OK_OR_ERRED);
    const now = this.runtime.now();
    begin(snapshot, deletion(now, this.runtime.behaviour().deleteMs), now);
  }

  /** `POST /openstack-snapshots/{uuid}/unlink/`: removes the snapshot at once, whatever its state. */
  unlinkSnapshot(username: string, uuid: string): void {
    this.runtime.store.dropSnapshot(this.runtime.store.snapshotFor(username, uuid));
  }

  /**
   * `POST /openstack-snapshots/{uuid}/restore/`: a new volume of the snapshot's size,
   * `CREATION_SCHEDULED`, and a restoration record; needs `OK` (the snapshot's state does not change).
   */
  restoreSnapshot(username: string, uuid: string, body: unknown): WaldurVolume {
    const { store } = this.runtime;
    const snapshot = store.snapshotFor(username, uuid);
    this.requireState(snapshot, OK_ONLY);
    const values = readFields(body, VOLUME_FIELDS, "create");
    const now = this.runtime.now();
    const behaviour = this.runtime.behaviour();
    const built = buildVolume(
      {
        name: values.name as string,
        description: values.description as string,
        size: snapshot.size,
        projectUuid: snapshot.projectUuid,
        marketplace: behaviour.restoredVolumesInMarketplace,
        sourceSnapshot: snapshot.uuid,
      },
      now,
    );
    const volume = store.addVolume(built);
    this.startCreation(volume, "volumeOutcomes", behaviour.volumeCreateMs, "Volume");
    const restoration: WaldurRestoration = {
      uuid: waldurUuid(),
      snapshotUuid: snapshot.uuid,
      volumeUuid: volume.uuid,
      description: volume.description,
      createdAt: now,
    };
    store.restorations.push(restoration);
    this.runtime.count("restores");
    return volume;
  }

  /**
   * `POST /marketplace-resources/{uuid}/terminate/`: a `Terminate` order, in its first step
   * (`pending-consumer`, or `pending-project` with `ordersPendingProject`). 400 while another order of
   * the resource is pending; 409 unless the resource is `OK` and its volume `OK` or `ERRED`.
   */
  terminate(username: string, resourceUuid: string, body: unknown): WaldurOrder {
    requestData(body);
    const { store } = this.runtime;
    const resource = store.resourceFor(username, resourceUuid);
    if (store.orders.some((order) => order.resourceUuid === resource.uuid && !isOrderFinished(order))) {
      throw new HttpError(400, "Pending order for resource already exists.");
    }
    const volume = store.findVolume(resource.volumeUuid);
    if (resource.state !== "OK" || volume === undefined || !OK_OR_ERRED.includes(volume.state)) {
      throw this.conflict(OK_OR_ERRED);
    }
    const behaviour = this.runtime.behaviour();
    const steps = orderSteps(behaviour.ordersPendingProject);
    const order: WaldurOrder = {
      uuid: waldurUuid(),
      type: "Terminate",
      resourceUuid: resource.uuid,
      volumeUuid: volume.uuid,
      projectUuid: resource.projectUuid,
      createdAt: this.runtime.now(),
      durationMs: behaviour.orderMs,
      steps,
      outcome: this.runtime.takeOutcome("orderOutcomes") ?? "done",
      state: steps[0],
      errorMessage: "",
      completedAt: null,
    };
    store.orders.push(order);
    resource.state = "Terminating";
    this.runtime.count("terminations");
    return order;
  }

  /** Starts a creation (`CREATION_SCHEDULED` now) ending as the head of `queue` says (default `OK`). */
  private startCreation(
    resource: WaldurResource,
    queue: "snapshotOutcomes" | "volumeOutcomes",
    durationMs: number,
    what: string,
  ): void {
    const now = this.runtime.now();
    const outcome = this.runtime.takeOutcome(queue) ?? "OK";
    begin(resource, creation(now, durationMs, outcome, `${what} creation failed (simulated).`), now);
  }

  private requireState(resource: WaldurResource, states: readonly WaldurResourceState[]): void {
    if (!states.includes(resource.state)) throw this.conflict(states);
  }

  private conflict(states: readonly WaldurResourceState[]): HttpError {
    return new HttpError(409, validStatesMessage(states, this.runtime.behaviour().legacyStateNames));
  }

  /**
   * Applies `name` and `description`; a change of either (any write when `always`) goes
   * `UPDATE_SCHEDULED`, `UPDATING`, `OK`.
   */
  private rename(
    resource: WaldurResource,
    values: { readonly name?: unknown; readonly description?: unknown },
    always = false,
  ): void {
    const now = this.runtime.now();
    const changed =
      (values.name !== undefined && values.name !== resource.name) ||
      (values.description !== undefined && values.description !== resource.description);
    if (values.name !== undefined) resource.name = values.name as string;
    if (values.description !== undefined) resource.description = values.description as string;
    resource.modifiedAt = now;
    if (changed || always) begin(resource, update(now, this.runtime.behaviour().updateMs), now);
  }
}
