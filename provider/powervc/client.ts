/**
 * The PowerVC API, as the PowerVC resources use it: compute (`/v2.1/{project}`, catalog type `compute`) for
 * servers and their actions, volume (`/v3/{project}`, catalog type `volumev3`) for instance snapshots, task
 * progress and FlashCopy. Request bodies have hyphenated root keys (`vm-snapshot`, `instance-snapshot`),
 * responses underscores, as PowerVC has them.
 */
import { z } from "zod";
import { bulkLookups } from "../core/bulk-lookup";
import { ProviderError } from "../core/errors";
import type { OpenStackConnection } from "../openstack/connection";
import { parseListResponse, parseResponse } from "../core/http/parse-response";
import { pathSegment } from "../core/http/service-client";
import { openStackServiceClient, type OpenStackServiceClient } from "../openstack/service-client";
import {
  copyDetailSchema,
  instanceSnapshotSchema,
  serverSchema,
  snapshotStartedSchema,
  taskDetailsSchema,
  volumeSchema,
  type CopyDetail,
  type InstanceSnapshot,
  type Server,
  type TaskDetails,
  type Volume,
} from "./api";

const SERVICE = "PowerVC";

/** The answer of a request that starts a task. */
const taskAnswerSchema = z.object({ task_uri: z.string() });

/** The options of a `vm-restore` action. */
export interface RestoreAction {
  instance_snapshot_id: string;
  force?: boolean;
  retry?: boolean;
  rollback?: boolean;
}

/** Lists of servers and of instance snapshots that answer preview-time lookups, per connection (../core/bulk-lookup). */
const listedServers = bulkLookups((server: Server) => server.id);
const listedInstanceSnapshots = bulkLookups((snapshot: InstanceSnapshot) => snapshot.id);

/** A client of one PowerVC project. */
export class PowerVCClient {
  private readonly compute: OpenStackServiceClient;
  private readonly volume: OpenStackServiceClient;

  constructor(
    private readonly connection: OpenStackConnection,
    options: { log?: (line: string) => void } = {},
  ) {
    const common = { serviceName: SERVICE, log: options.log };
    this.compute = openStackServiceClient(connection, {
      ...common,
      serviceType: "compute",
      versionRoot: "v2.1",
    });
    this.volume = openStackServiceClient(connection, {
      ...common,
      serviceType: "volumev3",
      versionRoot: "v3",
    });
  }

  /** A server with its attached volumes, or undefined when it does not exist. */
  async getServer(id: string): Promise<Server | undefined> {
    return this.compute.getOne(`/servers/${pathSegment(id)}`, serverSchema, "server");
  }

  /** The project's servers with their attached volumes (`GET /servers/detail`). */
  async listServers(): Promise<Server[]> {
    return this.compute.getList("/servers/detail", serverSchema, { what: "server list", key: "servers" });
  }

  /**
   * A server as a recent list of the project's servers shows it, once this process has looked up several:
   * undefined means "read it individually". Only for letting a preview-time check pass.
   */
  listedServer(id: string): Promise<Server | undefined> {
    return listedServers(this.connection, id, () => this.listServers());
  }

  /** As {@link listedServer}, for an instance snapshot. */
  listedInstanceSnapshot(id: string): Promise<InstanceSnapshot | undefined> {
    return listedInstanceSnapshots(this.connection, id, () => this.listInstanceSnapshots());
  }

  /** A volume, or undefined when it does not exist. */
  async getVolume(id: string): Promise<Volume | undefined> {
    return this.volume.getOne(`/volumes/${pathSegment(id)}`, volumeSchema, "volume");
  }

  /** Every instance snapshot of the project that `filters` select (such as `instance_id`), across pages. */
  async listInstanceSnapshots(filters: Record<string, string> = {}): Promise<InstanceSnapshot[]> {
    return this.volume.getAllPages("/instance-snapshots", instanceSnapshotSchema, {
      what: "instance snapshot list",
      key: "instance_snapshots",
      query: filters,
    });
  }

  /** An instance snapshot, or undefined when it does not exist. */
  async getInstanceSnapshot(id: string): Promise<InstanceSnapshot | undefined> {
    return this.volume.getOne(
      `/instance-snapshots/${pathSegment(id)}`,
      instanceSnapshotSchema,
      "instance snapshot",
      { key: "instance_snapshot" },
    );
  }

  /** Snapshots a server's volumes (all attached ones when `volumes` is absent). Not idempotent. */
  async createInstanceSnapshot(
    serverId: string,
    request: { name: string; description: string; volumes?: string[] },
  ): Promise<{ id: string; task_uri: string }> {
    return this.compute.call(
      {
        method: "POST",
        path: `/servers/${pathSegment(serverId)}/action`,
        json: { "vm-snapshot": request },
      },
      snapshotStartedSchema,
      "snapshot answer",
      "instance_snapshot",
    );
  }

  /** Sets an instance snapshot's name and description (PowerVC's PUT takes both). */
  async updateInstanceSnapshot(id: string, name: string, description: string): Promise<void> {
    await this.volume.send({
      method: "PUT",
      path: `/instance-snapshots/${pathSegment(id)}`,
      json: { "instance-snapshot": { name, description } },
    });
  }

  /** Deletes an instance snapshot and its backend volume snapshots; returns the task URI, or undefined if gone. */
  async deleteInstanceSnapshot(id: string): Promise<string | undefined> {
    const response = await this.volume.send({
      method: "DELETE",
      path: `/instance-snapshots/${pathSegment(id)}`,
      acceptStatuses: [404],
    });
    if (response.status === 404) return undefined;
    return parseResponse(response, taskAnswerSchema, {
      service: SERVICE,
      what: "delete answer",
    }).task_uri;
  }

  /** Starts a restore (or its retry or rollback) of a server from an instance snapshot; returns the task URI. */
  async restore(serverId: string, action: RestoreAction): Promise<string> {
    const answer = await this.compute.call(
      { method: "POST", path: `/servers/${pathSegment(serverId)}/action`, json: { "vm-restore": action } },
      taskAnswerSchema,
      "restore answer",
    );
    return answer.task_uri;
  }

  /**
   * A task's progress. The `task_uri` PowerVC hands out names its own host, which may be unreachable from
   * here (behind a proxy): the request goes to the configured volume endpoint with the URI's query.
   */
  async taskProgress(taskUri: string): Promise<TaskDetails> {
    const query = taskQuery(taskUri);
    return this.volume.call(
      {
        method: "GET",
        path: `/instance-snapshots/get_progress?${query}`,
      },
      taskDetailsSchema,
      "task progress",
      "details",
    );
  }

  /** The FlashCopy mappings of a volume (`copy-progress`). */
  async copyProgress(volumeId: string, details = false): Promise<CopyDetail[]> {
    const response = await this.volume.send({
      method: "POST",
      path: `/volumes/${pathSegment(volumeId)}/action`,
      json: { "copy-progress": details ? { details: true } : {} },
    });
    return parseListResponse(response, copyDetailSchema, {
      service: SERVICE,
      what: "FlashCopy mappings",
      key: "copy_details",
    });
  }
}

/** The `action`, `task_id` and `id` of a task URI, as a query string; an error if one is missing. */
export function taskQuery(taskUri: string): string {
  let parsed: URL;
  try {
    parsed = new URL(taskUri, "https://powervc.invalid");
  } catch {
    throw new ProviderError(`PowerVC sent a task_uri that is not a URL: ${taskUri}`);
  }
  const query = new URLSearchParams();
  for (const name of ["action", "task_id", "id"]) {
    const value = parsed.searchParams.get(name);
    if (!value) throw new ProviderError(`PowerVC sent a task_uri without ${name}: ${taskUri}`);
    query.set(name, value);
  }
  return query.toString();
}

/** The task id in a task URI, for outputs and logs. */
export function taskIdOf(taskUri: string): string {
  return new URLSearchParams(taskQuery(taskUri)).get("task_id") as string;
}
