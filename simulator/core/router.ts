import { HttpError, type Reply, type ServiceRequest } from "./service";

/** Path parameters captured by a route pattern (`/restores/:restoreId` gives `restoreId`). */
export type RouteParams = Readonly<Record<string, string>>;

/** Answers a request matched by a route. */
export type RouteHandler = (request: ServiceRequest, params: RouteParams) => Reply | Promise<Reply>;

/** How {@link Router.match} resolved a request. */
export type RouteMatch =
  | { readonly kind: "found"; readonly handler: RouteHandler; readonly params: RouteParams }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not-found" };

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): RouteParams | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const value = actual[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeSegment(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/**
 * A small method + path router. Patterns are slash-separated with `:name` parameters; routes are
 * tried in the order they were added, so add literal paths (`/restores/detail`) before parameterised
 * ones (`/restores/:restoreId`).
 */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route and returns the router for chaining. */
  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  /** Shorthand for `on("GET", ...)`. */
  get(pattern: string, handler: RouteHandler): this {
    return this.on("GET", pattern, handler);
  }

  /** Shorthand for `on("POST", ...)`. */
  post(pattern: string, handler: RouteHandler): this {
    return this.on("POST", pattern, handler);
  }

  /** Shorthand for `on("DELETE", ...)`. */
  delete(pattern: string, handler: RouteHandler): this {
    return this.on("DELETE", pattern, handler);
  }

  /** Finds the route for `method` and `path`, or says why there is none. */
  match(method: string, path: string): RouteMatch {
    const actual = splitPath(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, actual);
      if (params === undefined) continue;
      if (route.method === method.toUpperCase()) return { kind: "found", handler: route.handler, params };
      if (!allowed.includes(route.method)) allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

/** How a service answers a known path asked with a method it does not serve. */
export interface DispatchOptions {
  /**
   * 405 with an `Allow` header (Flask-based Keystone, Django-based Waldur), or 404 as Nova-derived
   * services built on `routes` do (Trilio: "a PUT on a restore is a 404").
   */
  readonly wrongMethodStatus: 404 | 405;
  /**
   * The error for a path no route knows (and, with `wrongMethodStatus` 404, a known path asked with
   * another method). Default: 404 with {@link NOT_FOUND_MESSAGE} in the service's fault body.
   */
  readonly notFound?: (request: ServiceRequest) => HttpError;
}

/** Message of the 404 answered for a path no route knows. */
export const NOT_FOUND_MESSAGE = "The resource could not be found.";

/**
 * Runs the route matching `request.method` and `path`; throws {@link HttpError} 404 (or 405, see
 * {@link DispatchOptions}) when there is none.
 */
export function dispatch(
  router: Router,
  request: ServiceRequest,
  path: string,
  options: DispatchOptions,
): Reply | Promise<Reply> {
  const match = router.match(request.method, path);
  if (match.kind === "found") return match.handler(request, match.params);
  if (match.kind === "method-not-allowed" && options.wrongMethodStatus === 405) {
    throw new HttpError(405, "The method is not allowed for the requested URL.", {
      Allow: match.allowed.join(", "),
    });
  }
  throw options.notFound?.(request) ?? new HttpError(404, NOT_FOUND_MESSAGE);
}
