/**
 * Local simulator of the OpenStack-family data-protection APIs this package drives: Keystone v3,
 * TrilioVault workloadmgr (with the Nova servers of its project), OpenStack Cinder, IBM PowerVC and
 * Waldur, on one HTTP server on 127.0.0.1, with a request log, fault injection, an admin API and a
 * controllable clock. See {@link startSimulator}.
 */
import { createAdminService } from "./admin/service";
import { type CinderBehaviourPatch } from "./cinder/behaviour";
import { CinderSim } from "./cinder/cinder-sim";
import { CINDER_CATALOG_SERVICES, createCinderService } from "./cinder/service";
import { type Clock, realClock } from "./core/clock";
import { type FaultInjector } from "./core/fault-injector";
import { type Concurrency, type RecordedRequest } from "./core/request-log";
import { SimulatorServer, type SimulatorTlsOptions } from "./core/server";
import { IDENTITY_CATALOG_SERVICE } from "./keystone/catalog";
import { type KeystoneOptions, KeystoneSim } from "./keystone/keystone-sim";
import { KEYSTONE_SEED, SEEDED_CREDENTIALS, type SimCredentials } from "./keystone/seed";
import { createKeystoneService } from "./keystone/service";
import { createNovaService, NOVA_CATALOG_SERVICE } from "./nova/service";
import { type PowerVCBehaviour } from "./powervc/behaviour";
import { PowerVCSim } from "./powervc/powervc-sim";
import {
  createPowerVCServices,
  POWERVC_COMPUTE_CATALOG_SERVICE,
  POWERVC_VOLUME_CATALOG_SERVICE,
} from "./powervc/service";
import { type TrilioBehaviour } from "./trilio/behaviour";
import { createTrilioService, TRILIO_CATALOG_SERVICE } from "./trilio/service";
import { TrilioSim } from "./trilio/trilio-sim";
import { checkWaldurBehaviourPatch, type WaldurBehaviour } from "./waldur/behaviour";
import { createWaldurService, WALDUR_PREFIX } from "./waldur/service";
import { WaldurSim } from "./waldur/waldur-sim";

export {
  DEFAULT_CINDER_BEHAVIOUR,
  DEFAULT_CINDER_QUOTAS,
  type CinderBehaviour,
  type CinderBehaviourPatch,
  type CinderQuotas,
} from "./cinder/behaviour";
export {
  type CinderCounters,
  CinderSim,
  type CinderStateView,
  type StartedRestore,
} from "./cinder/cinder-sim";
export type * from "./cinder/models";
export { CINDER_SEED, type CinderSnapshotSpec, type CinderVolumeSpec } from "./cinder/seed";
export { ManualClock, MANUAL_CLOCK_DEFAULT_START_MS, realClock, type Clock } from "./core/clock";
export {
  type ActiveFaultRule,
  type FaultMatch,
  type FaultRule,
  type FaultTiming,
  FaultInjector,
} from "./core/fault-injector";
export { type Concurrency, type RecordedRequest } from "./core/request-log";
export { type SimulatorTlsOptions } from "./core/server";
export { KEYSTONE_SEED, type SimCredentials } from "./keystone/seed";
export { type KeystoneOptions, KeystoneSim } from "./keystone/keystone-sim";
export { DEFAULT_TRILIO_BEHAVIOUR, type TrilioBehaviour } from "./trilio/behaviour";
export { DEFAULT_POWERVC_BEHAVIOUR, type PowerVCBehaviour } from "./powervc/behaviour";
export type * from "./powervc/models";
export { POWERVC_SEED } from "./powervc/seed";
export {
  type AtomState,
  type FlowState,
  TASKFLOW_ATOM_STATES,
  TASKFLOW_FINAL_FLOW_STATES,
  TASKFLOW_FLOW_STATES,
  type TaskDetails,
} from "./powervc/taskflow";
export { type PowerVCCounters, PowerVCSim, type PowerVCStateView } from "./powervc/powervc-sim";
export { type CatalogService, type ProjectCatalogs } from "./keystone/catalog";
export type * from "./trilio/models";
export {
  TRILIO_SEED,
  type InstanceSpec,
  type SeededWorkload,
  type SnapshotSpec,
  type WorkloadSpec,
} from "./trilio/seed";
export { TrilioSim, type TrilioStateView } from "./trilio/trilio-sim";
export { DEFAULT_WALDUR_BEHAVIOUR, type WaldurBehaviour, WALDUR_LATE_2024 } from "./waldur/behaviour";
export type * from "./waldur/models";
export {
  type WaldurSnapshotScheduleSpec,
  type WaldurSnapshotSpec,
  type WaldurVolumeSpec,
} from "./waldur/builders";
export { WALDUR_SEED } from "./waldur/seed";
export { type WaldurCredentials, WaldurSim, type WaldurStateView } from "./waldur/waldur-sim";

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** TCP port on 127.0.0.1 (default 0: a free port). */
  readonly port?: number;
  /** Clock driving operation progress and token expiry (default: the real clock). */
  readonly clock?: Clock;
  /** Keystone settings. */
  readonly keystone?: KeystoneOptions;
  /** Initial Trilio behaviour (also restored by `reset()`). */
  readonly trilio?: Partial<TrilioBehaviour>;
  /** Initial PowerVC behaviour (also restored by `reset()`). */
  readonly powervc?: Partial<PowerVCBehaviour>;
  /** Initial Cinder behaviour (also restored by `reset()`). */
  readonly cinder?: CinderBehaviourPatch;
  /** Initial Waldur behaviour (also restored by `reset()`). */
  readonly waldur?: Partial<WaldurBehaviour>;
  /** How many requests the log keeps at most, oldest dropped first (default 100 000). */
  readonly requestLogLimit?: number;
  /**
   * Serve HTTPS with this certificate and key (PEM) instead of HTTP: every URL (`url`, `authUrl`, the Keystone
   * catalog, Waldur's, the `openrc()` exports) then starts with `https://`. The certificate must name
   * 127.0.0.1 (an IP subjectAltName) for clients to accept it.
   */
  readonly tls?: SimulatorTlsOptions;
}

/** A project of the seeded user: `default` (`demo`: Trilio, its Nova and Cinder) or `powervc` (the PowerVC cloud). */
export type SimProject = "default" | "powervc";

/** A running simulator (see {@link startSimulator}). */
export interface Simulator {
  /** Base URL, `http://127.0.0.1:PORT` (`https://` when started with `tls`). */
  readonly url: string;
  /** Keystone v3 base URL, `${url}/identity/v3` (`OS_AUTH_URL`). */
  readonly authUrl: string;
  /** The seeded user, project and application credential. */
  readonly credentials: SimCredentials;
  /** The `OS_*` environment of an openrc file for the seeded user. */
  openrc(): Record<string, string>;
  /**
   * The seeded user's login as a resource's `connection` input (password login, scoped to `project`,
   * default `"default"`): its token's catalog is that project's.
   */
  connection(project?: SimProject): Record<string, string>;
  /** Every request in arrival order (a copy); cleared by `reset()`. */
  readonly requests: RecordedRequest[];
  /** Fault rules applied to service requests (the admin API is exempt). */
  readonly faults: FaultInjector;
  /** The simulated Keystone. */
  readonly keystone: KeystoneSim;
  /**
   * The simulated TrilioVault workloadmgr. It also holds the default project's VMs, which its Nova
   * (`${url}/compute/v2.1/{project_id}`, catalog type `compute`) shows: `trilio.listServers()`.
   */
  readonly trilio: TrilioSim;
  /** The simulated IBM PowerVC (project `powervc`). */
  readonly powervc: PowerVCSim;
  /** The simulated Cinder v3 (project `default`, `${url}/cinder/v3/{project_id}`). */
  readonly cinder: CinderSim;
  /** The simulated Waldur (under `/waldur`, not behind Keystone). */
  readonly waldur: WaldurSim;
  /** `WALDUR_API_URL` (`${url}/waldur/api/`) and `WALDUR_TOKEN` (the seeded user's token). */
  waldurEnv(): Record<string, string>;
  /** Calls `listener` after each response is finished; returns the unsubscribe function. */
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  /**
   * Requests `service` (`"trilio"`, `"cinder"`, ...; every service together when omitted) is answering now, and
   * the most it answered at once since start or `reset()`: a request counts from its arrival until its response
   * is finished or its connection reset. Every service is on one port, so a client's cap on concurrent requests
   * per endpoint (origin) applies to all of them together.
   */
  concurrency(service?: string): Concurrency;
  /**
   * Back to the seeded state: Trilio, Cinder, PowerVC and Waldur data and behaviour, counters, faults,
   * log and the concurrency maxima. Tokens stay valid (Waldur's are made fresh).
   */
  reset(): void;
  /** Stops the server and destroys open connections. */
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1 with the seeded Keystone identity and Trilio workloads. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? realClock;
  // built first: it checks the behaviour options and throws before anything listens
  const trilio = new TrilioSim(clock, options.trilio);
  const powervc = new PowerVCSim(clock, options.powervc);
  const cinder = new CinderSim(clock, options.cinder);
  checkWaldurBehaviourPatch(options.waldur ?? {});
  const server = await SimulatorServer.listen({
    port: options.port ?? 0,
    clock,
    requestLogLimit: options.requestLogLimit ?? 100_000,
    faultExempt: ["admin"],
    tls: options.tls,
  });
  const url = server.url;
  const keystone = new KeystoneSim(
    clock,
    url,
    {
      [KEYSTONE_SEED.project.id]: [
        IDENTITY_CATALOG_SERVICE,
        TRILIO_CATALOG_SERVICE,
        ...CINDER_CATALOG_SERVICES,
        NOVA_CATALOG_SERVICE,
      ],
      [KEYSTONE_SEED.powervcProject.id]: [
        IDENTITY_CATALOG_SERVICE,
        POWERVC_COMPUTE_CATALOG_SERVICE,
        POWERVC_VOLUME_CATALOG_SERVICE,
      ],
    },
    options.keystone,
  );
  const waldur = new WaldurSim(clock, `${url}${WALDUR_PREFIX}`, options.waldur);
  const reset = (): void => {
    trilio.reset();
    waldur.reset();
    powervc.reset();
    cinder.reset();
    keystone.resetCounters();
    server.faults.clear();
    server.log.clear();
    server.inFlight.resetMax();
  };
  server.mount(createKeystoneService(keystone));
  server.mount(createTrilioService(trilio, keystone));
  server.mount(createNovaService(trilio, keystone, url));
  server.mount(createWaldurService(waldur));
  for (const service of createPowerVCServices(powervc, keystone)) server.mount(service);
  server.mount(createCinderService(cinder, keystone, url));
  server.mount(
    createAdminService({
      log: server.log,
      faults: server.faults,
      keystone,
      trilio,
      powervc,
      cinder,
      waldur,
      reset,
    }),
  );
  const credentials = SEEDED_CREDENTIALS;
  return {
    url,
    authUrl: keystone.authUrl,
    credentials,
    openrc: () => ({
      OS_AUTH_URL: keystone.authUrl,
      OS_USERNAME: credentials.username,
      OS_PASSWORD: credentials.password,
      OS_PROJECT_NAME: credentials.projectName,
      OS_USER_DOMAIN_NAME: credentials.userDomainName,
      OS_PROJECT_DOMAIN_NAME: credentials.projectDomainName,
      OS_REGION_NAME: credentials.region,
      OS_INTERFACE: "public",
      OS_IDENTITY_API_VERSION: "3",
    }),
    connection: (project = "default") => ({
      authUrl: keystone.authUrl,
      userName: credentials.username,
      password: credentials.password,
      userDomainName: credentials.userDomainName,
      projectName: project === "powervc" ? KEYSTONE_SEED.powervcProject.name : credentials.projectName,
      projectDomainName: credentials.projectDomainName,
      region: credentials.region,
    }),
    get requests() {
      return server.log.list();
    },
    faults: server.faults,
    keystone,
    trilio,
    powervc,
    cinder,
    waldur,
    waldurEnv: () => ({ WALDUR_API_URL: waldur.apiUrl, WALDUR_TOKEN: waldur.token }),
    onRequest: (listener) => server.log.subscribe(listener),
    concurrency: (service) => server.inFlight.of(service),
    reset,
    close: () => server.close(),
  };
}
