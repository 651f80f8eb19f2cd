import { identityErrorBody } from "../core/fault-bodies";
import { type FaultInjector } from "../core/fault-injector";
import { type CinderBehaviourPatch } from "../cinder/behaviour";
import { type CinderSim } from "../cinder/cinder-sim";
import { type CinderSnapshotSpec, type CinderVolumeSpec } from "../cinder/seed";
import { isRecord } from "../core/guards";
import { type RequestLog } from "../core/request-log";
import { dispatch, Router } from "../core/router";
import { HttpError, type Reply, type SimService } from "../core/service";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { type PowerVCBehaviour } from "../powervc/behaviour";
import { type PowerVCSim } from "../powervc/powervc-sim";
import { type TrilioBehaviour } from "../trilio/behaviour";
import { type TrilioSim } from "../trilio/trilio-sim";
import { type WorkloadSpec } from "../trilio/seed";
import { type WaldurBehaviour } from "../waldur/behaviour";
import { type WaldurSim } from "../waldur/waldur-sim";
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

function routes(targets: AdminTargets): Router {
  const { log, faults, keystone, trilio, powervc, cinder, waldur } = targets;
  return new Router()
    .get("/requests", (request) => {
      const service = request.query.service;
      return ok({
        requests: log.list().filter((entry) => service === undefined || entry.service === service),
      });
    })
    .delete("/requests", () => {
      log.clear();
      return ok();
    })
    .get("/faults", () => ok({ faults: faults.list().map(faultRuleToJson) }))
    .post("/faults", (request) => ({
      status: 201,
      body: { id: faults.add(faultRuleFromJson(request.body)) },
    }))
    .delete("/faults", () => {
      faults.clear();
      return ok();
    })
    .delete("/faults/:id", (_request, { id = "" }) => {
      if (!faults.remove(id)) throw new HttpError(404, `No fault rule ${id}.`);
      return ok();
    })
    .post("/reset", () => {
      targets.reset();
      return ok();
    })
    .get("/state", () =>
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
    .post("/trilio/behaviour", (request) => {
      // setBehaviour checks the JSON itself (RangeError on a bad field)
      trilio.setBehaviour(request.body as Partial<TrilioBehaviour>);
      return ok({ behaviour: trilio.behaviour });
    })
    .post("/trilio/workloads", (request) => {
      if (!isRecord(request.body) || typeof request.body.name !== "string") {
        throw new RangeError('a workload spec is a JSON object with a "name"');
      }
      return { status: 201, body: trilio.addWorkload(request.body as unknown as WorkloadSpec) };
    })
    .post("/trilio/seed", (request) => {
      const body = isRecord(request.body) ? request.body : {};
      if (typeof body.count !== "number" || !Number.isInteger(body.count) || body.count < 0) {
        throw new RangeError('seed needs an integer "count" >= 0');
      }
      const template = isRecord(body.template) ? (body.template as Omit<WorkloadSpec, "id" | "name">) : {};
      const prefix = typeof body.prefix === "string" ? body.prefix : undefined;
      return { status: 201, body: { workloads: trilio.seed(body.count, template, prefix) } };
    })
    .post("/trilio/workloads/:id/original-vms", (request, { id = "" }) => {
      const exist = isRecord(request.body) ? request.body.exist : undefined;
      if (typeof exist !== "boolean") throw new RangeError('original-vms needs a boolean "exist"');
      trilio.setOriginalVmsExist(id, exist);
      return ok();
    })
    .delete("/trilio/restores/:id", (_request, { id = "" }) => {
      trilio.forgetRestore(id);
      return ok();
    })
    .post("/powervc/behaviour", (request) => {
      powervc.setBehaviour(request.body as Partial<PowerVCBehaviour>);
      return ok({ behaviour: powervc.behaviour });
    })
    .post("/cinder/behaviour", (request) => {
      cinder.setBehaviour(request.body as CinderBehaviourPatch);
      return ok({ behaviour: cinder.behaviour });
    })
    .post("/cinder/volumes", (request) => {
      if (request.body !== undefined && !isRecord(request.body))
        throw new RangeError("a volume spec is a JSON object");
      return {
        status: 201,
        body: { volume: cinder.addVolume(request.body as CinderVolumeSpec | undefined) },
      };
    })
    .post("/cinder/snapshots", (request) => {
      if (!isRecord(request.body) || typeof request.body.volumeId !== "string")
        throw new RangeError('a snapshot spec is a JSON object with a "volumeId"');
      return {
        status: 201,
        body: { snapshot: cinder.addSnapshot(request.body as unknown as CinderSnapshotSpec) },
      };
    })
    .post("/waldur/behaviour", (request) => {
      waldur.setBehaviour(request.body as Partial<WaldurBehaviour>);
      return ok({ behaviour: waldur.behaviour });
    })
    .post("/keystone/expire-tokens", () => {
      keystone.expireAllTokens();
      return ok();
    });
}

/**
 * The admin API under `/__admin/` (JSON in and out, no auth) for out-of-process users such as the
 * `npm run simulator` CLI and benchmarks: request log, fault rules, reset, state, Trilio behaviour,
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
