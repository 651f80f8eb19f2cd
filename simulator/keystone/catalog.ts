import { stableHex32 } from "../core/ids";
import { KEYSTONE_V3_PATH } from "./paths";

/**
 * A service as it appears in the Keystone catalog. Each simulated service declares one; adding a
 * service to the catalog is adding its entry to the list given to Keystone.
 */
export interface CatalogService {
  /** Catalog type clients look up (`identity`, `workloads`, `compute`, `volumev3`, ...). */
  readonly type: string;
  /** Display name (`keystone`, `TrilioVaultWLM`, ...). */
  readonly name: string;
  /** Endpoint path on the simulator for a project (`/trilio/v1/<projectId>`). */
  endpointPath(projectId: string): string;
}

/**
 * The services each project's tokens list, by project id: real Keystone gives projects different
 * catalogs with endpoint filtering. A token's catalog is its project's entry (none: an empty catalog).
 */
export type ProjectCatalogs = Readonly<Record<string, readonly CatalogService[]>>;

/** One endpoint of a catalog entry. */
export interface CatalogEndpoint {
  readonly id: string;
  readonly interface: "public" | "internal" | "admin";
  readonly region: string;
  readonly region_id: string;
  readonly url: string;
}

/** One entry of `token.catalog`. */
export interface CatalogEntry {
  readonly endpoints: readonly CatalogEndpoint[];
  readonly id: string;
  readonly type: string;
  readonly name: string;
}

const INTERFACES = ["public", "internal", "admin"] as const;

/** Keystone's own catalog entry. */
export const IDENTITY_CATALOG_SERVICE: CatalogService = {
  type: "identity",
  name: "keystone",
  endpointPath: () => KEYSTONE_V3_PATH,
};

/**
 * The catalog of a token scoped to `projectId`: every service with a `public`, an `internal` and an
 * `admin` endpoint in `region`, all on the simulator. Ids are derived from the type and the endpoint
 * path, so they are stable across runs and the same service has the same ids in every project's
 * catalog, while two services of one type (a PowerVC and a plain Cinder `volumev3`) differ.
 */
export function buildCatalog(
  baseUrl: string,
  region: string,
  projectId: string,
  services: readonly CatalogService[],
): CatalogEntry[] {
  return services.map((service) => {
    const key = `${service.type}:${service.endpointPath("{project_id}")}`;
    return {
      endpoints: INTERFACES.map((iface) => ({
        id: stableHex32(`endpoint:${key}:${iface}`),
        interface: iface,
        region,
        region_id: region,
        url: `${baseUrl}${service.endpointPath(projectId)}`,
      })),
      id: stableHex32(`service:${key}`),
      type: service.type,
      name: service.name,
    };
  });
}
