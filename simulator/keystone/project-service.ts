import { openstackFaultBody } from "../core/fault-bodies";
import { dispatch, NOT_FOUND_MESSAGE, type RouteHandler, type Router } from "../core/router";
import { HttpError, type ServiceRequest, type SimService } from "../core/service";
import { type KeystoneSim } from "./keystone-sim";

/** Options of {@link createProjectService}. */
export interface ProjectServiceOptions {
  /** Service name, recorded in the request log and matched by fault rules. */
  readonly name: string;
  /** Where it is mounted (`/trilio`). */
  readonly prefix: string;
  /** The path segment before the project id (`v1`, `v2.1`, `v3`). */
  readonly version: string;
  /** Response header carrying the request id. */
  readonly requestIdHeader: string;
  /** Routes below `/{version}/{project_id}`. */
  readonly router: Router;
  /** The only project the service holds data for: another one answers 403 (default: any project). */
  readonly projectId?: string;
  /** The service's error body (default: Nova-style, {@link openstackFaultBody}). */
  readonly faultBody?: SimService["faultBody"];
  /**
   * The error for a token scoped to another project than the URL's (default: 403). Cinder answers
   * 400 "Malformed request url".
   */
  readonly projectMismatch?: (urlProjectId: string) => HttpError;
  /**
   * Answers `/{version}` and `/{version}/` themselves (a version document), for a token of any
   * project (default: 404).
   */
  readonly versionRoot?: RouteHandler;
  /** The error for a path no route knows (default: 404 with the fault body). */
  readonly notFound?: (request: ServiceRequest) => HttpError;
}

/**
 * A Nova-derived service behind Keystone, at `{prefix}/{version}/{project_id}/...`. Every request
 * needs a valid token scoped to the URL's project (401 / 403 otherwise, checked before routing as
 * keystonemiddleware does); errors use Nova-style fault bodies; a known path asked with another method
 * is a 404, as with the `routes` mapper these services are built on.
 */
export function createProjectService(keystone: KeystoneSim, options: ProjectServiceOptions): SimService {
  const version = options.version.replaceAll(".", "\\.");
  const projectPath = new RegExp(`^/${version}/([^/]+)(/.*)?$`);
  const rootPath = new RegExp(`^/${version}/?$`);
  const { projectMismatch, versionRoot, notFound } = options;
  return {
    name: options.name,
    prefix: options.prefix,
    requestIdHeader: options.requestIdHeader,
    faultBody: options.faultBody ?? openstackFaultBody,
    handle: (request) => {
      const [, projectId, rest = "/"] = projectPath.exec(request.path) ?? [];
      const token = keystone.authorize(request.headers, projectMismatch ? undefined : projectId);
      if (projectId === undefined) {
        if (versionRoot && rootPath.test(request.path)) return versionRoot(request, {});
        throw notFound?.(request) ?? new HttpError(404, NOT_FOUND_MESSAGE);
      }
      if (projectMismatch && token.projectId !== projectId) throw projectMismatch(projectId);
      if (options.projectId !== undefined && projectId !== options.projectId) {
        throw new HttpError(403, `Project ${projectId} has no access to this service.`);
      }
      return dispatch(options.router, request, rest, { wrongMethodStatus: 404, notFound });
    },
  };
}
