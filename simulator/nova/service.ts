import { Router } from "../core/router";
import { HttpError, type Reply, type SimService } from "../core/service";
import { type CatalogService } from "../keystone/catalog";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { createProjectService } from "../keystone/project-service";
import { type TrilioSim } from "../trilio/trilio-sim";
import { serverSummaryView, serverView } from "./views";

/** Where the default project's Nova is mounted on the simulator. */
export const NOVA_PREFIX = "/compute";

/** Nova's entry of the default project's catalog (type `compute`). */
export const NOVA_CATALOG_SERVICE: CatalogService = {
  type: "compute",
  name: "nova",
  endpointPath: (projectId) => `${NOVA_PREFIX}/v2.1/${projectId}`,
};

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function routes(trilio: TrilioSim, root: string): Router {
  return new Router()
    .get("/servers", () =>
      ok({ servers: trilio.listServers().map((server) => serverSummaryView(server, root)) }),
    )
    .get("/servers/detail", () =>
      ok({ servers: trilio.listServers().map((server) => serverView(server, root)) }),
    )
    .get("/servers/:id", (_request, { id = "" }) => {
      const server = trilio.findServer(id);
      if (server === undefined) throw new HttpError(404, `Instance ${id} could not be found.`);
      return ok({ server: serverView(server, root) });
    });
}

/**
 * Mounts the default project's Nova (compute) at `/compute/v2.1/{project_id}`, read only: `GET /servers`,
 * `/servers/detail` and `/servers/{id}` answer from `sim.trilio.listServers()`, the VMs the Trilio state says
 * exist. Behind Keystone like workloadmgr (401, 403 for another project); Nova's fault bodies; request ids in
 * `X-Compute-Request-Id` and `X-Openstack-Request-Id`, errors included.
 */
export function createNovaService(trilio: TrilioSim, keystone: KeystoneSim, baseUrl: string): SimService {
  const api = createProjectService(keystone, {
    name: "nova",
    prefix: NOVA_PREFIX,
    version: "v2.1",
    requestIdHeader: "X-Compute-Request-Id",
    router: routes(trilio, `${baseUrl}${NOVA_PREFIX}`),
    projectId: trilio.projectId,
  });
  return {
    ...api,
    handle: async (request) => {
      const openstackId = { "X-Openstack-Request-Id": request.requestId };
      try {
        const reply = await api.handle(request);
        return { ...reply, headers: { ...openstackId, ...reply.headers } };
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        throw new HttpError(error.status, error.message, { ...openstackId, ...error.headers }, error.body);
      }
    },
  };
}
