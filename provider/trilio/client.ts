/**
 * The TrilioVault workloadmgr API (`/v1/{project_id}`, catalog type `workloads`), as the restore resource uses
 * it and its lookups read it. Field names stay the API's here; the resource speaks camelCase.
 */
import { z } from "zod";
import { bulkLookups, bulkPresence } from "../core/bulk-lookup";
import { offersService } from "../openstack/keystone";
import type { OpenStackConnection } from "../openstack/connection";
import { pathSegment } from "../core/http/service-client";
import { openStackServiceClient, type OpenStackServiceClient } from "../openstack/service-client";
import {
  restoreSchema,
  snapshotSchema,
  workloadSchema,
  type TrilioRestore,
  type TrilioSnapshot,
  type TrilioWorkload,
} from "./api";

const SERVICE = "TrilioVault";
/** The compute service (Nova) of the same cloud, asked only whether a VM exists. */
const COMPUTE = "Nova";

/** The body of `POST /snapshots/{id}`. */
export interface RestoreRequest {
  name: string;
  description: string;
  options: Record<string, unknown>;
}

/** Lists of snapshots and of workloads that answer preview-time lookups, per connection (see ../core/bulk-lookup). */
const listedSnapshots = bulkLookups((snapshot: TrilioSnapshot) => snapshot.id);
const listedWorkloads = bulkLookups((workload: TrilioWorkload) => workload.id);
/** The project's VMs, by id, which tell preview-time checks that a VM is gone (see ../core/bulk-lookup). */
const listedServers = bulkPresence((server: { id: string }) => server.id);

/** A VM of Nova's server list: only its id is read. */
const serverSchema = z.looseObject({ id: z.string() });

/** A client of one project's workloadmgr endpoint. */
export class TrilioClient {
  private readonly service: OpenStackServiceClient;
  private readonly compute: OpenStackServiceClient;

  constructor(
    private readonly connection: OpenStackConnection,
    options: { log?: (line: string) => void } = {},
  ) {
    this.service = openStackServiceClient(connection, {
      serviceType: "workloads",
      serviceName: SERVICE,
      // An endpoint (an override, or a catalog entry) given without the project path gets it.
      versionRoot: "v1",
      // Trilio's own clients send the project on every request; some deployments require it.
      extraHeaders: (token): Record<string, string> =>
        token.projectId ? { "x-auth-project-id": token.projectId } : {},
      log: options.log,
    });
    this.compute = openStackServiceClient(connection, {
      serviceType: "compute",
      serviceName: COMPUTE,
      versionRoot: "v2.1",
      log: options.log,
    });
  }

  /**
   * Whether each VM exists in the cloud's compute service (Nova), by id; undefined when the connection reaches no
   * compute service, so nobody can tell.
   */
  async serversExist(ids: readonly string[]): Promise<Map<string, boolean> | undefined> {
    if (!(await offersService(this.connection, "compute"))) return undefined;
    const answers = await Promise.all(
      ids.map(async (id) => {
        // The project's list may tell that a VM is gone; that it exists is always read now.
        if ((await listedServers(this.connection, id, () => this.listServers())) === false) {
          return [id, false] as const;
        }
        const response = await this.compute.send({
          method: "GET",
          path: `/servers/${pathSegment(id)}`,
          acceptStatuses: [404],
        });
        return [id, response.status !== 404] as const;
      }),
    );
    return new Map(answers);
  }

  /** Every VM of the project (`GET /servers`, every page). */
  private listServers(): Promise<{ id: string }[]> {
    return this.compute.getAllPages("/servers", serverSchema, { what: "server list", key: "servers" });
  }

  /** A snapshot, or undefined when it does not exist. */
  async getSnapshot(id: string): Promise<TrilioSnapshot | undefined> {
    return this.service.getOne(`/snapshots/${pathSegment(id)}`, snapshotSchema, "snapshot");
  }

  /** A workload, or undefined when it does not exist. */
  async getWorkload(id: string): Promise<TrilioWorkload | undefined> {
    return this.service.getOne(`/workloads/${pathSegment(id)}`, workloadSchema, "workload");
  }

  /**
   * The project's snapshots with their instances (workloadmgr's `GET /snapshots/detail`), those `filters` select
   * (`workload_id`, `date_from`, `date_to`), across pages where the server pages; a server may cap the list, so a
   * snapshot missing from it may still exist.
   */
  listSnapshots(filters: Record<string, string> = {}): Promise<TrilioSnapshot[]> {
    return this.service.getAllPages("/snapshots/detail", snapshotSchema, {
      what: "snapshot list",
      key: "snapshots",
      query: filters,
    });
  }

  /** The project's workloads, as the summary list shows them (`GET /workloads`). */
  listWorkloads(): Promise<TrilioWorkload[]> {
    return this.service.getList("/workloads", workloadSchema, { what: "workload list", key: "workloads" });
  }

  /**
   * A snapshot as a recent list of the project's snapshots shows it, once this process has looked up several:
   * undefined means "read it individually". Only for letting a preview-time check pass.
   */
  listedSnapshot(id: string): Promise<TrilioSnapshot | undefined> {
    return listedSnapshots(this.connection, id, () => this.listSnapshots());
  }

  /** As {@link listedSnapshot}, for a workload. */
  listedWorkload(id: string): Promise<TrilioWorkload | undefined> {
    return listedWorkloads(this.connection, id, () => this.listWorkloads());
  }

  /** Starts a restore of a snapshot. Not idempotent: every call that succeeds starts one. */
  async startRestore(snapshotId: string, request: RestoreRequest): Promise<TrilioRestore> {
    return this.service.call(
      {
        method: "POST",
        path: `/snapshots/${pathSegment(snapshotId)}`,
        json: { restore: request },
      },
      restoreSchema,
      "restore",
      "restore",
    );
  }

  /** A restore, or undefined when it does not exist. */
  async getRestore(id: string): Promise<TrilioRestore | undefined> {
    return this.service.getOne(`/restores/${pathSegment(id)}`, restoreSchema, "restore");
  }

  /** The restores of a snapshot, with details. */
  listRestores(snapshotId: string): Promise<TrilioRestore[]> {
    const path = `/restores/detail?snapshot_id=${encodeURIComponent(snapshotId)}`;
    return this.service.getList(path, restoreSchema, { what: "restore list", key: "restores" });
  }

  /** Asks a running restore to stop (a GET, as the API has it). A no-op on a finished restore. */
  async cancelRestore(id: string): Promise<void> {
    await this.service.send({ method: "GET", path: `/restores/${pathSegment(id)}/cancel` });
  }

  /** Deletes a finished restore's record; true if it was deleted, false if it was already gone. */
  async deleteRestore(id: string): Promise<boolean> {
    const response = await this.service.send({
      method: "DELETE",
      path: `/restores/${pathSegment(id)}`,
      acceptStatuses: [404],
    });
    return response.status !== 404;
  }
}
