import { dateTimeMs } from "./datetimes";
import { notFound } from "./errors";
import { advance, advanceOrder, begin, deletion } from "./lifecycle";
import {
  type WaldurMarketplaceResource,
  type WaldurOrder,
  type WaldurRestoration,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurVolume,
} from "./models";
import { type BuiltVolume } from "./builders";
import { WALDUR_PROJECTS } from "./seed";

/** What settling needs of the behaviour. */
export interface SettleTimes {
  /** How long the deletion of a volume whose terminate order is done takes. */
  readonly deleteMs: number;
  /** How often the `kept_until` job runs. */
  readonly expiryIntervalMs: number;
}

/** Whether `username` may see objects of project `projectUuid` (others answer 404). */
export function canSee(username: string, projectUuid: string): boolean {
  return WALDUR_PROJECTS.some(
    (project) => project.uuid === projectUuid && project.members.includes(username),
  );
}

/**
 * The objects of the simulated Waldur and their time-driven changes. {@link WaldurStore.settle}
 * brings everything to the clock: orders end (a `done` terminate order starts its volume's deletion),
 * operations on volumes and snapshots end (deleted ones are dropped), the `kept_until` job runs when
 * due, and restorations of dropped volumes or snapshots go with them.
 */
export class WaldurStore {
  readonly volumes: WaldurVolume[] = [];
  readonly snapshots: WaldurSnapshot[] = [];
  readonly snapshotSchedules: WaldurSnapshotSchedule[] = [];
  readonly restorations: WaldurRestoration[] = [];
  readonly marketplaceResources: WaldurMarketplaceResource[] = [];
  readonly orders: WaldurOrder[] = [];
  /** When the `kept_until` job last ran (its schedule starts at the last reset). */
  private lastExpiryRun = 0;

  /** Empties the store; the expiry job's schedule restarts at `now`. */
  clear(now: number): void {
    for (const list of [
      this.volumes,
      this.snapshots,
      this.snapshotSchedules,
      this.restorations,
      this.marketplaceResources,
      this.orders,
    ]) {
      list.length = 0;
    }
    this.lastExpiryRun = now;
  }

  /** Adds a volume and its marketplace resource; RangeError for a taken uuid or an unknown project. */
  addVolume(built: BuiltVolume): WaldurVolume {
    const { volume, resource } = built;
    if (this.volumes.some((existing) => existing.uuid === volume.uuid)) {
      throw new RangeError(`volume ${volume.uuid} already exists`);
    }
    if (!WALDUR_PROJECTS.some((project) => project.uuid === volume.projectUuid)) {
      throw new RangeError(`unknown project ${volume.projectUuid}`);
    }
    this.volumes.push(volume);
    if (resource) this.marketplaceResources.push(resource);
    return volume;
  }

  /** Adds a snapshot; RangeError for a taken uuid. */
  addSnapshot(snapshot: WaldurSnapshot): WaldurSnapshot {
    if (this.snapshots.some((existing) => existing.uuid === snapshot.uuid)) {
      throw new RangeError(`snapshot ${snapshot.uuid} already exists`);
    }
    this.snapshots.push(snapshot);
    return snapshot;
  }

  /** Adds a snapshot schedule; RangeError for a taken uuid. */
  addSnapshotSchedule(schedule: WaldurSnapshotSchedule): WaldurSnapshotSchedule {
    if (this.snapshotSchedules.some((existing) => existing.uuid === schedule.uuid)) {
      throw new RangeError(`snapshot schedule ${schedule.uuid} already exists`);
    }
    this.snapshotSchedules.push(schedule);
    return schedule;
  }

  /** A snapshot schedule `username` can see, or 404. */
  snapshotScheduleFor(username: string, uuid: string): WaldurSnapshotSchedule {
    return visible(
      username,
      this.snapshotSchedules.find((schedule) => schedule.uuid === uuid),
    );
  }

  /** A volume by uuid, if it exists (no visibility check). */
  findVolume(uuid: string): WaldurVolume | undefined {
    return this.volumes.find((volume) => volume.uuid === uuid);
  }

  /** A snapshot by uuid, if it exists (no visibility check). */
  findSnapshot(uuid: string): WaldurSnapshot | undefined {
    return this.snapshots.find((snapshot) => snapshot.uuid === uuid);
  }

  /** A marketplace resource by uuid, if it exists. */
  findResource(uuid: string): WaldurMarketplaceResource | undefined {
    return this.marketplaceResources.find((resource) => resource.uuid === uuid);
  }

  /** A snapshot `username` can see, or 404. */
  snapshotFor(username: string, uuid: string): WaldurSnapshot {
    return visible(username, this.findSnapshot(uuid));
  }

  /** A volume `username` can see, or 404. */
  volumeFor(username: string, uuid: string): WaldurVolume {
    return visible(username, this.findVolume(uuid));
  }

  /** An order `username` can see, or 404. */
  orderFor(username: string, uuid: string): WaldurOrder {
    return visible(
      username,
      this.orders.find((order) => order.uuid === uuid),
    );
  }

  /** A marketplace resource `username` can see, or 404. */
  resourceFor(username: string, uuid: string): WaldurMarketplaceResource {
    return visible(username, this.findResource(uuid));
  }

  /** The restorations of a snapshot, oldest first. */
  restorationsOf(snapshotUuid: string): WaldurRestoration[] {
    return this.restorations.filter((restoration) => restoration.snapshotUuid === snapshotUuid);
  }

  /** Removes a snapshot at once (unlink, expiry); its restorations go with it. */
  dropSnapshot(snapshot: WaldurSnapshot): void {
    remove(this.snapshots, snapshot);
    this.dropOrphanRestorations();
  }

  /** Brings everything to `now` (see the class description). */
  settle(now: number, times: SettleTimes): void {
    for (const order of this.orders) {
      if (advanceOrder(order, now)) this.orderFinished(order, now, times.deleteMs);
    }
    const gone = (resource: WaldurVolume | WaldurSnapshot) => !advance(resource, now);
    for (const volume of this.volumes.filter(gone)) {
      remove(this.volumes, volume);
      const resource = volume.marketplaceResourceUuid && this.findResource(volume.marketplaceResourceUuid);
      if (resource) resource.state = "Terminated";
    }
    for (const snapshot of this.snapshots.filter(gone)) remove(this.snapshots, snapshot);
    // A schedule is deleted with its volume (Waldur's foreign key cascades).
    for (const schedule of this.snapshotSchedules.filter((s) => !this.findVolume(s.sourceVolumeUuid))) {
      remove(this.snapshotSchedules, schedule);
    }
    this.runExpiryJob(now, times.expiryIntervalMs);
    this.dropOrphanRestorations();
  }

  /** A failed order leaves the resource `OK`; a done one starts its volume's deletion when it ended. */
  private orderFinished(order: WaldurOrder, now: number, deleteMs: number): void {
    const resource = this.findResource(order.resourceUuid);
    const volume = this.findVolume(order.volumeUuid);
    if (order.state !== "done") {
      if (resource) resource.state = "OK";
      return;
    }
    const end = order.completedAt ?? now;
    if (volume) begin(volume, deletion(end, deleteMs), end);
  }

  /**
   * The `kept_until` job: runs at the last reset plus every `intervalMs` (lazily, at the first
   * settle after each due time) and drops snapshots whose `kept_until` is before the run time.
   */
  private runExpiryJob(now: number, intervalMs: number): void {
    if (!Number.isFinite(intervalMs)) return;
    const runs = intervalMs > 0 ? Math.floor((now - this.lastExpiryRun) / intervalMs) : 1;
    if (runs < 1) return;
    const runAt = intervalMs > 0 ? this.lastExpiryRun + runs * intervalMs : now;
    this.lastExpiryRun = runAt;
    const expired = this.snapshots.filter(
      (snapshot) => snapshot.keptUntil !== null && dateTimeMs(snapshot.keptUntil) < runAt,
    );
    for (const snapshot of expired) remove(this.snapshots, snapshot);
  }

  private dropOrphanRestorations(): void {
    const kept = this.restorations.filter(
      (restoration) =>
        this.findSnapshot(restoration.snapshotUuid) !== undefined &&
        this.findVolume(restoration.volumeUuid) !== undefined,
    );
    this.restorations.splice(0, this.restorations.length, ...kept);
  }
}

function remove<T>(list: T[], item: T): void {
  list.splice(list.indexOf(item), 1);
}

function visible<T extends { readonly projectUuid: string }>(username: string, found: T | undefined): T {
  if (found === undefined || !canSee(username, found.projectUuid)) throw notFound();
  return found;
}
