/** A plain-`fetch` client of the simulated PowerVC, as the tests drive it. */
import {
  MANUAL_CLOCK_DEFAULT_START_MS,
  ManualClock,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../simulator";
import { type ApiResponse, call, passwordAuth } from "./helpers";

/** An instance snapshot as the API sends it. */
export interface InstanceSnapshotJson {
  id: string;
  name: string;
  description: string;
  status: string;
  instance_id: string;
  snapshots: Record<string, string>;
  temp_snapshots: Record<string, string> | null;
  failed_snapshots: Record<string, string> | null;
  task_uri: string;
  created_at: string;
  updated_at: string;
}

/** The `details` of a `get_progress` answer. */
export interface ProgressJson {
  progress: number;
  flow_details: Record<string, string>;
  completed_tasks: Record<string, string>;
  pending_tasks: Record<string, string>;
}

/** One FlashCopy mapping of `copy_details`. */
export interface CopyMappingJson {
  status: string;
  name: string;
  restore_progress: number | null;
  target_vdisk_name: string;
  source_vdisk_name: string;
  progress: string;
  restoring: string;
}

/** The `auth` body of a password login with the seeded user, scoped to the `powervc` project by name. */
export function powervcAuth(sim: Simulator): unknown {
  const { auth } = passwordAuth(sim) as { auth: { identity: unknown } };
  const domain = { name: sim.credentials.projectDomainName };
  return { auth: { identity: auth.identity, scope: { project: { name: "powervc", domain } } } };
}

/** Logs in to the `powervc` project and returns the token id. */
export async function loginPowerVC(sim: Simulator): Promise<string> {
  const response = await call(`${sim.authUrl}/auth/tokens`, { method: "POST", body: powervcAuth(sim) });
  const token = response.headers.get("x-subject-token");
  if (response.status !== 201 || token === null) throw new Error(`login failed: ${response.status}`);
  return token;
}

/**
 * `task_uri` rebuilt on a volume endpoint: PowerVC's URI names its own host, which a client may not
 * reach; the query (`action`, `task_id`, `id`) is what identifies the task.
 */
export function rebuildTaskUri(taskUri: string, volumeEndpoint: string): string {
  const query = new URL(taskUri).searchParams;
  const kept = new URLSearchParams();
  for (const name of ["action", "task_id", "id"]) kept.set(name, query.get(name) ?? "");
  return `${volumeEndpoint}/instance-snapshots/get_progress?${kept.toString()}`;
}

/** A client of the simulated PowerVC holding one token. */
export class PowerVCClient {
  /** `${url}/powervc/compute/v2.1/<project>`. */
  readonly compute: string;
  /** `${url}/powervc/volume/v3/<project>`. */
  readonly volume: string;

  constructor(
    sim: Simulator,
    readonly token: string,
    projectId: string = sim.powervc.projectId,
  ) {
    this.compute = `${sim.url}/powervc/compute/v2.1/${projectId}`;
    this.volume = `${sim.url}/powervc/volume/v3/${projectId}`;
  }

  /** Any request to an absolute URL with the token. */
  request<T>(method: string, url: string, body?: unknown): Promise<ApiResponse<T>> {
    return call<T>(url, { method, body, headers: { "X-Auth-Token": this.token } });
  }

  /** `POST {compute}/servers/{id}/action`. */
  action<T>(serverId: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>("POST", `${this.compute}/servers/${serverId}/action`, body);
  }

  /** Creates an instance snapshot that must be accepted; returns `{id, task_uri}`. */
  async mustSnapshot(serverId: string, volumes?: string[], name = "test snapshot") {
    const body = { "vm-snapshot": { name, description: "from a test", ...(volumes ? { volumes } : {}) } };
    const response = await this.action<{ instance_snapshot: { id: string; task_uri: string } }>(
      serverId,
      body,
    );
    if (response.status !== 200) throw new Error(`snapshot refused: ${response.status} ${response.text}`);
    return response.body.instance_snapshot;
  }

  /** Sends a `vm-restore` action; returns the raw answer. */
  restore(serverId: string, restore: Record<string, unknown>) {
    return this.action<{ task_uri: string }>(serverId, { "vm-restore": restore });
  }

  /** Sends a `vm-restore` that must be accepted (202); returns its `task_uri`. */
  async mustRestore(serverId: string, restore: Record<string, unknown>): Promise<string> {
    const response = await this.restore(serverId, restore);
    if (response.status !== 202) throw new Error(`restore refused: ${response.status} ${response.text}`);
    return response.body.task_uri;
  }

  /** `GET {volume}/instance-snapshots/{id}` (the raw answer). */
  show(id: string) {
    return this.request<{ instance_snapshot: InstanceSnapshotJson }>(
      "GET",
      `${this.volume}/instance-snapshots/${id}`,
    );
  }

  /** `GET {volume}/instance-snapshots/{id}`, which must answer 200. */
  async snapshot(id: string): Promise<InstanceSnapshotJson> {
    const response = await this.show(id);
    if (response.status !== 200) throw new Error(`show failed: ${response.status} ${response.text}`);
    return response.body.instance_snapshot;
  }

  /** Follows a `task_uri` rebuilt on the volume endpoint (the raw answer). */
  progress(taskUri: string) {
    return this.request<{ details: ProgressJson }>("GET", rebuildTaskUri(taskUri, this.volume));
  }

  /** The FlashCopy mappings of a volume. */
  async copyDetails(volumeId: string): Promise<CopyMappingJson[]> {
    const url = `${this.volume}/volumes/${volumeId}/action`;
    const response = await this.request<{ copy_details: CopyMappingJson[] }>("POST", url, {
      "copy-progress": {},
    });
    if (response.status !== 202) throw new Error(`copy-progress failed: ${response.status} ${response.text}`);
    return response.body.copy_details;
  }
}

/** What {@link usePowerVCSimulator} gives the tests of a describe block (set in its `before` hook). */
export interface PowerVCFixture {
  clock: ManualClock;
  sim: Simulator;
  /** A token scoped to the `powervc` project. */
  token: string;
  /** A client holding `token`. */
  pvc: PowerVCClient;
}

/**
 * Registers the mocha hooks of a describe block: one simulator on a {@link ManualClock} (with `options`),
 * logged in to `powervc`; before each test the clock goes back to its start and the simulator is reset
 * (the token stays valid); closed at the end.
 */
export function usePowerVCSimulator(options: Omit<SimulatorOptions, "clock"> = {}): PowerVCFixture {
  const fixture = {} as PowerVCFixture;
  before(async () => {
    fixture.clock = new ManualClock();
    fixture.sim = await startSimulator({ ...options, clock: fixture.clock });
    fixture.token = await loginPowerVC(fixture.sim);
    fixture.pvc = new PowerVCClient(fixture.sim, fixture.token);
  });
  beforeEach(() => {
    fixture.clock.set(MANUAL_CLOCK_DEFAULT_START_MS);
    fixture.sim.reset();
  });
  after(() => fixture.sim.close());
  return fixture;
}
