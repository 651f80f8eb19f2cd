import { type Clock } from "../core/clock";
import { checkWaldurBehaviourPatch, DEFAULT_WALDUR_BEHAVIOUR, type WaldurBehaviour } from "./behaviour";
import { begin, busy } from "./lifecycle";
import {
  type WaldurResourceState,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurState,
  type WaldurVolume,
} from "./models";
import { type OutcomeQueue, type WaldurCounter, WaldurOperations } from "./operations";
import {
  buildSnapshot,
  buildSnapshotSchedule,
  buildVolume,
  checkedKeptUntil,
  type WaldurSnapshotScheduleSpec,
  type WaldurSnapshotSpec,
  type WaldurVolumeSpec,
} from "./builders";
import { buildDefaultSeed } from "./default-seed";
import { WALDUR_SEED } from "./seed";
import { WaldurStore } from "./store";
import { WaldurTokenStore } from "./tokens";
import { type ViewContext } from "./views";

/** Read access to the Waldur state, for assertions (do not modify). */
export type WaldurStateView = {
  readonly [K in keyof WaldurState]: readonly WaldurState[K][number][];
};

/** The seeded user's login (`WALDUR_USERNAME`, `WALDUR_PASSWORD`). */
export interface WaldurCredentials {
  readonly username: string;
  readonly password: string;
}

const NO_COUNTS: Readonly<Record<WaldurCounter, number>> = {
  snapshotCreates: 0,
  restores: 0,
  terminations: 0,
  tokenRequests: 0,
};

/**
 * The simulated Waldur: OpenStack volumes and snapshots of the seeded customer's projects, snapshot
 * restores, marketplace terminate orders and API tokens. Not behind Keystone. Everything time-driven
 * (operation states, orders, the `kept_until` expiry job, token idleness) is computed from the clock
 * whenever the state is read or a request arrives (no timers).
 */
export class WaldurSim {
  /** The API root, `${url}/waldur/api/` (`WALDUR_API_URL`). */
  readonly apiUrl: string;
  /** Where a username and password are exchanged for a token: `${url}/waldur/api-auth/password/`. */
  readonly passwordUrl: string;
  /** The seeded user's static token (`WALDUR_TOKEN`). */
  readonly token: string = WALDUR_SEED.token;
  /** The seeded user's login. */
  readonly credentials: WaldurCredentials = {
    username: WALDUR_SEED.username,
    password: WALDUR_SEED.password,
  };
  /** What the HTTP API does, for an authenticated user (used by the service). */
  readonly operations: WaldurOperations;
  private readonly store = new WaldurStore();
  private readonly tokens: WaldurTokenStore;
  private current: WaldurBehaviour;
  private counts: Record<WaldurCounter, number> = { ...NO_COUNTS };

  /**
   * @param clock - the simulator's clock
   * @param baseUrl - where the service is mounted, `${url}/waldur`
   * @param initialBehaviour - behaviour at start and after {@link WaldurSim.reset}
   */
  constructor(
    private readonly clock: Clock,
    baseUrl: string,
    private readonly initialBehaviour: Partial<WaldurBehaviour> = {},
  ) {
    this.apiUrl = `${baseUrl}/api/`;
    this.passwordUrl = `${baseUrl}/api-auth/password/`;
    this.current = { ...DEFAULT_WALDUR_BEHAVIOUR, ...checkWaldurBehaviourPatch(initialBehaviour) };
    this.tokens = new WaldurTokenStore(clock, () => this.current.tokenIdleTimeoutMs);
    this.tokens.issue(WALDUR_SEED.username, WALDUR_SEED.token);
    this.operations = new WaldurOperations({
      store: this.store,
      tokens: this.tokens,
      now: () => clock.now(),
      behaviour: () => this.current,
      takeOutcome: (queue) => this.takeOutcome(queue),
      count: (counter) => (this.counts[counter] += 1),
    });
    this.reset();
  }

  /** The whole state, brought up to date with the clock. */
  get state(): WaldurStateView {
    this.settle();
    const { volumes, snapshots, snapshotSchedules, restorations, marketplaceResources, orders } = this.store;
    return {
      volumes,
      snapshots,
      snapshotSchedules,
      restorations,
      marketplaceResources,
      orders,
      tokens: this.tokens.list,
    };
  }

  /** The current behaviour (a copy). */
  get behaviour(): WaldurBehaviour {
    return {
      ...this.current,
      snapshotOutcomes: [...this.current.snapshotOutcomes],
      volumeOutcomes: [...this.current.volumeOutcomes],
      orderOutcomes: [...this.current.orderOutcomes],
    };
  }

  /** Changes part of the behaviour; a queue given replaces the queue. Throws RangeError for bad values. */
  setBehaviour(patch: Partial<WaldurBehaviour>): void {
    this.current = { ...this.current, ...checkWaldurBehaviourPatch(patch) };
  }

  /** Snapshots created through `POST /openstack-volumes/{uuid}/snapshot/` (since start or reset). */
  get snapshotCreates(): number {
    return this.counts.snapshotCreates;
  }

  /** Restores accepted (`POST /openstack-snapshots/{uuid}/restore/`). */
  get restores(): number {
    return this.counts.restores;
  }

  /** Terminate orders accepted (`POST /marketplace-resources/{uuid}/terminate/`). */
  get terminations(): number {
    return this.counts.terminations;
  }

  /** Tokens issued by `POST /api-auth/password/`. */
  get tokenRequests(): number {
    return this.counts.tokenRequests;
  }

  /**
   * Back to the seed (relative to the clock's current time) and the initial behaviour; counters to
   * zero; the expiry job's schedule restarts. Tokens stay, made fresh (unexpired, idle timer restarted).
   */
  reset(): void {
    const now = this.clock.now();
    this.store.clear(now);
    const seed = buildDefaultSeed(now);
    for (const built of seed.volumes) this.store.addVolume(built);
    for (const snapshot of seed.snapshots) this.store.addSnapshot(snapshot);
    for (const schedule of seed.snapshotSchedules) this.store.addSnapshotSchedule(schedule);
    this.current = { ...DEFAULT_WALDUR_BEHAVIOUR, ...checkWaldurBehaviourPatch(this.initialBehaviour) };
    this.counts = { ...NO_COUNTS };
    this.tokens.refreshAll();
  }

  /**
   * Adds a finished volume, with a marketplace resource unless `marketplace: false`. RangeError if the uuid
   * is taken.
   */
  addVolume(spec: WaldurVolumeSpec): WaldurVolume {
    this.settle();
    return this.store.addVolume(buildVolume(spec, this.clock.now()));
  }

  /**
   * Adds a snapshot "made by a schedule" of an existing volume. RangeError for an unknown volume or bad
   * `keptUntil`.
   */
  addSnapshot(spec: WaldurSnapshotSpec): WaldurSnapshot {
    const volume = this.existingVolume(spec.sourceVolume);
    return this.store.addSnapshot(buildSnapshot(spec, volume, this.clock.now()));
  }

  /**
   * Adds a snapshot schedule on an existing volume (listed at `/api/openstack-snapshot-schedules/`; the
   * simulator does not run it). RangeError for an unknown volume, a taken uuid or a bad count.
   */
  addSnapshotSchedule(spec: WaldurSnapshotScheduleSpec): WaldurSnapshotSchedule {
    const volume = this.existingVolume(spec.sourceVolume);
    return this.store.addSnapshotSchedule(buildSnapshotSchedule(spec, volume, this.clock.now()));
  }

  /**
   * Holds a snapshot in a transitional `state` (default `UPDATING`) for `ms` of clock time, then back
   * to `OK`: meanwhile PUT, PATCH and restore answer 409 (and DELETE too).
   */
  makeBusy(snapshotUuid: string, ms: number, state: WaldurResourceState = "UPDATING"): void {
    const snapshot = this.existingSnapshot(snapshotUuid);
    const now = this.clock.now();
    begin(snapshot, busy(state, now + ms), now);
  }

  /**
   * Changes a snapshot's `kept_until` out of band (as an admin in Waldur's UI would). RangeError for a bad
   * value.
   */
  setKeptUntil(snapshotUuid: string, keptUntil: string | null): void {
    const snapshot = this.existingSnapshot(snapshotUuid);
    snapshot.keptUntil = checkedKeptUntil(keptUntil);
    snapshot.modifiedAt = this.clock.now();
  }

  /** Makes every token expire now: the next request with one answers 401 `Token has expired.` */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** `GET /__admin/state`'s `waldur` part: the state, the counters and the behaviour. */
  adminState(): Record<string, unknown> {
    const { snapshotCreates, restores, terminations, tokenRequests } = this;
    return {
      ...this.state,
      snapshotCreates,
      restores,
      terminations,
      tokenRequests,
      behaviour: this.behaviour,
    };
  }

  /**
   * Brings the state to the clock: operations, orders, the expiry job. The service calls it on every
   * request.
   */
  settle(): void {
    this.store.settle(this.clock.now(), this.current);
  }

  /** What rendering needs (the API URL, the state spelling, lookups). */
  viewContext(): ViewContext {
    const store = this.store;
    return {
      apiUrl: this.apiUrl,
      legacy: this.current.legacyStateNames,
      restorationDescriptions: this.current.restorationDescriptions,
      findVolume: (uuid) => store.findVolume(uuid),
      findSnapshot: (uuid) => store.findSnapshot(uuid),
      findResource: (uuid) => store.findResource(uuid),
      restorationsOf: (uuid) => store.restorationsOf(uuid),
    };
  }

  private existingVolume(uuid: string): WaldurVolume {
    this.settle();
    const volume = this.store.findVolume(uuid);
    if (volume === undefined) throw new RangeError(`no volume ${uuid}`);
    return volume;
  }

  private existingSnapshot(uuid: string): WaldurSnapshot {
    this.settle();
    const snapshot = this.store.findSnapshot(uuid);
    if (snapshot === undefined) throw new RangeError(`no snapshot ${uuid}`);
    return snapshot;
  }

  private takeOutcome<K extends OutcomeQueue>(queue: K): WaldurBehaviour[K][number] | undefined {
    const [next, ...rest] = this.current[queue];
    this.current = { ...this.current, [queue]: rest };
    return next;
  }
}
