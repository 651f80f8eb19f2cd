import { drfErrorBody } from "../core/fault-bodies";
import { type Router } from "../core/router";
import { type Reply, type ServiceRequest, type SimService } from "../core/service";
import { methodNotAllowed, notFound } from "./errors";
import { waldurRoutes } from "./routes";
import { type WaldurSim } from "./waldur-sim";

/** Where Waldur is mounted on the simulator. */
export const WALDUR_PREFIX = "/waldur";

/** Paths that need no token. */
const PUBLIC_PATHS = /^\/api-auth\//;

function queryString(query: Readonly<Record<string, string>>): string {
  const text = new URLSearchParams(query).toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * Answers one request: a path without its trailing slash is redirected (301, every method, as
 * Django's APPEND_SLASH) when the slashed path exists; an unknown path is a 404; then the token is
 * checked (401) before the method (405, DRF's message).
 */
function answer(router: Router, waldur: WaldurSim, request: ServiceRequest): Reply | Promise<Reply> {
  const { method, path } = request;
  waldur.settle();
  if (!path.endsWith("/")) {
    if (router.match("GET", `${path}/`).kind === "not-found") throw notFound();
    return { status: 301, headers: { Location: `${WALDUR_PREFIX}${path}/${queryString(request.query)}` } };
  }
  const match = router.match(method, path);
  if (match.kind === "not-found") throw notFound();
  if (match.kind === "found") return match.handler(request, match.params);
  if (!PUBLIC_PATHS.test(path)) waldur.operations.authenticate(request.headers);
  throw methodNotAllowed(method, match.allowed);
}

/**
 * Mounts the Waldur API under `/waldur`: the API root `/waldur/api/` and the token endpoint
 * `/waldur/api-auth/password/`. Token auth (`Authorization: Token <key>`), DRF error bodies
 * (`{"detail": ...}`, or field errors), Waldur's pagination headers. Not behind Keystone.
 */
export function createWaldurService(waldur: WaldurSim): SimService {
  const router = waldurRoutes(waldur);
  return {
    name: "waldur",
    prefix: WALDUR_PREFIX,
    requestIdHeader: "X-Request-Id",
    faultBody: drfErrorBody,
    handle: (request) => answer(router, waldur, request),
  };
}
