/**
 * The provider's one error type. Every failure a user sees reads the same way, in the phrasing of
 * terraform-provider-openstack:
 *
 * `Error restoring trilio.Restore "db-restore" (id 3df1d432-…): snapshot 2e56… is not available (HTTP 400, request req-7e18…)`
 *
 * Messages are redacted: no credential ever appears in one.
 */
import { redact } from "./redact";

const BRAND = Symbol.for("pulumi-openstack-dataprotection:ProviderError");

/** What a {@link ProviderError} knows beyond its reason; every field is optional. */
export interface ProviderErrorDetails {
  /** The verb of the failed operation, in the -ing form: "creating", "restoring", "deleting", "reading". */
  operation?: string;
  /** The resource as a user names it: `trilio.Restore "db-restore"`. */
  resource?: string;
  /**
   * The remote object's id, when one is known. (Not named `id`: the dynamic-provider host treats an error with an
   * `id` as a partially created resource, which only {@link asPartialFailure} may declare.)
   */
  resourceId?: string;
  /** The HTTP status the server answered with. */
  status?: number;
  /** The server's own explanation (from its fault body), verbatim. */
  serverMessage?: string;
  /** The request id the server gave (`X-Openstack-Request-Id`, `X-Compute-Request-Id`, …). */
  requestId?: string;
  /** The HTTP method and path (no query, no host) of the failed request. */
  request?: string;
  /**
   * True when a request that starts an operation failed in a way that leaves its outcome unknown (the connection
   * dropped after the request was sent, a gateway timeout): the operation may or may not have started.
   */
  ambiguous?: boolean;
  /** True when retrying later may succeed (throttling, a busy object, a transient outage). */
  transient?: boolean;
  /** True when the service could not be reached at all (no connection, no answer, TLS refused). */
  unreachable?: boolean;
  /**
   * True when the resource's connection is at fault, not its other inputs: Keystone refused the credentials, the
   * auth URL is not Keystone's, the catalog has no such endpoint.
   */
  connectionFault?: boolean;
}

/**
 * An error from a provider operation, carrying what a user needs to act on it: operation, resource, remote id,
 * HTTP status, the server's message and its request id.
 */
export class ProviderError extends Error implements ProviderErrorDetails {
  /** Brand that survives duplicate copies of this module (see {@link ProviderError.isInstance}). */
  readonly [BRAND] = true;
  readonly operation?: string;
  readonly resource?: string;
  readonly resourceId?: string;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly request?: string;
  readonly ambiguous?: boolean;
  readonly transient?: boolean;
  readonly unreachable?: boolean;
  readonly connectionFault?: boolean;
  /** What went wrong, without the operation/resource prefix or the HTTP suffix. */
  readonly reason: string;

  constructor(reason: string, details: ProviderErrorDetails = {}) {
    const safeReason = redact(reason);
    const safeDetails: ProviderErrorDetails = {
      operation: details.operation,
      resource: details.resource,
      resourceId: details.resourceId,
      status: details.status,
      serverMessage: details.serverMessage && redact(details.serverMessage),
      requestId: details.requestId,
      request: details.request,
      ambiguous: details.ambiguous,
      transient: details.transient,
      unreachable: details.unreachable,
      connectionFault: details.connectionFault,
    };
    super(formatMessage(safeReason, safeDetails));
    this.name = "ProviderError";
    this.reason = safeReason;
    Object.assign(this, safeDetails);
  }

  /** True for a ProviderError from any copy of this module. */
  static isInstance(value: unknown): value is ProviderError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /**
   * Wraps any thrown value in a ProviderError that names the operation and resource. A ProviderError keeps its
   * HTTP details and gains the context it lacks; anything else keeps its (redacted) message.
   */
  static wrap(
    error: unknown,
    context: Pick<ProviderErrorDetails, "operation" | "resource" | "resourceId">,
  ): ProviderError {
    if (ProviderError.isInstance(error)) {
      return new ProviderError(error.reason, {
        ...pickDetails(error),
        operation: error.operation ?? context.operation,
        resource: error.resource ?? context.resource,
        resourceId: error.resourceId ?? context.resourceId,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ProviderError(reason, context);
  }
}

function pickDetails(error: ProviderError): ProviderErrorDetails {
  const { operation, resource, resourceId, status, serverMessage, requestId, request, ambiguous, transient } =
    error;
  const { unreachable, connectionFault } = error;
  return {
    operation,
    resource,
    resourceId,
    status,
    serverMessage,
    requestId,
    request,
    ambiguous,
    transient,
    unreachable,
    connectionFault,
  };
}

function formatMessage(reason: string, d: ProviderErrorDetails): string {
  let prefix = "";
  if (d.operation || d.resource) {
    prefix = `Error ${[d.operation, d.resource].filter(Boolean).join(" ")}`;
    if (d.resourceId) prefix += ` (id ${d.resourceId})`;
    prefix += ": ";
  }
  const http: string[] = [];
  if (d.status !== undefined) http.push(`HTTP ${d.status}`);
  if (d.requestId) http.push(`request ${d.requestId}`);
  const suffix = http.length > 0 ? ` (${http.join(", ")})` : "";
  return `${prefix}${reason}${suffix}`;
}

/**
 * The fields the dynamic-provider host reads from an error thrown by `create` or `update` to record a partially
 * created resource (`pulumirpc.ErrorResourceInitFailed`): the resource exists remotely with this id and these
 * properties, and is kept in state so it is neither orphaned nor created twice.
 */
export interface PartialFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/**
 * Turns `error` into one the host records as a partially created (or partially updated) resource. `properties`
 * are the outputs to record; the host needs `__provider` among them for later operations, so it is copied from
 * `inputs`.
 */
export function asPartialFailure(
  error: ProviderError,
  id: string,
  outputs: Record<string, unknown>,
  inputs: Record<string, unknown>,
): ProviderError & PartialFailure {
  const details = { ...pickDetails(error), resourceId: id };
  const failure = new ProviderError(error.reason, details) as ProviderError & PartialFailure;
  failure.id = id;
  failure.properties = { ...outputs, __provider: inputs.__provider };
  failure.reasons = [error.message];
  return failure;
}

/** True for an error that records a partially created resource (see {@link asPartialFailure}). */
export function isPartialFailure(error: unknown): error is ProviderError & PartialFailure {
  const partial = error as Partial<PartialFailure> | undefined;
  return typeof partial?.id === "string" && partial.properties !== undefined;
}

/**
 * Runs what a create does once its remote object exists (waiting for it, setting it up). An error then records
 * the object as partially created, with `outputs()` as it was last known, so that it is neither lost nor made
 * again: the next update resumes where this one stopped. An error that records it already passes through.
 */
export async function recordOnFailure<T>(
  id: string,
  outputs: () => Record<string, unknown>,
  inputs: Record<string, unknown>,
  rest: () => Promise<T>,
): Promise<T> {
  try {
    return await rest();
  } catch (error) {
    if (isPartialFailure(error)) throw error;
    throw asPartialFailure(ProviderError.wrap(error, {}), id, outputs(), inputs);
  }
}
