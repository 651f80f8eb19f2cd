/** What a simulated service sees of one HTTP request. */
export interface ServiceRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path below the service's prefix, without the query (`/v3/auth/tokens` for Keystone). */
  readonly path: string;
  /** Query parameters (for a repeated name, the last value). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, the raw text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /**
   * The id the server sends in {@link SimService.requestIdHeader}, for a service that also sends it in
   * a second header (Cinder: `X-Compute-Request-Id` beside `X-Openstack-Request-Id`).
   */
  readonly requestId: string;
}

/** A response a service hands back to the server. */
export interface Reply {
  /** HTTP status. */
  readonly status: number;
  /** `undefined`: empty body; a string: sent as is; anything else: sent as JSON. */
  readonly body?: unknown;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Thrown by service code to answer with an error: the server turns it into the service's own fault
 * body (see {@link SimService.faultBody}), or sends `body` when one is given.
 */
export class HttpError extends Error {
  /**
   * @param status - the HTTP status to answer with
   * @param message - the human-readable explanation put in the fault body
   * @param headers - extra response headers (for example `WWW-Authenticate`)
   * @param body - a body to send instead of the fault body (Waldur's field errors `{"name": [...]}`)
   */
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** One simulated API mounted on the simulator's HTTP server under its own path prefix. */
export interface SimService {
  /** Short name recorded in the request log and matched by fault rules (`"keystone"`, `"trilio"`). */
  readonly name: string;
  /** Path prefix the service is mounted under, without a trailing slash (`"/identity"`). */
  readonly prefix: string;
  /** Response header carrying the request id (`X-Openstack-Request-Id`, `X-Compute-Request-Id`). */
  readonly requestIdHeader: string;
  /** The body this service sends for an error status (its own fault shape). */
  faultBody(status: number, message: string): unknown;
  /** Answers one request; may throw {@link HttpError}. */
  handle(request: ServiceRequest): Reply | Promise<Reply>;
}
