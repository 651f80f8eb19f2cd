/**
 * Clients of the OpenStack services behind Keystone (TrilioVault, PowerVC's Nova and Cinder, Cinder): the
 * endpoint comes from the service catalog, the credential from a Keystone session.
 */
import { ProviderError } from "../core/errors";
import { ServiceClient } from "../core/http/service-client";
import type { OpenStackConnection } from "./connection";
import { endpointFor, KeystoneSession, type IssuedToken } from "./keystone";

/** A client of one OpenStack service, authenticated with Keystone tokens. */
export type OpenStackServiceClient = ServiceClient<IssuedToken>;

/** A client of one OpenStack service behind Keystone, found in the catalog by `serviceType`. */
export function openStackServiceClient(
  connection: OpenStackConnection,
  options: {
    serviceType: string;
    serviceName: string;
    /** Headers every request needs besides the token (for example `X-Auth-Project-Id`). */
    extraHeaders?: (token: IssuedToken) => Record<string, string>;
    /**
     * The API's versioned root (`/v2.1/{project}`, `/v3/{project}`), appended to the endpoint unless the
     * catalog's URL already carries it: catalogs list either form.
     */
    versionRoot?: string;
    timeoutMs?: number;
    log?: (line: string) => void;
  },
): OpenStackServiceClient {
  const session = KeystoneSession.for(connection);
  return new ServiceClient({
    serviceName: options.serviceName,
    credentials: session,
    endpoint: async () => {
      const endpoint = await endpointFor(connection, options.serviceType);
      return options.versionRoot
        ? withVersionRoot(endpoint, options.versionRoot, await session.token())
        : endpoint;
    },
    authHeaders: (token) => ({ "x-auth-token": token.id, ...options.extraHeaders?.(token) }),
    tls: connection.tls,
    timeoutMs: options.timeoutMs,
    log: options.log,
  });
}

/**
 * `endpoint` ending in `/<version>/<project id>`: kept when it already ends so (the usual catalog form), else
 * completed from `/<version>` or from the service root.
 */
export function withVersionRoot(endpoint: string, version: string, token: { projectId?: string }): string {
  const root = endpoint.replace(/\/+$/, "");
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (new RegExp(`/${escaped}/[^/]+$`).test(root)) return root;
  if (!token.projectId) {
    throw new ProviderError(
      `the endpoint ${root} has no project in it and the token names none: scope it to a project`,
      { connectionFault: true },
    );
  }
  const base = new RegExp(`/${escaped}$`).test(root) ? root : `${root}/${version}`;
  return `${base}/${token.projectId}`;
}
