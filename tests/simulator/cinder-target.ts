/**
 * Where the Cinder contract suite sends its requests: the simulator (default), or a real Cinder when
 * `CINDER_TARGET=real` (see `scripts/real-cinder/README.md`). Plain `fetch`, as any client would.
 *
 * Real target, from the environment:
 * - `CINDER_URL`: Cinder's root (default `http://127.0.0.1:8776`; with Keystone, the catalog's public
 *   `volumev3` endpoint when unset);
 * - `CINDER_PROJECT_ID`: the project (default the script's `0123456789abcdef0123456789abcdef`; with
 *   Keystone, the token's);
 * - `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_PROJECT_NAME`, `OS_USER_DOMAIN_NAME`,
 *   `OS_PROJECT_DOMAIN_NAME`: a Keystone login (`cinder-ci.sh` with `KEYSTONE=1`); without `OS_AUTH_URL`,
 *   noauth's `X-Auth-Token: admin:<project>`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  KEYSTONE_SEED,
  ManualClock,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../simulator";
import { login } from "./helpers";

/** A decoded answer; `body` is the parsed JSON, or `undefined` (empty or not JSON, such as an HTML page). */
export interface CinderResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** A Cinder to run the contract against. */
export interface CinderTarget {
  readonly kind: "simulator" | "real";
  /** How requests authenticate: a Keystone token, or noauth's `admin:<project>`. */
  readonly auth: "keystone" | "noauth";
  /** `…/v3/{project_id}`. */
  readonly endpoint: string;
  /** The service root answering the version document with 300 (ends with `/`). */
  readonly root: string;
  readonly projectId: string;
  /** The `X-Auth-Token` value. */
  readonly token: string;
  /** Lets `ms` of the target's time pass (the simulator's manual clock moves at once). */
  pause(ms: number): Promise<void>;
  /** The target's time, ms: what deadlines count in. */
  now(): number;
  close(): Promise<void>;
}

const DEFAULT_REAL_URL = "http://127.0.0.1:8776";
const DEFAULT_NOAUTH_PROJECT = "0123456789abcdef0123456789abcdef";

/** The simulator target, with the simulator and its clock for what only a simulator can arrange. */
export interface SimulatorTarget extends CinderTarget {
  readonly sim: Simulator;
  readonly clock: ManualClock;
}

/**
 * Starts a simulator on a manual clock (durations pass at once: `pause` moves the clock) and logs in
 * to the default project, whose catalog holds Cinder.
 */
export async function startSimulatorTarget(
  options: Omit<SimulatorOptions, "clock"> = {},
): Promise<SimulatorTarget> {
  const clock = new ManualClock();
  const sim = await startSimulator({ ...options, clock });
  const projectId = KEYSTONE_SEED.project.id;
  return {
    sim,
    clock,
    kind: "simulator",
    auth: "keystone",
    endpoint: `${sim.url}/cinder/v3/${projectId}`,
    root: `${sim.url}/cinder/`,
    projectId,
    token: await login(sim),
    pause: async (ms) => {
      clock.advance(ms);
      await Promise.resolve();
    },
    now: () => clock.now(),
    close: () => sim.close(),
  };
}

interface KeystoneLogin {
  readonly token: string;
  readonly projectId: string;
  readonly endpoint?: string;
}

interface TokenBody {
  token: {
    project: { id: string };
    catalog?: { type: string; endpoints: { interface: string; region_id: string; url: string }[] }[];
  };
}

async function keystoneLogin(env: NodeJS.ProcessEnv): Promise<KeystoneLogin> {
  const domain = (name: string | undefined) => ({ name: name ?? "Default" });
  const response = await fetch(`${(env.OS_AUTH_URL ?? "").replace(/\/+$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: {
              name: env.OS_USERNAME,
              domain: domain(env.OS_USER_DOMAIN_NAME),
              password: env.OS_PASSWORD,
            },
          },
        },
        scope: { project: { name: env.OS_PROJECT_NAME, domain: domain(env.OS_PROJECT_DOMAIN_NAME) } },
      },
    }),
  });
  const token = response.headers.get("x-subject-token");
  if (response.status !== 201 || token === null)
    throw new Error(`Keystone login failed: HTTP ${response.status}`);
  const body = (await response.json()) as TokenBody;
  const region = env.OS_REGION_NAME ?? "RegionOne";
  const endpoint = body.token.catalog
    ?.find((service) => service.type === "volumev3")
    ?.endpoints.find((candidate) => candidate.interface === "public" && candidate.region_id === region)?.url;
  return { token, projectId: body.token.project.id, ...(endpoint ? { endpoint } : {}) };
}

/** A real Cinder described by the environment (see the module comment). */
async function realTarget(env: NodeJS.ProcessEnv): Promise<CinderTarget> {
  const keystone = env.OS_AUTH_URL ? await keystoneLogin(env) : undefined;
  const projectId = env.CINDER_PROJECT_ID ?? keystone?.projectId ?? DEFAULT_NOAUTH_PROJECT;
  const given = env.CINDER_URL?.replace(/\/+$/, "");
  const endpoint =
    given !== undefined || keystone?.endpoint === undefined
      ? `${given ?? DEFAULT_REAL_URL}/v3/${projectId}`
      : keystone.endpoint.replace(/\/+$/, "");
  return {
    kind: "real",
    auth: keystone ? "keystone" : "noauth",
    endpoint,
    root: endpoint.replace(/\/v3\/[^/]+$/, "/"),
    projectId,
    token: keystone?.token ?? `admin:${projectId}`,
    pause: (ms) => sleep(ms),
    now: () => Date.now(),
    close: async () => undefined,
  };
}

/** The target `CINDER_TARGET` names: `real`, or the simulator (default). */
export function connectCinderTarget(env: NodeJS.ProcessEnv = process.env): Promise<CinderTarget> {
  return env.CINDER_TARGET === "real" ? realTarget(env) : startSimulatorTarget();
}

/** Sends one request; a `path` starting with `/` is below the endpoint, anything else a full URL. */
export async function send<T = Record<string, unknown>>(
  target: CinderTarget,
  method: string,
  path: string,
  options: { body?: unknown; microversion?: string; token?: string | null } = {},
): Promise<CinderResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = options.token === undefined ? target.token : options.token;
  if (token !== null) headers["X-Auth-Token"] = token;
  if (options.microversion !== undefined) headers["OpenStack-API-Version"] = `volume ${options.microversion}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path.startsWith("/") ? `${target.endpoint}${path}` : path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** The Cinder of a running simulator on the wall clock (for scenarios that run programs against it). */
export async function simulatorCinderTarget(sim: Simulator): Promise<CinderTarget> {
  const projectId = KEYSTONE_SEED.project.id;
  return {
    kind: "simulator",
    auth: "keystone",
    endpoint: `${sim.url}/cinder/v3/${projectId}`,
    root: `${sim.url}/cinder/`,
    projectId,
    token: await login(sim),
    pause: (ms) => sleep(ms),
    now: () => Date.now(),
    close: async () => undefined,
  };
}
