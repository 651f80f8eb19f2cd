import { Router } from "../core/router";
import { type Reply, type SimService } from "../core/service";
import { type CatalogService } from "../keystone/catalog";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { createProjectService } from "../keystone/project-service";
import { type Snapshot, type Workload } from "./models";
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
  const listSnapshots = (workloadId: string | undefined, view: (snapshot: Snapshot) => unknown) =>
    ok({ snapshots: trilio.listSnapshots(workloadId).map(view) });
  const listWorkloads = (view: (workload: Workload) => unknown) =>
    ok({ workloads: trilio.listWorkloads().map(view) });
  return new Router()
    .get("/workloads", () => listWorkloads(workloadSummaryView))
    .get("/workloads/detail", () => listWorkloads(workloadView))
    .get("/workloads/:id", (_request, { id = "" }) => ok({ workload: workloadView(trilio.getWorkload(id)) }))
    .get("/snapshots", (request) => listSnapshots(request.query.workload_id, snapshotSummaryView))
    .get("/snapshots/detail", (request) => listSnapshots(request.query.workload_id, snapshotView))
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

/**
 * Mounts the TrilioVault workloadmgr API under `/trilio/v1/{project_id}`. Every request needs a
 * valid Keystone token for that project (401 / 403 otherwise, checked before routing as
 * keystonemiddleware does); errors use Nova-style fault bodies; a known path asked with another
 * method is a 404, as on the real server.
 */
export function createTrilioService(trilio: TrilioSim, keystone: KeystoneSim): SimService {
  return createProjectService(keystone, {
    name: "trilio",
    prefix: TRILIO_PREFIX,
    version: "v1",
    requestIdHeader: "X-Compute-Request-Id",
    router: routes(trilio),
  });
}
