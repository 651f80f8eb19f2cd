/** Helpers shared by the simulator's tests: plain `fetch` calls, as any client would make them. */
import { type Simulator, TRILIO_SEED } from "../../simulator";

/** A decoded HTTP answer. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or `undefined` for an empty body. */
  readonly body: T;
  readonly text: string;
}

/** Sends a request; a non-string `body` is sent as JSON. */
export async function call<T = unknown>(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    signal?: AbortSignal;
    redirect?: "follow" | "manual" | "error";
  } = {},
): Promise<ApiResponse<T>> {
  const hasBody = init.body !== undefined;
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: { ...(hasBody ? { "Content-Type": "application/json" } : {}), ...init.headers },
    body: !hasBody ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    signal: init.signal,
    redirect: init.redirect,
  });
  const text = await response.text();
  const body = (text === "" ? undefined : JSON.parse(text)) as T;
  return { status: response.status, headers: response.headers, body, text };
}

/** The `auth` body of a password login with the seeded user, scoped to its project by name. */
export function passwordAuth(sim: Simulator, password = sim.credentials.password): unknown {
  const { credentials } = sim;
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { name: credentials.username, domain: { name: credentials.userDomainName }, password },
        },
      },
      scope: { project: { name: credentials.projectName, domain: { name: credentials.projectDomainName } } },
    },
  };
}

/** Logs in with the seeded user's password and returns the token id. */
export async function login(sim: Simulator): Promise<string> {
  const response = await call(`${sim.authUrl}/auth/tokens`, { method: "POST", body: passwordAuth(sim) });
  const token = response.headers.get("x-subject-token");
  if (response.status !== 201 || token === null) throw new Error(`login failed: ${response.status}`);
  return token;
}

/** A restore as the API sends it (the fields the tests read). */
export interface RestoreJson {
  id: string;
  status: string;
  snapshot_id: string;
  progress_percent: number;
  progress_msg: string | null;
  error_msg: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
  size: number;
  uploaded_size: number;
  time_taken: number;
  name: string;
  restore_options: Record<string, unknown>;
  metadata: { key: string; value: string }[];
  instances?: { id: string; name: string; status: string; metadata: Record<string, string> }[];
  workload_id?: string;
}

/** A snapshot as the API sends it (the fields the tests read). */
export interface SnapshotJson {
  id: string;
  status: string;
  workload_id: string;
  snapshot_type: string;
  instances: {
    id: string;
    name: string;
    flavor: Record<string, unknown>;
    vdisks: Record<string, unknown>[];
    nics: { mac_address: string; ip_address: string; network: { id: string; subnet: { id: string } } }[];
  }[];
}

/** A workload as the API sends it (the fields the tests read). */
export interface WorkloadJson {
  id: string;
  name: string;
  status: string;
  project_id: string;
  instances: { id: string; name: string; metadata: Record<string, string> }[];
}

/** A Nova-style fault body. */
export type FaultJson = Record<string, { code: number; message: string }>;

/** A client of the simulated workloadmgr holding one token. */
export class TrilioClient {
  /** `${url}/trilio/v1/<project>`. */
  readonly base: string;

  constructor(
    sim: Simulator,
    readonly token: string,
  ) {
    this.base = `${sim.url}/trilio/v1/${sim.credentials.projectId}`;
  }

  /** Any request below the base URL with the token. */
  request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return call<T>(`${this.base}${path}`, {
      method,
      body,
      headers: { "X-Auth-Token": this.token, ...headers },
    });
  }

  /** `GET`. */
  get<T>(path: string) {
    return this.request<T>("GET", path);
  }

  /** Starts a restore; returns the raw answer. */
  startRestore(snapshotId: string, options: Record<string, unknown>, name = "test restore") {
    return this.request<{ restore: RestoreJson }>("POST", `/snapshots/${snapshotId}`, {
      restore: { name, description: "from a test", options },
    });
  }

  /** Starts a restore that must be accepted; returns the restore. */
  async mustStartRestore(
    snapshotId: string,
    options: Record<string, unknown> = ONE_CLICK,
  ): Promise<RestoreJson> {
    const response = await this.startRestore(snapshotId, options);
    if (response.status !== 202) throw new Error(`restore refused: ${response.status} ${response.text}`);
    return response.body.restore;
  }

  /** `GET /restores/{id}`. */
  async restore(id: string): Promise<RestoreJson> {
    return (await this.get<{ restore: RestoreJson }>(`/restores/${id}`)).body.restore;
  }

  /** `GET /snapshots/{id}`. */
  async snapshot(id: string): Promise<SnapshotJson> {
    return (await this.get<{ snapshot: SnapshotJson }>(`/snapshots/${id}`)).body.snapshot;
  }

  /** `GET /workloads/{id}`. */
  async workload(id: string): Promise<WorkloadJson> {
    return (await this.get<{ workload: WorkloadJson }>(`/workloads/${id}`)).body.workload;
  }
}

/** Options of a one-click restore, as the vendor sample sends them. */
export const ONE_CLICK = {
  openstack: {},
  type: "openstack",
  oneclickrestore: true,
  vmware: {},
  restore_type: "oneclick",
};

/** Options of a selective restore of `web-1` only, under a new name. */
export const SELECTIVE_WEB_1 = {
  type: "openstack",
  oneclickrestore: false,
  restore_type: "selective",
  openstack: {
    instances: [
      { id: TRILIO_SEED.web1InstanceId, include: true, name: "web-1-copy" },
      { id: TRILIO_SEED.web2InstanceId, include: false },
    ],
  },
};
