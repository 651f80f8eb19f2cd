/**
 * The TrilioVault workloadmgr API (`/v1/{project_id}`, catalog type `workloads`), as the restore resource uses
 * it. Field names stay the API's here; the resource speaks camelCase.
 */
import { bulkLookups } from "../core/bulk-lookup";
import type { OpenStackConnection } from "../core/openstack-connection";
import { parseResponse } from "../core/parse-response";
import { openStackServiceClient, pathSegment, type ServiceClient } from "../core/service-client";
import {
  restoreSchema,
  snapshotSchema,
  workloadSchema,
  type TrilioRestore,
  type TrilioSnapshot,
  type TrilioWorkload,
} from "./api";

const SERVICE = "TrilioVault";

/** The body of `POST /snapshots/{id}`. */
export interface RestoreRequest {
  name: string;
  description: string;
  options: Record<string, unknown>;
}

/** Lists of snapshots and of workloads that answer preview-time lookups, per connection (see ../core/bulk-lookup). */
const listedSnapshots = bulkLookups((snapshot: TrilioSnapshot) => snapshot.id);
const listedWorkloads = bulkLookups((workload: TrilioWorkload) => workload.id);

/** A client of one project's workloadmgr endpoint. */
export class TrilioClient {
  private readonly service: ServiceClient;

  constructor(
    private readonly connection: OpenStackConnection,
    options: { log?: (line: string) => void } = {},
  ) {
    this.service = openStackServiceClient(connection, {
      serviceType: "workloads",
      serviceName: SERVICE,
      // Trilio's own clients send the project on every request; some deployments require it.
      extraHeaders: (token): Record<string, string> =>
        token.projectId ? { "x-auth-project-id": token.projectId } : {},
      log: options.log,
    });
  }

  /** A snapshot, or undefined when it does not exist. */
  async getSnapshot(id: string): Promise<TrilioSnapshot | undefined> {
    const response = await this.service.send({
      method: "GET",
      path: `/snapshots/${pathSegment(id)}`,
      acceptStatuses: [404],
    });
    if (response.status === 404) return undefined;
    return parseResponse(response, snapshotSchema, { service: SERVICE, what: "snapshot", key: "snapshot" });
  }

  /** A workload, or undefined when it does not exist. */
  async getWorkload(id: string): Promise<TrilioWorkload | undefined> {
    const response = await this.service.send({
      method: "GET",
      path: `/workloads/${pathSegment(id)}`,
      acceptStatuses: [404],
    });
    if (response.status === 404) return undefined;
    return parseResponse(response, workloadSchema, { service: SERVICE, what: "workload", key: "workload" });
  }

  /**
   * The project's snapshots, as the summary list shows them: status and workload, without instances
   * (workloadmgr's `GET /snapshots`; a server may cap the list, so a snapshot missing from it may still exist).
   */
  listSnapshots(): Promise<TrilioSnapshot[]> {
    return this.service.getList("/snapshots", snapshotSchema, { what: "snapshot list", key: "snapshots" });
  }

  /** The project's workloads, as the summary list shows them (`GET /workloads`). */
  listWorkloads(): Promise<TrilioWorkload[]> {
    return this.service.getList("/workloads", workloadSchema, { what: "workload list", key: "workloads" });
  }

  /**
   * A snapshot as a recent list of the project's snapshots shows it (no instances), once this process has looked
   * up several: undefined means "read it individually". Only for letting a preview-time check pass.
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
    const response = await this.service.send({
      method: "POST",
      path: `/snapshots/${pathSegment(snapshotId)}`,
      json: { restore: request },
    });
    return parseResponse(response, restoreSchema, { service: SERVICE, what: "restore", key: "restore" });
  }

  /** A restore, or undefined when it does not exist. */
  async getRestore(id: string): Promise<TrilioRestore | undefined> {
    const response = await this.service.send({
      method: "GET",
      path: `/restores/${pathSegment(id)}`,
      acceptStatuses: [404],
    });
    if (response.status === 404) return undefined;
    return parseResponse(response, restoreSchema, { service: SERVICE, what: "restore", key: "restore" });
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
