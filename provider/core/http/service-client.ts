/**
 * Authenticated requests to one API on the shared HTTP client, whatever issues its credential (Keystone for the
 * OpenStack services, see provider/openstack/service-client.ts; Waldur its own tokens).
 *
 * What callers may rely on:
 * - Paths are relative to the service's endpoint; ids placed in paths must go through {@link pathSegment}, so no
 *   id can change the path.
 * - A 401 renews the credential once and sends the request again (the request was refused, so this is safe for a
 *   POST too); a second 401 is an error.
 */
import type { z } from "zod";
import { ProviderError } from "../errors";
import { HttpClient, type HttpMethod, type HttpResponse, type TlsSettings } from "./http";
import { parseListResponse, parseResponse } from "./parse-response";

/** One request to a service. */
export interface ServiceRequest {
  method: HttpMethod;
  /** Path below the endpoint, starting with "/", built with {@link pathSegment}; may carry a query. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
  idempotent?: boolean;
  acceptStatuses?: readonly number[];
}

/** Where a client gets its credential: a Keystone session, a Waldur session. */
export interface CredentialSource<T extends { id: string }> {
  /** A valid credential, cached or fresh. */
  token(): Promise<T>;
  /**
   * Drops `id` after a service rejected it, so the next {@link CredentialSource.token} fetches another; returns
   * why there is no other to fetch (a fixed token, and where it was given), or undefined when there is.
   */
  invalidate(id: string): string | undefined;
}

/** Settings of a {@link ServiceClient}. */
export interface ServiceClientOptions<T extends { id: string }> {
  /** The API's name in messages. */
  serviceName: string;
  credentials: CredentialSource<T>;
  /** The service's base URL (without a trailing slash). */
  endpoint: () => Promise<string>;
  /** The headers that carry a credential (and anything else every request needs). */
  authHeaders: (credential: T) => Record<string, string>;
  tls?: TlsSettings;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** The user agent every request carries. */
export const USER_AGENT = "pulumi-openstack-dataprotection";

/** An authenticated client of one API. */
export class ServiceClient<T extends { id: string }> {
  private readonly http: HttpClient;

  constructor(private readonly options: ServiceClientOptions<T>) {
    this.http = new HttpClient({
      service: options.serviceName,
      tls: options.tls,
      timeoutMs: options.timeoutMs,
      userAgent: USER_AGENT,
      log: options.log,
    });
  }

  /** The service's base URL. */
  endpoint(): Promise<string> {
    return this.options.endpoint();
  }

  /** Sends a request with a credential, renewing it once on a 401. */
  async send<R = unknown>(request: ServiceRequest): Promise<HttpResponse<R>> {
    return this.sendTo<R>((await this.endpoint()) + request.path, request);
  }

  /**
   * The list at `key` of the answer to `GET path`, each item checked against `item` (errors name the service and
   * `what`, "snapshot list").
   */
  async getList<S extends z.ZodType>(
    path: string,
    item: S,
    { what, key }: { what: string; key: string },
  ): Promise<z.output<S>[]> {
    const response = await this.send({ method: "GET", path });
    return parseListResponse(response, item, { service: this.options.serviceName, what, key });
  }

  /**
   * As {@link ServiceClient.getList}, for the collection at `path` with the filters `query`, across the pages of
   * an OpenStack list: each `next` link at `<key>_links` is followed (a server that sends none gave the whole
   * list). Only the link's query is used, on this endpoint and `path`: a link naming another host (an internal
   * one) never gets the credential.
   */
  async getAllPages<S extends z.ZodType>(
    path: string,
    item: S,
    { what, key, query = {} }: { what: string; key: string; query?: Record<string, string> },
  ): Promise<z.output<S>[]> {
    const items: z.output<S>[] = [];
    const first = new URLSearchParams(query).toString();
    const read = new Set<string>();
    for (let search: string | undefined = first ? `?${first}` : ""; search !== undefined;) {
      read.add(search);
      const response = await this.send({ method: "GET", path: `${path}${search}` });
      items.push(...parseListResponse(response, item, { service: this.options.serviceName, what, key }));
      const link = nextLinkOf(response.body, `${key}_links`);
      search = link === undefined ? undefined : new URL(link, "http://x").search;
      if (search !== undefined && read.has(search)) {
        throw new Error(
          `${this.options.serviceName} GET ${path}: the list of ${what} links back to a page already read ` +
            `(${link}); stopped after ${read.size} pages instead of reading forever`,
        );
      }
    }
    return items;
  }

  /**
   * The object at `key` (default `what`) of the answer to `GET path`, checked against `schema` (errors name the
   * service and `what`); undefined when the service answers 404 (it does not exist). `headers` go with it.
   */
  async getOne<S extends z.ZodType>(
    path: string,
    schema: S,
    what: string,
    { key = what, headers }: { key?: string; headers?: Record<string, string> } = {},
  ): Promise<z.output<S> | undefined> {
    const response = await this.send({ method: "GET", path, headers, acceptStatuses: [404] });
    if (response.status === 404) return undefined;
    return parseResponse(response, schema, { service: this.options.serviceName, what, key });
  }

  /** Sends `request` and returns its answer (at `key`, if given) checked against `schema`, named `what` in errors. */
  async call<S extends z.ZodType>(
    request: ServiceRequest,
    schema: S,
    what: string,
    key?: string,
  ): Promise<z.output<S>> {
    const response = await this.send(request);
    return parseResponse(response, schema, { service: this.options.serviceName, what, key });
  }

  /** As {@link ServiceClient.send}, to an absolute URL the service gave (a pagination link, a task URI). */
  async sendTo<R = unknown>(url: string, request: Omit<ServiceRequest, "path">): Promise<HttpResponse<R>> {
    for (let attempt = 1; ; attempt++) {
      const credential = await this.options.credentials.token();
      try {
        return await this.http.send<R>({
          method: request.method,
          url,
          json: request.json,
          idempotent: request.idempotent,
          acceptStatuses: request.acceptStatuses,
          headers: { ...this.options.authHeaders(credential), ...request.headers },
        });
      } catch (error) {
        if (attempt === 1 && ProviderError.isInstance(error) && error.status === 401) {
          const fixed = this.options.credentials.invalidate(credential.id);
          if (fixed === undefined) continue;
          // Sending the same credential again would be refused again.
          const { serverMessage, requestId, request: sent } = error;
          throw new ProviderError(`${error.reason}: ${fixed}`, {
            status: 401,
            serverMessage,
            requestId,
            request: sent,
          });
        }
        throw error;
      }
    }
  }
}

/**
 * An id or name as one URL path segment: encoded so that `/`, `..`, `?`, `#` or `%2F` in it can never change
 * the path. Empty values and dot segments are refused.
 */
export function pathSegment(value: string): string {
  if (value === "" || value === "." || value === "..") {
    throw new ProviderError(`"${value}" cannot be used as an id`);
  }
  return encodeURIComponent(value);
}

/** The `next` link of an OpenStack list page (`{"<x>_links": [{"rel": "next", "href": ...}]}`), if any. */
export function nextLinkOf(body: unknown, linksKey: string): string | undefined {
  const links = (body as Record<string, unknown> | undefined)?.[linksKey];
  if (!Array.isArray(links)) return undefined;
  const next = links.find((link: { rel?: unknown }) => link?.rel === "next") as
    { href?: unknown } | undefined;
  return typeof next?.href === "string" ? next.href : undefined;
}
