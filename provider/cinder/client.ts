/**
 * The Cinder v3 API (catalog type `volumev3`, `/v3/{project}`), as the Cinder resources use it: backups and the
 * volumes they restore into. Each request sends the lowest microversion it needs; the server's maximum is read
 * once per endpoint from its version document.
 */
import { z } from "zod";
import { bulkLookups } from "../core/bulk-lookup";
import { ProviderError } from "../core/errors";
import type { HttpResponse } from "../core/http/http";
import type { OpenStackConnection } from "../openstack/connection";
import { parseListResponse, parseResponse } from "../core/http/parse-response";
import { safeParse } from "../core/safe-parse";
import { nextLinkOf, pathSegment, type ServiceRequest } from "../core/http/service-client";
import { openStackServiceClient, type OpenStackServiceClient } from "../openstack/service-client";
import {
  backupSchema,
  backupSummarySchema,
  restoreAnswerSchema,
  volumeSchema,
  volumeSnapshotSchema,
  type Backup,
  type Volume,
  type VolumeSnapshot,
} from "./api";
import { BASE_MICROVERSION, MICROVERSION_NEEDS, offers } from "./microversion";

const SERVICE = "Cinder";

/** Server maxima, by endpoint, for the life of the process. */
const maxima = new Map<string, Promise<string>>();

/** The version document of `…/v3/`. */
const versionDocumentSchema = z.object({
  versions: z.array(z.looseObject({ id: z.string(), version: z.string().nullish() })),
});

/** The body of `POST /backups`. */
export interface BackupRequest {
  volume_id: string;
  name?: string;
  description?: string;
  incremental?: boolean;
  force?: boolean;
  container?: string;
  snapshot_id?: string;
  metadata?: Record<string, string>;
  availability_zone?: string;
}

/** Lists of volumes and of backups that answer preview-time lookups, per connection (see ../core/bulk-lookup). */
const listedVolumes = bulkLookups((volume: Volume) => volume.id);
const listedBackups = bulkLookups((backup: Backup) => backup.id);

/** A client of one project's Cinder endpoint. */
export class CinderClient {
  private readonly service: OpenStackServiceClient;

  constructor(
    private readonly connection: OpenStackConnection,
    options: { log?: (line: string) => void } = {},
  ) {
    this.service = openStackServiceClient(connection, {
      serviceType: "volumev3",
      serviceName: SERVICE,
      versionRoot: "v3",
      log: options.log,
    });
  }

  /** The highest microversion the server offers ("3.70"), read once per endpoint. */
  async maxMicroversion(): Promise<string> {
    const endpoint = await this.service.endpoint();
    let max = maxima.get(endpoint);
    if (!max) {
      max = this.readMaxMicroversion(endpoint);
      maxima.set(endpoint, max);
      max.catch(() => maxima.delete(endpoint));
    }
    return max;
  }

  /** A backup, or undefined when it does not exist. Shows metadata when the server can. */
  async getBackup(id: string): Promise<Backup | undefined> {
    const headers = microversionHeader(await this.readVersion());
    return this.service.getOne(`/backups/${pathSegment(id)}`, backupSchema, "backup", { headers });
  }

  /** Every backup matching `filters` (for example `volume_id`), across pages (or the first page only). */
  async listBackups(filters: Record<string, string>, { firstPageOnly = false } = {}): Promise<Backup[]> {
    const version = await this.readVersion();
    let path = `/backups/detail?${new URLSearchParams(filters)}`;
    const backups: Backup[] = [];
    for (;;) {
      const response = await this.send({ method: "GET", path }, version);
      backups.push(
        ...parseListResponse(response, backupSchema, {
          service: SERVICE,
          what: "backup list",
          key: "backups",
        }),
      );
      const next = nextLinkOf(response.body, "backups_links");
      if (!next || firstPageOnly) return backups;
      // Only the link's query is used, on the configured endpoint: the token never goes to another host.
      path = `/backups/detail${new URL(next, "http://x").search}`;
    }
  }

  /** Starts a backup; Cinder answers with a summary (id and name). Not idempotent. */
  async createBackup(request: BackupRequest, microversion: string): Promise<{ id: string }> {
    const response = await this.send(
      { method: "POST", path: "/backups", json: { backup: request } },
      microversion,
    );
    return parseResponse(response, backupSummarySchema, { service: SERVICE, what: "backup", key: "backup" });
  }

  /** Changes a backup's name, description or metadata. */
  async updateBackup(
    id: string,
    fields: { name?: string; description?: string; metadata?: Record<string, string> },
    microversion: string,
  ): Promise<void> {
    await this.send(
      { method: "PUT", path: `/backups/${pathSegment(id)}`, json: { backup: fields } },
      microversion,
    );
  }

  /** Deletes a backup; false when it was already gone. */
  async deleteBackup(id: string): Promise<boolean> {
    const response = await this.send(
      { method: "DELETE", path: `/backups/${pathSegment(id)}`, acceptStatuses: [404] },
      BASE_MICROVERSION,
    );
    return response.status !== 404;
  }

  /** Restores a backup into an existing volume (`volume_id`) or a new one (`name`). Not idempotent. */
  async restoreBackup(id: string, target: { volume_id: string } | { name: string }) {
    const response = await this.send(
      { method: "POST", path: `/backups/${pathSegment(id)}/restore`, json: { restore: target } },
      BASE_MICROVERSION,
    );
    return parseResponse(response, restoreAnswerSchema, {
      service: SERVICE,
      what: "restore answer",
      key: "restore",
    });
  }

  /** Creates an empty volume (`POST /volumes`), `creating` at first. Not idempotent. */
  async createVolume(request: { size: number; name: string; description: string }): Promise<Volume> {
    const response = await this.send(
      { method: "POST", path: "/volumes", json: { volume: request } },
      BASE_MICROVERSION,
    );
    return parseResponse(response, volumeSchema, { service: SERVICE, what: "volume", key: "volume" });
  }

  /** Renames a volume, or changes its description (`PUT /volumes/{id}`, any microversion). */
  async updateVolume(id: string, fields: Record<string, unknown>): Promise<void> {
    await this.send(
      { method: "PUT", path: `/volumes/${pathSegment(id)}`, json: { volume: fields } },
      BASE_MICROVERSION,
    );
  }

  /** A volume, or undefined when it does not exist. */
  async getVolume(id: string): Promise<Volume | undefined> {
    const headers = microversionHeader(BASE_MICROVERSION);
    return this.service.getOne(`/volumes/${pathSegment(id)}`, volumeSchema, "volume", { headers });
  }

  /** A volume snapshot, or undefined when it does not exist. */
  async getSnapshot(id: string): Promise<VolumeSnapshot | undefined> {
    const headers = microversionHeader(BASE_MICROVERSION);
    const path = `/snapshots/${pathSegment(id)}`;
    return this.service.getOne(path, volumeSnapshotSchema, "snapshot", { headers });
  }

  /** Volumes matching `filters` (for example `name`), with details. */
  async listVolumes(filters: Record<string, string>): Promise<Volume[]> {
    const response = await this.send(
      { method: "GET", path: `/volumes/detail?${new URLSearchParams(filters)}` },
      BASE_MICROVERSION,
    );
    return parseListResponse(response, volumeSchema, {
      service: SERVICE,
      what: "volume list",
      key: "volumes",
    });
  }

  /**
   * A volume as a recent first page of the project's volume list shows it, once this process has looked up
   * several: undefined means "read it individually". Only for letting a preview-time check pass.
   */
  listedVolume(id: string): Promise<Volume | undefined> {
    return listedVolumes(this.connection, id, () => this.listVolumes({}));
  }

  /** As {@link listedVolume}, for a backup (from the first page of the backup list). */
  listedBackup(id: string): Promise<Backup | undefined> {
    return listedBackups(this.connection, id, () => this.listBackups({}, { firstPageOnly: true }));
  }

  /** Deletes a volume; false when it was already gone. */
  async deleteVolume(id: string): Promise<boolean> {
    const response = await this.send(
      { method: "DELETE", path: `/volumes/${pathSegment(id)}`, acceptStatuses: [404] },
      BASE_MICROVERSION,
    );
    return response.status !== 404;
  }

  private send(request: ServiceRequest, microversion: string): Promise<HttpResponse> {
    return this.service.send({
      ...request,
      headers: { ...request.headers, ...microversionHeader(microversion) },
    });
  }

  /** Reads send the microversion that shows metadata, when the server has it. */
  private async readVersion(): Promise<string> {
    return offers(await this.maxMicroversion(), MICROVERSION_NEEDS.metadata)
      ? MICROVERSION_NEEDS.metadata
      : BASE_MICROVERSION;
  }

  private async readMaxMicroversion(endpoint: string): Promise<string> {
    // The version document of `…/v3/{project}` is `…/v3/`.
    const versionUrl = endpoint.replace(/\/v3\/[^/]+$/, "/v3/");
    const response = await this.service.sendTo(versionUrl, { method: "GET", acceptStatuses: [300] });
    const document = safeParse(versionDocumentSchema, response.body);
    const v3 = document.success ? document.data.versions.find((v) => v.id.startsWith("v3")) : undefined;
    if (!v3?.version) {
      throw new ProviderError(`Cinder's version document at ${versionUrl} names no v3 microversion`, {
        requestId: response.requestId,
      });
    }
    return v3.version;
  }
}

/** The header that asks Cinder for `microversion`. */
function microversionHeader(microversion: string): Record<string, string> {
  return { "openstack-api-version": `volume ${microversion}` };
}
