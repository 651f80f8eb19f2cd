import { Router } from "../core/router";
import { type Reply, type SimService } from "../core/service";
import { type CatalogService } from "../keystone/catalog";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { createProjectService } from "../keystone/project-service";
import { pageBody } from "../cinder/listing";
import { instanceSnapshotListing } from "./instance-snapshot-listing";
import { type PowerVCSim } from "./powervc-sim";
import { parseServerAction, parseUpdateRequest, parseVolumeAction } from "./requests";
import { copyMappingView, instanceSnapshotView, serverSummaryView, serverView, volumeView } from "./views";

/** Where PowerVC's compute (Nova) API is mounted on the simulator. */
export const POWERVC_COMPUTE_PREFIX = "/powervc/compute";

/** Where PowerVC's volume (Cinder) API is mounted on the simulator. */
export const POWERVC_VOLUME_PREFIX = "/powervc/volume";

/** PowerVC's compute entry of the `powervc` project's catalog (type `compute`). */
export const POWERVC_COMPUTE_CATALOG_SERVICE: CatalogService = {
  type: "compute",
  name: "nova",
  endpointPath: (projectId) => `${POWERVC_COMPUTE_PREFIX}/v2.1/${projectId}`,
};

/** PowerVC's volume entry of the `powervc` project's catalog (type `volumev3`). */
export const POWERVC_VOLUME_CATALOG_SERVICE: CatalogService = {
  type: "volumev3",
  name: "cinderv3",
  endpointPath: (projectId) => `${POWERVC_VOLUME_PREFIX}/v3/${projectId}`,
};

function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

function computeRoutes(powervc: PowerVCSim): Router {
  const detail = () => ok({ servers: powervc.listServers().map((server) => serverView(server, powervc)) });
  return new Router()
    .get("/servers", () => ok({ servers: powervc.listServers().map(serverSummaryView) }))
    .get("/servers/detail", detail)
    .get("/servers/:id", (_request, { id = "" }) =>
      ok({ server: serverView(powervc.getServer(id), powervc) }),
    )
    .post("/servers/:id/action", (request, { id = "" }) => {
      const action = parseServerAction(request.body);
      if (action.kind === "vm-snapshot") {
        const { snapshot, task } = powervc.createInstanceSnapshot(id, action.request);
        return ok({ instance_snapshot: { id: snapshot.id, task_uri: powervc.uriOf(task) } });
      }
      return ok({ task_uri: powervc.uriOf(powervc.restore(id, action.request)) }, 202);
    });
}

function volumeRoutes(powervc: PowerVCSim): Router {
  return new Router()
    .get("/volumes/:id", (_request, { id = "" }) => {
      const volume = powervc.getVolume(id);
      const index = powervc.getServer(volume.serverId).volumeIds.indexOf(volume.id);
      return ok({ volume: volumeView(volume, powervc, `/dev/sd${String.fromCharCode(97 + index)}`) });
    })
    .post("/volumes/:id/action", (request, { id = "" }) => {
      parseVolumeAction(request.body);
      return ok({ copy_details: powervc.copyMappings(id).map(copyMappingView) }, 202);
    })
    .get("/instance-snapshots", ({ query }) =>
      ok(pageBody("instance_snapshots", instanceSnapshotListing(powervc, query), instanceSnapshotView)),
    )
    .get("/instance-snapshots/get_progress", ({ query }) =>
      ok({ details: powervc.taskProgress(query.action, query.task_id, query.id) }),
    )
    .get("/instance-snapshots/:id", (_request, { id = "" }) =>
      ok({ instance_snapshot: instanceSnapshotView(powervc.getInstanceSnapshot(id)) }),
    )
    .on("PUT", "/instance-snapshots/:id", (request, { id = "" }) => {
      const snapshot = powervc.updateInstanceSnapshot(id, parseUpdateRequest(request.body));
      return ok({ instance_snapshot: { id: snapshot.id } });
    })
    .delete("/instance-snapshots/:id", (_request, { id = "" }) =>
      ok({ task_uri: powervc.uriOf(powervc.deleteInstanceSnapshot(id)) }),
    );
}

/**
 * Mounts PowerVC's compute API at `/powervc/compute/v2.1/{project_id}` (servers, `vm-snapshot` and
 * `vm-restore` actions; request ids in `X-Compute-Request-Id`) and its volume API at
 * `/powervc/volume/v3/{project_id}` (volumes, FlashCopy progress, instance snapshots and task
 * progress; `X-Openstack-Request-Id`). Both need a token scoped to PowerVC's project.
 */
export function createPowerVCServices(powervc: PowerVCSim, keystone: KeystoneSim): SimService[] {
  const common = { projectId: powervc.projectId };
  return [
    createProjectService(keystone, {
      ...common,
      name: "powervc-compute",
      prefix: POWERVC_COMPUTE_PREFIX,
      version: "v2.1",
      requestIdHeader: "X-Compute-Request-Id",
      router: computeRoutes(powervc),
    }),
    createProjectService(keystone, {
      ...common,
      name: "powervc-volume",
      prefix: POWERVC_VOLUME_PREFIX,
      version: "v3",
      requestIdHeader: "X-Openstack-Request-Id",
      router: volumeRoutes(powervc),
    }),
  ];
}
