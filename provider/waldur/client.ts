/**
 * The Waldur API (`/api/…`), as the Waldur resources use it. Every path ends with `/` (without it Waldur answers
 * 301 and a POST's body is lost); lists follow the `Link: <…>; rel="next"` header across pages. Field names stay
 * Waldur's here; the resources speak camelCase.
 */
import { z } from "zod";
import { bulkLookups } from "../core/bulk-lookup";
import { ProviderError } from "../core/errors";
import type { HttpResponse } from "../core/http/http";
import { linkWithRel } from "../core/http/link-header";
import { parseListResponse, parseResponse } from "../core/http/parse-response";
import { pathSegment, ServiceClient } from "../core/http/service-client";
import {
  orderSchema,
  restorationSchema,
  snapshotScheduleSchema,
  snapshotSchema,
  volumeSchema,
  type WaldurOrder,
  type WaldurRestoration,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurVolume,
} from "./api";
import type { WaldurConnection } from "./connection";
import { WaldurSession, type WaldurToken } from "./session";

const SERVICE = "Waldur";
/** The largest page Waldur serves. */
const PAGE_SIZE = 300;

/** The answer of a request that places a marketplace order. */
const orderAnswerSchema = z.object({ order_uuid: z.string() });

/** Writable fields of a snapshot. */
export interface SnapshotFields {
  name?: string;
  description?: string;
  metadata?: Record<string, string>;
  kept_until?: string | null;
}

/** A list read across pages, with the server's time when it answered the first page. */
export interface Listed<T> {
  items: T[];
  /** The first page's `Date` header, ms since the epoch; undefined when absent or unreadable. */
  serverTime: number | undefined;
}

/** A response's `Date` header, ms since the epoch. */
function dateHeader(response: HttpResponse): number | undefined {
  const header = response.headers.date;
  const ms = typeof header === "string" ? Date.parse(header) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Whether `error` says the Waldur serves no snapshot schedules: releases since their removal answer 404 on the
 * list itself ("Invalid page." is a page past the end, not a missing list).
 */
export function servesNoSchedules(error: unknown): error is ProviderError {
  return ProviderError.isInstance(error) && error.status === 404 && error.serverMessage !== "Invalid page.";
}

/** Lists of volumes and of snapshots that answer preview-time lookups, per connection (see ../core/bulk-lookup). */
const listedVolumes = bulkLookups((volume: WaldurVolume) => volume.uuid);
const listedSnapshots = bulkLookups((snapshot: WaldurSnapshot) => snapshot.uuid);

/** A client of one Waldur deployment. */
export class WaldurClient {
  private readonly service: ServiceClient<WaldurToken>;

  constructor(
    private readonly connection: WaldurConnection,
    options: { log?: (line: string) => void } = {},
  ) {
    this.service = new ServiceClient({
      serviceName: SERVICE,
      credentials: WaldurSession.for(connection),
      endpoint: async () => connection.apiUrl,
      authHeaders: (token) => ({ authorization: `Token ${token.id}` }),
      tls: connection.tls,
      log: options.log,
    });
  }

  /** A snapshot, or undefined when it does not exist (or the token cannot see it). */
  getSnapshot(uuid: string): Promise<WaldurSnapshot | undefined> {
    return this.getOptional(`/openstack-snapshots/${pathSegment(uuid)}/`, snapshotSchema, "snapshot");
  }

  /** Every snapshot matching `filters` (for example `source_volume_uuid`, `name_exact`), across pages. */
  async listSnapshots(filters: Record<string, string>): Promise<WaldurSnapshot[]> {
    return (await this.listSnapshotsWithTime(filters)).items;
  }

  /**
   * As {@link listSnapshots}, with Waldur's time when it answered (its `Date` header, in ms; undefined when it
   * sent none): the clock its cleanup job compares `kept_until` with. Each uuid once: a snapshot made while the
   * pages were read can push one onto the next page a second time.
   */
  async listSnapshotsWithTime(filters: Record<string, string>): Promise<Listed<WaldurSnapshot>> {
    const listed = await this.listAll("/openstack-snapshots/", filters, snapshotSchema, "snapshot list");
    const byUuid = new Map(listed.items.map((snapshot) => [snapshot.uuid, snapshot]));
    return { ...listed, items: [...byUuid.values()] };
  }

  /**
   * Every snapshot schedule matching `filters` (for example `source_volume_uuid`), across pages. A Waldur that
   * serves no schedules fails with an error {@link servesNoSchedules} recognises.
   */
  async listSnapshotSchedules(filters: Record<string, string>): Promise<WaldurSnapshotSchedule[]> {
    const path = "/openstack-snapshot-schedules/";
    return (await this.listAll(path, filters, snapshotScheduleSchema, "snapshot schedule list")).items;
  }

  /** Snapshots a volume (`POST /openstack-volumes/{uuid}/snapshot/`). Not idempotent. */
  async createSnapshot(
    volumeUuid: string,
    fields: SnapshotFields & { name: string },
  ): Promise<WaldurSnapshot> {
    return this.service.call(
      {
        method: "POST",
        path: `/openstack-volumes/${pathSegment(volumeUuid)}/snapshot/`,
        json: fields,
      },
      snapshotSchema,
      "snapshot",
    );
  }

  /** Changes some of a snapshot's writable fields. A busy snapshot answers 409 (thrown, status 409). */
  async patchSnapshot(uuid: string, fields: SnapshotFields): Promise<WaldurSnapshot> {
    return this.service.call(
      {
        method: "PATCH",
        path: `/openstack-snapshots/${pathSegment(uuid)}/`,
        json: fields,
      },
      snapshotSchema,
      "snapshot",
    );
  }

  /** Schedules a snapshot's deletion; false when it was already gone. */
  deleteSnapshot(uuid: string): Promise<boolean> {
    return this.deleteOptional(`/openstack-snapshots/${pathSegment(uuid)}/`);
  }

  /** Restores a snapshot into a new volume (`POST /openstack-snapshots/{uuid}/restore/`). Not idempotent. */
  async restoreSnapshot(
    uuid: string,
    request: { name: string; description?: string },
  ): Promise<WaldurVolume> {
    return this.service.call(
      {
        method: "POST",
        path: `/openstack-snapshots/${pathSegment(uuid)}/restore/`,
        json: request,
      },
      volumeSchema,
      "volume",
    );
  }

  /** A snapshot's restoration records (not paginated). */
  async listRestorations(uuid: string): Promise<WaldurRestoration[]> {
    const response = await this.service.send({
      method: "GET",
      path: `/openstack-snapshots/${pathSegment(uuid)}/restorations/`,
    });
    return parseListResponse(response, restorationSchema, {
      service: SERVICE,
      what: "restoration list",
    });
  }

  /** Changes a volume's name or description. A busy volume answers 409 (thrown, status 409). */
  async patchVolume(uuid: string, fields: Record<string, unknown>): Promise<WaldurVolume> {
    return this.service.call(
      {
        method: "PATCH",
        path: `/openstack-volumes/${pathSegment(uuid)}/`,
        json: fields,
      },
      volumeSchema,
      "volume",
    );
  }

  /** A volume, or undefined when it does not exist. */
  getVolume(uuid: string): Promise<WaldurVolume | undefined> {
    return this.getOptional(`/openstack-volumes/${pathSegment(uuid)}/`, volumeSchema, "volume");
  }

  /**
   * A volume as a recent first page of the volume list shows it, once this process has looked up several:
   * undefined means "read it individually". Only for letting a preview-time check pass.
   */
  listedVolume(uuid: string): Promise<WaldurVolume | undefined> {
    return listedVolumes(this.connection, uuid, () =>
      this.firstPage("/openstack-volumes/", volumeSchema, "volume list"),
    );
  }

  /** As {@link listedVolume}, for a snapshot. */
  listedSnapshot(uuid: string): Promise<WaldurSnapshot | undefined> {
    return listedSnapshots(this.connection, uuid, () =>
      this.firstPage("/openstack-snapshots/", snapshotSchema, "snapshot list"),
    );
  }

  /** Asks the marketplace to terminate a resource; returns the order's uuid. */
  async terminateResource(marketplaceResourceUuid: string): Promise<string> {
    const path = `/marketplace-resources/${pathSegment(marketplaceResourceUuid)}/terminate/`;
    const answer = await this.service.call({ method: "POST", path, json: {} }, orderAnswerSchema, "order");
    return answer.order_uuid;
  }

  /** A marketplace order. */
  async getOrder(uuid: string): Promise<WaldurOrder> {
    return this.service.call(
      {
        method: "GET",
        path: `/marketplace-orders/${pathSegment(uuid)}/`,
      },
      orderSchema,
      "order",
    );
  }

  private async getOptional<S extends z.ZodType>(path: string, schema: S, what: string) {
    const response = await this.service.send({ method: "GET", path, acceptStatuses: [404] });
    if (response.status === 404) return undefined;
    return parseResponse(response, schema, { service: SERVICE, what });
  }

  private async deleteOptional(path: string): Promise<boolean> {
    const response = await this.service.send({ method: "DELETE", path, acceptStatuses: [404] });
    return response.status !== 404;
  }

  /** The first page of a list, newest first: for lookups, which read what a page lacks on its own. */
  private async firstPage<S extends z.ZodType>(
    path: string,
    schema: S,
    what: string,
  ): Promise<z.output<S>[]> {
    const query = new URLSearchParams({ o: "-created", page_size: String(PAGE_SIZE) });
    const response = await this.service.send({ method: "GET", path: `${path}?${query}` });
    return parseListResponse(response, schema, { service: SERVICE, what });
  }

  private async listAll<S extends z.ZodType>(
    path: string,
    filters: Record<string, string>,
    schema: S,
    what: string,
  ): Promise<Listed<z.output<S>>> {
    const query = new URLSearchParams({ ...filters, page_size: String(PAGE_SIZE) });
    let response: HttpResponse = await this.service.send({ method: "GET", path: `${path}?${query}` });
    const items: z.output<S>[] = [];
    const serverTime = dateHeader(response);
    for (;;) {
      items.push(...parseListResponse(response, schema, { service: SERVICE, what }));
      const next = linkWithRel(response.headers.link, "next");
      if (!next) return { items, serverTime };
      // Only the next link's query is used, on the configured API URL: a link naming another host (a proxy's
      // internal name, or worse) never receives the token.
      response = await this.service.send({
        method: "GET",
        path: `${path}${new URL(next, "http://x").search}`,
      });
    }
  }
}
