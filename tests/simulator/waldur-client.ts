/** A plain `fetch` client of the simulated Waldur for the simulator's tests (redirects are not followed). */
import { ManualClock, type Simulator, startSimulator, type WaldurBehaviour } from "../../simulator";
import { type ApiResponse, call } from "./helpers";

/** A restoration record as the API sends it. */
export interface RestorationJson {
  uuid: string;
  created: string;
  /** Left out with `restorationDescriptions: false`, as late-2024 servers do. */
  description?: string;
  volume: string;
  volume_name: string;
  volume_state: string;
  volume_runtime_state: string;
  volume_size: number;
  volume_device: string;
}

/** The fields volumes and snapshots share (those the tests read). */
export interface WaldurResourceJson {
  url: string;
  uuid: string;
  name: string;
  description: string;
  state: string;
  runtime_state: string;
  size: number;
  error_message: string;
}

/** A snapshot as the API sends it (the fields the tests read). */
export interface WaldurSnapshotJson extends WaldurResourceJson {
  metadata: unknown;
  kept_until: string | null;
  source_volume: string | null;
  source_volume_name: string | null;
  backend_id: string;
  created: string;
  modified: string;
  restorations: RestorationJson[];
}

/** A volume as the API sends it (the fields the tests read). */
export interface WaldurVolumeJson extends WaldurResourceJson {
  device: string;
  source_snapshot: string | null;
  marketplace_resource_uuid?: string;
}

/** A marketplace order as the API sends it (the fields the tests read). */
export interface WaldurOrderJson {
  uuid: string;
  state: string;
  type: string;
  resource_uuid: string;
  error_message: string;
}

/** A DRF error body: `{"detail": ...}` or field errors. */
export type DrfErrorJson = { detail?: string } & Record<string, unknown>;

/** Requests below the API root with `Authorization: Token <key>`. */
export class WaldurClient {
  /**
   * @param apiUrl - the API root, ending in `/api/`
   * @param token - sent as `Authorization: Token <token>` when set
   */
  constructor(
    readonly apiUrl: string,
    public token: string | undefined,
  ) {}

  /** A client of `sim`'s Waldur with the seeded token. */
  static of(sim: Simulator): WaldurClient {
    return new WaldurClient(sim.waldur.apiUrl, sim.waldur.token);
  }

  /** Any request; `path` is relative to the API root (`openstack-snapshots/`). */
  request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const auth: Record<string, string> =
      this.token === undefined ? {} : { Authorization: `Token ${this.token}` };
    return call<T>(`${this.apiUrl}${path}`, {
      method,
      body,
      headers: { ...auth, ...headers },
      redirect: "manual",
    });
  }

  /** `GET`. */
  get<T>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>("GET", path);
  }

  /** `GET /openstack-snapshots/{uuid}/`, which must answer 200. */
  async snapshot(uuid: string): Promise<WaldurSnapshotJson> {
    return ok(await this.get<WaldurSnapshotJson>(`openstack-snapshots/${uuid}/`), 200);
  }

  /** `GET /openstack-volumes/{uuid}/`, which must answer 200. */
  async volume(uuid: string): Promise<WaldurVolumeJson> {
    return ok(await this.get<WaldurVolumeJson>(`openstack-volumes/${uuid}/`), 200);
  }

  /** `GET /marketplace-orders/{uuid}/`, which must answer 200. */
  async order(uuid: string): Promise<WaldurOrderJson> {
    return ok(await this.get<WaldurOrderJson>(`marketplace-orders/${uuid}/`), 200);
  }

  /** Snapshots a volume; must answer 201. */
  async createSnapshot(volumeUuid: string, body: Record<string, unknown>): Promise<WaldurSnapshotJson> {
    return ok(
      await this.request<WaldurSnapshotJson>("POST", `openstack-volumes/${volumeUuid}/snapshot/`, body),
      201,
    );
  }

  /** Restores a snapshot into a new volume; must answer 201. */
  async restore(snapshotUuid: string, body: Record<string, unknown>): Promise<WaldurVolumeJson> {
    return ok(
      await this.request<WaldurVolumeJson>("POST", `openstack-snapshots/${snapshotUuid}/restore/`, body),
      201,
    );
  }
}

/** The body of a response that must have `status`. */
export function ok<T>(response: ApiResponse<T>, status: number): T {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response.body;
}

/** What {@link useWaldurSimulator} gives a test: set before each test. */
export interface WaldurTestContext {
  /** The simulator's clock. */
  readonly clock: ManualClock;
  readonly sim: Simulator;
  /** A client with the seeded token (a new one for each test). */
  readonly waldur: WaldurClient;
}

/**
 * Starts a simulator on a {@link ManualClock} for the enclosing `describe` (with `behaviour` as its
 * initial Waldur behaviour), resets it before each test and closes it after the last.
 */
export function useWaldurSimulator(behaviour: Partial<WaldurBehaviour> = {}): WaldurTestContext {
  const context = {} as { clock: ManualClock; sim: Simulator; waldur: WaldurClient };
  before(async () => {
    context.clock = new ManualClock();
    context.sim = await startSimulator({ clock: context.clock, waldur: behaviour });
  });
  beforeEach(() => {
    context.sim.reset();
    context.waldur = WaldurClient.of(context.sim);
  });
  after(() => context.sim.close());
  return context;
}

/** The distinct values of `state` read `steps + 1` times, the clock moving `stepMs` after each read. */
export async function statesOver(
  clock: ManualClock,
  read: () => Promise<{ state: string }>,
  steps: number,
  stepMs: number,
): Promise<string[]> {
  const seen: string[] = [];
  for (let step = 0; step <= steps; step += 1) {
    const { state } = await read();
    if (seen.at(-1) !== state) seen.push(state);
    clock.advance(stepMs);
  }
  return seen;
}
