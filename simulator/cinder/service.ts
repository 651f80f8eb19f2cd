import { NOT_FOUND_MESSAGE, type RouteHandler, type RouteParams, Router } from "../core/router";
import { HttpError, type Reply, type ServiceRequest, type SimService } from "../core/service";
import { type CatalogService } from "../keystone/catalog";
import { type KeystoneSim } from "../keystone/keystone-sim";
import { createProjectService } from "../keystone/project-service";
import { type CinderSim } from "./cinder-sim";
import { BACKUP_LIST, type Listing, SNAPSHOT_LIST, VOLUME_LIST } from "./collections";
import { cinderFaultBody, malformedUrl } from "./faults";
import { routerNotFound } from "./not-found";
import { listPage, pageBody } from "./listing";
import {
  API_VERSION_HEADER,
  type ApiVersion,
  atLeast,
  FEATURE_MINORS,
  negotiateVersion,
  versionDocument,
  versionHeaders,
} from "./microversion";
import {
  parseBackupCreate,
  parseBackupUpdate,
  parseCascade,
  parseRestore,
  parseSnapshotCreate,
  parseVolumeAction,
  parseVolumeCreate,
  parseVolumeUpdate,
} from "./requests";
import {
  backupSummaryView,
  backupView,
  restoreView,
  snapshotDetailView,
  snapshotView,
  type ViewContext,
  volumeView,
} from "./views";

/** Where Cinder is mounted on the simulator. */
export const CINDER_PREFIX = "/cinder";

const endpointPath = (projectId: string): string => `${CINDER_PREFIX}/v3/${projectId}`;

/**
 * Cinder's entries of the default project's catalog, as DevStack registers them: `volumev3`
 * (cinderclient) and `block-storage` (openstacksdk), on the same endpoint.
 */
export const CINDER_CATALOG_SERVICES: readonly CatalogService[] = [
  { type: "volumev3", name: "cinderv3", endpointPath },
  { type: "block-storage", name: "cinder", endpointPath },
];

/** A route handler that also gets the request's microversion. */
type VersionedHandler = (request: ServiceRequest, params: RouteParams, version: ApiVersion) => Reply;

/**
 * Wraps a handler in Cinder's API layer: reads the microversion (400 / 406 / 500 as Cinder), and puts
 * the version headers and `X-Compute-Request-Id` on the answer, errors included. `plain`: the answer
 * Cinder builds without its serializer (a volume or snapshot delete) has no `X-Compute-Request-Id` and
 * is `text/html` (its errors are like the others).
 */
function versioned(cinder: CinderSim, handler: VersionedHandler, plain = false): RouteHandler {
  return (request, params) => {
    const computeId = { "X-Compute-Request-Id": request.requestId };
    let version: ApiVersion | undefined;
    try {
      version = negotiateVersion(request.headers[API_VERSION_HEADER.toLowerCase()], cinder.maxVersion);
      const reply = handler(request, params, version);
      const kind = plain ? { "Content-Type": "text/html; charset=UTF-8" } : computeId;
      return { ...reply, headers: { ...kind, ...versionHeaders(version), ...reply.headers } };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const headers = { ...computeId, ...(version ? versionHeaders(version) : {}), ...error.headers };
      throw new HttpError(error.status, error.message, headers, error.body);
    }
  };
}

function routes(cinder: CinderSim, root: string): Router {
  const context = (version: ApiVersion): ViewContext => ({
    baseUrl: root,
    projectId: cinder.projectId,
    userId: cinder.userId,
    version,
  });
  const router = new Router();
  const collectionUrl = (name: string, detail: boolean) =>
    `${root}/v3/${cinder.projectId}/${name}${detail ? "/detail" : ""}`;
  const on = (method: string, pattern: string, handler: VersionedHandler, plain = false) =>
    router.on(method, pattern, versioned(cinder, handler, plain));
  const list =
    <T extends { readonly id: string }>(
      listing: Listing<T>,
      items: () => readonly T[],
      detail: boolean,
    ): VersionedHandler =>
    (request, _params, version) => {
      const url = collectionUrl(listing.name, detail);
      const page = listPage(items(), request.query, listing, version, url);
      const view = detail ? listing.detail : listing.summary;
      return ok(pageBody(listing.name, page, (item) => view(item, context(version))));
    };
  const volumes = () => cinder.listVolumes();
  const snapshots = () => cinder.listSnapshots();
  const backups = () => cinder.listBackups();
  on("GET", "/volumes", list(VOLUME_LIST, volumes, false));
  on("GET", "/volumes/detail", list(VOLUME_LIST, volumes, true));
  on("POST", "/volumes", (request, _params, version) => {
    const volume = cinder.createVolume(parseVolumeCreate(request.body));
    return ok({ volume: volumeView(volume, context(version), false) }, 202);
  });
  on("GET", "/volumes/:id", (_request, { id = "" }, version) =>
    ok({ volume: volumeView(cinder.getVolume(id), context(version)) }),
  );
  on("PUT", "/volumes/:id", (request, { id = "" }, version) => {
    const volume = cinder.updateVolume(id, parseVolumeUpdate(request.body, version));
    return ok({ volume: volumeView(volume, context(version), false) });
  });
  on(
    "DELETE",
    "/volumes/:id",
    (request, { id = "" }) => {
      cinder.deleteVolume(id, parseCascade(request.query));
      return { status: 202 };
    },
    true,
  );
  on("POST", "/volumes/:id/action", (request, { id = "" }) => {
    cinder.volumeAction(id, parseVolumeAction(request.body));
    return { status: 202 };
  });
  on("GET", "/snapshots", list(SNAPSHOT_LIST, snapshots, false));
  on("GET", "/snapshots/detail", list(SNAPSHOT_LIST, snapshots, true));
  on("POST", "/snapshots", (request, _params, version) => {
    const inUseAllowed = atLeast(version, FEATURE_MINORS.snapshotInUse);
    const snapshot = cinder.createSnapshot(parseSnapshotCreate(request.body), inUseAllowed);
    return ok({ snapshot: snapshotView(snapshot, context(version)) }, 202);
  });
  on("GET", "/snapshots/:id", (_request, { id = "" }, version) =>
    ok({ snapshot: snapshotDetailView(cinder.getSnapshot(id), context(version)) }),
  );
  on(
    "DELETE",
    "/snapshots/:id",
    (_request, { id = "" }) => {
      cinder.deleteSnapshot(id);
      return { status: 202 };
    },
    true,
  );
  on("GET", "/backups", list(BACKUP_LIST, backups, false));
  on("GET", "/backups/detail", list(BACKUP_LIST, backups, true));
  on("POST", "/backups", (request, _params, version) => {
    const backup = cinder.createBackup(parseBackupCreate(request.body, version));
    return ok({ backup: backupSummaryView(backup, context(version)) }, 202);
  });
  on("GET", "/backups/:id", (_request, { id = "" }, version) =>
    ok({ backup: backupView(cinder.getBackup(id), context(version)) }),
  );
  on("PUT", "/backups/:id", (request, { id = "" }, version) => {
    // below 3.9 the method does not exist: Cinder's JSON 404, not the router's page
    if (!atLeast(version, FEATURE_MINORS.backupUpdate)) throw new HttpError(404, NOT_FOUND_MESSAGE);
    const backup = cinder.updateBackup(id, parseBackupUpdate(request.body, version));
    return ok({ backup: backupSummaryView(backup, context(version)) });
  });
  on("DELETE", "/backups/:id", (_request, { id = "" }) => {
    cinder.deleteBackup(id);
    return { status: 202 };
  });
  on("POST", "/backups/:id/restore", (request, { id = "" }) => {
    const { backup, volume } = cinder.restoreBackup(id, parseRestore(request.body));
    return ok(restoreView(backup, volume), 202);
  });
  return router;
}

function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/**
 * Mounts Cinder v3 under `/cinder`: the version document at `/cinder/` (no token, 300) and
 * `/cinder/v3/` (any project's token, 200), and volumes, snapshots and backups at
 * `/cinder/v3/{project_id}` (the default project's token; another project in the URL answers 400
 * "Malformed request url", as Cinder does). Errors are Cinder's fault bodies (keystonemiddleware's
 * for 401); unknown paths get webob's 404 page (HTML, JSON or text, by `Accept`); request ids are in
 * `X-Openstack-Request-Id` and `X-Compute-Request-Id`.
 */
export function createCinderService(cinder: CinderSim, keystone: KeystoneSim, baseUrl: string): SimService {
  const root = `${baseUrl}${CINDER_PREFIX}`;
  const document =
    (status: number): VersionedHandler =>
    () =>
      ok(versionDocument(`${root}/v3/`, cinder.maxVersion), status);
  const api = createProjectService(keystone, {
    name: "cinder",
    prefix: CINDER_PREFIX,
    version: "v3",
    requestIdHeader: "X-Openstack-Request-Id",
    router: routes(cinder, root),
    projectId: cinder.projectId,
    faultBody: cinderFaultBody,
    projectMismatch: malformedUrl,
    versionRoot: versioned(cinder, document(200)),
    notFound: routerNotFound,
  });
  const versions = versioned(cinder, document(300));
  return {
    ...api,
    handle: (request) => (request.path === "/" ? versions(request, {}) : api.handle(request)),
  };
}
