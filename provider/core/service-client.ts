/**
 * Authenticated requests to one OpenStack service (TrilioVault, PowerVC, Cinder), on the shared HTTP client and
 * Keystone session.
 *
 * What callers may rely on:
 * - Paths are relative to the service's endpoint (from the catalog or an override); ids placed in paths must go
 *   through {@link pathSegment}, so no id can change the path.
 * - A 401 renews the token once and sends the request again (the request was refused, so this is safe for a
 *   POST too); a second 401 is an error.
 */
import { ProviderError } from "./errors";
import { HttpClient, type HttpMethod, type HttpResponse } from "./http";
import { endpointFor, KeystoneSession } from "./keystone";
import type { OpenStackConnection } from "./openstack-connection";

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

/** Settings of a {@link ServiceClient}. */
export interface ServiceClientOptions {
  /** Catalog service type, for example "workloads". */
  serviceType: string;
  /** The API's name in messages. */
  serviceName: string;
  /** Headers to add to every request, given the token (for example `X-Auth-Project-Id`). */
  extraHeaders?: (token: { projectId?: string }) => Record<string, string>;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** The user agent every request carries. */
export const USER_AGENT = "pulumi-openstack-dataprotection";

/** An authenticated client of one OpenStack service. */
export class ServiceClient {
  readonly session: KeystoneSession;
  private readonly http: HttpClient;

  constructor(
    private readonly connection: OpenStackConnection,
    private readonly options: ServiceClientOptions,
  ) {
    this.session = KeystoneSession.for(connection);
    this.http = new HttpClient({
      service: options.serviceName,
      tls: connection.tls,
      timeoutMs: options.timeoutMs,
      userAgent: USER_AGENT,
      log: options.log,
    });
  }

  /** The service's base URL. */
  endpoint(): Promise<string> {
    return endpointFor(this.connection, this.options.serviceType);
  }

  /** Sends a request with a token, renewing the token once on a 401. */
  async send<T = unknown>(request: ServiceRequest): Promise<HttpResponse<T>> {
    const base = await this.endpoint();
    for (let attempt = 1; ; attempt++) {
      const token = await this.session.token();
      try {
        return await this.http.send<T>({
          method: request.method,
          url: `${base}${request.path}`,
          json: request.json,
          idempotent: request.idempotent,
          acceptStatuses: request.acceptStatuses,
          headers: {
            "x-auth-token": token.id,
            ...this.options.extraHeaders?.(token),
            ...request.headers,
          },
        });
      } catch (error) {
        if (attempt === 1 && ProviderError.isInstance(error) && error.status === 401) {
          this.session.invalidate(token.id);
          continue;
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
