import { NOT_FOUND_MESSAGE, Router } from "../core/router";
import { HttpError, type Reply, type ServiceRequest, type SimService } from "../core/service";
import { type CatalogService } from "../keystone/catalog";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { createProjectService } from "../keystone/project-service";
import { type Snapshot, type Workload } from "./models";
import { pageBody } from "../cinder/listing";
import { snapshotListing } from "./snapshot-listing";
import { type TrilioSim } from "./trilio-sim";
import {
  restoreDetailView,
  restoreView,
  snapshotSummaryView,
  snapshotView,
  workloadSummaryView,
  workloadView,
} from "./views";

/** Where workloadmgr is mounted on the simulator. */
export const TRILIO_PREFIX = "/trilio";

/** Trilio's Keystone catalog entry (type `workloads`). */
export const TRILIO_CATALOG_SERVICE: CatalogService = {
  type: "workloads",
  name: "TrilioVaultWLM",
  endpointPath: (projectId) => `${TRILIO_PREFIX}/v1/${projectId}`,
};

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function routes(trilio: TrilioSim): Router {
  const view = (restore: Parameters<typeof restoreView>[0]) =>
    restoreView(restore, trilio.findSnapshot(restore.snapshotId));
  const listRestores = (snapshotId: string | undefined) =>
    ok({ restores: trilio.listRestores(snapshotId).map(view) });
  const listSnapshots =
    (detail: boolean, view: (snapshot: Snapshot) => unknown) => (request: ServiceRequest) =>
      ok(pageBody("snapshots", snapshotListing(trilio, detail, request.query), view));
  const listWorkloads = (view: (workload: Workload) => unknown) =>
    ok({ workloads: trilio.listWorkloads().map(view) });
  return new Router()
    .get("/workloads", () => listWorkloads(workloadSummaryView))
    .get("/workloads/detail", () => listWorkloads(workloadView))
    .get("/workloads/:id", (_request, { id = "" }) => ok({ workload: workloadView(trilio.getWorkload(id)) }))
    .get("/snapshots", listSnapshots(false, snapshotSummaryView))
    .get("/snapshots/detail", listSnapshots(true, snapshotView))
    .get("/snapshots/:id", (_request, { id = "" }) => ok({ snapshot: snapshotView(trilio.getSnapshot(id)) }))
    .post("/snapshots/:id", (request, { id = "" }) => ({
      status: 202,
      body: { restore: view(trilio.startRestore(id, request.body)) },
    }))
    .get("/restores", (request) => listRestores(request.query.snapshot_id))
    .get("/restores/detail", (request) => listRestores(request.query.snapshot_id))
    .get("/restores/:id", (_request, { id = "" }) => {
      const restore = trilio.getRestore(id);
      return ok({ restore: restoreDetailView(restore, trilio.findSnapshot(restore.snapshotId)) });
    })
    .get("/restores/:id/cancel", (_request, { id = "" }) => {
      trilio.cancelRestore(id);
      return { status: 200 };
    })
    .delete("/restores/:id", (_request, { id = "" }) => {
      trilio.deleteRestore(id);
      return { status: 200 };
    });
}

/** A path below `/v1`: its first segment stands where the project id belongs, the rest is routed. */
const V1_PATH = /^\/v1\/[^/]+(\/.*)?$/;

/**
 * Mounts the TrilioVault workloadmgr API under `/trilio/v1/{project_id}`. Every request needs a
 * valid Keystone token (401 otherwise, checked first as keystonemiddleware does); then, as
 * workloadmgr's `routes` mapper does, a path no route matches is a 404, also when the project id is
 * left out (`/v1/snapshots/{id}`) or another method is asked of a known path; a matched path must name
 * the token's project (403 otherwise). Errors use Nova-style fault bodies.
 */
export function createTrilioService(trilio: TrilioSim, keystone: KeystoneSim): SimService {
  const router = routes(trilio);
  const api = createProjectService(keystone, {
    name: "trilio",
    prefix: TRILIO_PREFIX,
    version: "v1",
    requestIdHeader: "X-Compute-Request-Id",
    router,
  });
  return {
    ...api,
    handle: (request) => {
      const below = V1_PATH.exec(request.path);
      if (below !== null && router.match(request.method, below[1] ?? "/").kind !== "found") {
        keystone.authorize(request.headers, undefined);
        throw new HttpError(404, NOT_FOUND_MESSAGE);
      }
      return api.handle(request);
    },
  };
}
