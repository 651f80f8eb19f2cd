import { type RouteHandler, Router } from "../core/router";

/** One admin endpoint as `GET /__admin/` lists it. */
export interface AdminEndpoint {
  readonly method: string;
  /** The full path, prefix included (`/__admin/faults/:id`). */
  readonly path: string;
  /** What it does, in a line. */
  readonly does: string;
}

/**
 * A {@link Router} whose routes each say what they do, so the admin API's index lists exactly the routes it
 * serves.
 */
export class DocumentedRoutes {
  /** The routes, for dispatching. */
  readonly router = new Router();
  private readonly listed: AdminEndpoint[] = [];

  /** @param prefix - where the routes are mounted, shown in {@link endpoints}. */
  constructor(private readonly prefix: string) {}

  /** Adds a route that `does` what it says; returns this for chaining. */
  on(method: "GET" | "POST" | "DELETE", pattern: string, does: string, handler: RouteHandler): this {
    this.router.on(method, pattern, handler);
    this.listed.push({ method, path: `${this.prefix}${pattern}`, does });
    return this;
  }

  /** Every route added so far, in order. */
  endpoints(): readonly AdminEndpoint[] {
    return [...this.listed];
  }
}
