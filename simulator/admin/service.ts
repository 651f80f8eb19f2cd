import { identityErrorBody } from "../core/fault-bodies";
import { type FaultInjector } from "../core/fault-injector";
import { type CinderBehaviourPatch } from "../cinder/behaviour";
import { type CinderSim } from "../cinder/cinder-sim";
import { type CinderSnapshotSpec, type CinderVolumeSpec } from "../cinder/seed";
import { isRecord } from "../core/guards";
import { type RequestLog } from "../core/request-log";
import { dispatch, type RouteHandler, type Router } from "../core/router";
import { HttpError, type Reply, type SimService } from "../core/service";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { type PowerVCBehaviour } from "../powervc/behaviour";
import { type PowerVCSim } from "../powervc/powervc-sim";
import { type TrilioBehaviour } from "../trilio/behaviour";
import { type TrilioSim } from "../trilio/trilio-sim";
import { type WorkloadSpec } from "../trilio/seed";
import { type WaldurBehaviour } from "../waldur/behaviour";
import { type WaldurSim } from "../waldur/waldur-sim";
import { DocumentedRoutes } from "./documented-routes";
import { faultRuleFromJson, faultRuleToJson } from "./fault-json";

/** Where the admin API is mounted. */
export const ADMIN_PREFIX = "/__admin";

/** What the admin API controls. */
export interface AdminTargets {
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly keystone: KeystoneSim;
  readonly trilio: TrilioSim;
  readonly powervc: PowerVCSim;
  readonly cinder: CinderSim;
  readonly waldur: WaldurSim;
  /** Resets the whole simulator (seed, faults, log). */
  reset(): void;
}

function ok(body: unknown = {}): Reply {
  return { status: 200, body };
}

/** Cinder's part of `GET /state`: its data, project, counters and behaviour. */
function cinderState(cinder: CinderSim) {
  const { projectId, counters, behaviour } = cinder;
  return { ...cinder.state, projectId, counters, behaviour };
}

/** PowerVC's part of `GET /state`: its data, counters and behaviour. */
function powervcState(powervc: PowerVCSim) {
  const { projectId, taskUriBase, counters, behaviour } = powervc;
  return { ...powervc.state, projectId, taskUriBase, counters, behaviour };
}

/** Applies the request's JSON to a service's behaviour (its setBehaviour checks the JSON: RangeError on a bad field). */
function behaviourOf<T>(service: {
  setBehaviour(patch: T): void;
  readonly behaviour: unknown;
}): RouteHandler {
  return (request) => {
    service.setBehaviour(request.body as T);
    return ok({ behaviour: service.behaviour });
  };
}

function routes(targets: AdminTargets): Router {
  const { log, faults, keystone, trilio, powervc, cinder, waldur } = targets;
  const documented = new DocumentedRoutes(ADMIN_PREFIX);
  documented
    .on("GET", "/", "this list of the admin endpoints", () => ok({ endpoints: documented.endpoints() }))
    .on(
      "GET",
      "/requests",
      "the request log, oldest first (?service=trilio|cinder|waldur|powervc|keystone|admin filters it)",
      (request) => {
        const service = request.query.service;
        return ok({
          requests: log.list().filter((entry) => service === undefined || entry.service === service),
        });
      },
    )
    .on("DELETE", "/requests", "forgets the request log", () => {
      log.clear();
      return ok();
    })
    .on("GET", "/faults", "the fault rules in force", () =>
      ok({ faults: faults.list().map(faultRuleToJson) }),
    )
    .on(
      "POST",
      "/faults",
      "adds a fault rule (JSON: service, method, path, status, times, delayMs, reset, ...); answers its id",
      (request) => ({
        status: 201,
        body: { id: faults.add(faultRuleFromJson(request.body)) },
      }),
    )
    .on("DELETE", "/faults", "removes every fault rule", () => {
      faults.clear();
      return ok();
    })
    .on("DELETE", "/faults/:id", "removes one fault rule", (_request, { id = "" }) => {
      if (!faults.remove(id)) throw new HttpError(404, `No fault rule ${id}.`);
      return ok();
    })
    .on(
      "POST",
      "/reset",
      "puts the whole simulator back as it started: seed data, no faults, empty log",
      () => {
        targets.reset();
        return ok();
      },
    )
    .on("GET", "/state", "the data, counters and behaviour of every service", () =>
      ok({
        trilio: {
          ...trilio.state,
          servers: trilio.listServers(),
          restoreStarts: trilio.restoreStarts,
          behaviour: trilio.behaviour,
        },
        keystone: { tokenRequests: keystone.tokenRequests },
        powervc: powervcState(powervc),
        cinder: cinderState(cinder),
        waldur: waldur.adminState(),
      }),
    )
    .on(
      "POST",
      "/trilio/behaviour",
      "changes how TrilioVault behaves (restore length, outcomes, ...)",
      behaviourOf<Partial<TrilioBehaviour>>(trilio),
    )
    .on(
      "POST",
      "/trilio/workloads",
      "adds a TrilioVault workload (JSON: name, instances, snapshots, ...)",
      (request) => {
        if (!isRecord(request.body) || typeof request.body.name !== "string") {
          throw new RangeError('a workload spec is a JSON object with a "name"');
        }
        return { status: 201, body: trilio.addWorkload(request.body as unknown as WorkloadSpec) };
      },
    )
    .on("POST", "/trilio/seed", "adds count TrilioVault workloads from a template", (request) => {
      const body = isRecord(request.body) ? request.body : {};
      if (typeof body.count !== "number" || !Number.isInteger(body.count) || body.count < 0) {
        throw new RangeError('seed needs an integer "count" >= 0');
      }
      const template = isRecord(body.template) ? (body.template as Omit<WorkloadSpec, "id" | "name">) : {};
      const prefix = typeof body.prefix === "string" ? body.prefix : undefined;
      return { status: 201, body: { workloads: trilio.seed(body.count, template, prefix) } };
    })
    .on(
      "POST",
      "/trilio/workloads/:id/original-vms",
      'whether the original VMs of a workload still exist ({"exist": true|false})',
      (request, { id = "" }) => {
        const exist = isRecord(request.body) ? request.body.exist : undefined;
        if (typeof exist !== "boolean") throw new RangeError('original-vms needs a boolean "exist"');
        trilio.setOriginalVmsExist(id, exist);
        return ok();
      },
    )
    .on(
      "DELETE",
      "/trilio/restores/:id",
      "forgets a restore record, as the housekeeping of TrilioVault does",
      (_request, { id = "" }) => {
        trilio.forgetRestore(id);
        return ok();
      },
    )
    .on(
      "POST",
      "/powervc/behaviour",
      "changes how PowerVC behaves",
      behaviourOf<Partial<PowerVCBehaviour>>(powervc),
    )
    .on(
      "POST",
      "/cinder/behaviour",
      "changes how Cinder behaves (microversions, durations, ...)",
      behaviourOf<CinderBehaviourPatch>(cinder),
    )
    .on("POST", "/cinder/volumes", "adds a Cinder volume", (request) => {
      if (request.body !== undefined && !isRecord(request.body))
        throw new RangeError("a volume spec is a JSON object");
      return {
        status: 201,
        body: { volume: cinder.addVolume(request.body as CinderVolumeSpec | undefined) },
      };
    })
    .on("POST", "/cinder/snapshots", 'adds a Cinder snapshot of a volume ({"volumeId": ...})', (request) => {
      if (!isRecord(request.body) || typeof request.body.volumeId !== "string")
        throw new RangeError('a snapshot spec is a JSON object with a "volumeId"');
      return {
        status: 201,
        body: { snapshot: cinder.addSnapshot(request.body as unknown as CinderSnapshotSpec) },
      };
    })
    .on(
      "POST",
      "/waldur/behaviour",
      "changes how Waldur behaves",
      behaviourOf<Partial<WaldurBehaviour>>(waldur),
    )
    .on("POST", "/keystone/expire-tokens", "expires every Keystone token issued so far", () => {
      keystone.expireAllTokens();
      return ok();
    });
  return documented.router;
}

/**
 * The admin API under `/__admin/` (JSON in and out, no auth) for out-of-process users such as the
 * `npm run simulator` CLI and benchmarks: an index of its endpoints (`GET /__admin/`), request log, fault rules, reset, state, Trilio behaviour,
 * extra workloads, their original VMs and restore housekeeping, Cinder behaviour and extra volumes and
 * snapshots, PowerVC and Waldur behaviour, token expiry. Invalid input answers 400 `{"error": {...}}`.
 */
export function createAdminService(targets: AdminTargets): SimService {
  const router = routes(targets);
  return {
    name: "admin",
    prefix: ADMIN_PREFIX,
    requestIdHeader: "X-Request-Id",
    faultBody: identityErrorBody,
    handle: async (request) => {
      try {
        return await dispatch(router, request, request.path, { wrongMethodStatus: 405 });
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(400, error.message);
        throw error;
      }
    },
  };
}
