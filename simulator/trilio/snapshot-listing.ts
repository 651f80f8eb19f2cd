/**
 * workloadmgr's snapshot list: the documented filters `workload_id`, `host`, `date_from` and `date_to`
 * (`YYYY-MM-DDTHH:MM:SS`, UTC, both ends included; `all` is allowed and not modelled), newest first, in pages
 * as the OpenStack services it is built on page (`limit`, `marker`, at most 1000 a page, a `snapshots_links` next
 * link on an internal host whenever a page is full). Other query parameters (`status`, ...) are ignored, and
 * with the behaviour `snapshotListFilters: false` the documented filters too.
 */
import { listPage, withoutFilters, type CollectionSpec, type Page } from "../cinder/listing";
import { MIN_API_VERSION } from "../cinder/microversion";
import { HttpError } from "../core/service";
import { type Snapshot } from "./models";
import { type TrilioSim } from "./trilio-sim";
import { LINK_HOST } from "./views";

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** A `date_from` / `date_to` value in ms; 400 when it is not `YYYY-MM-DDTHH:MM:SS`. */
function parseDate(param: string, value: string): number {
  const ms = DATE.test(value) ? Date.parse(`${value}Z`) : NaN;
  if (Number.isNaN(ms)) {
    throw new HttpError(400, `Invalid ${param} '${value}': expected YYYY-MM-DDTHH:MM:SS.`);
  }
  return ms;
}

function dateBound(param: string, keep: (createdAt: number, bound: number) => boolean) {
  return {
    sinceMinor: 0,
    matches: (snapshot: Snapshot, value: string) => keep(snapshot.createdAt, parseDate(param, value)),
  };
}

const SNAPSHOTS: CollectionSpec<Snapshot> = {
  filters: {
    workload_id: (snapshot) => snapshot.workloadId,
    host: (snapshot) => snapshot.host,
    date_from: dateBound("date_from", (createdAt, bound) => createdAt >= bound),
    date_to: dateBound("date_to", (createdAt, bound) => createdAt <= bound),
    all: "ignored",
  },
  sortKeys: { created_at: (snapshot) => snapshot.createdAt },
  notFound: (id) => new HttpError(404, `Snapshot ${id} could not be found.`),
};

/** The page of the project's snapshots `query` asks for (`GET /snapshots[/detail]`). */
export function snapshotListing(
  trilio: TrilioSim,
  detail: boolean,
  query: Readonly<Record<string, string>>,
): Page<Snapshot> {
  const base = `${LINK_HOST}/v1/${trilio.projectId}/snapshots${detail ? "/detail" : ""}`;
  const asked = trilio.behaviour.snapshotListFilters ? query : withoutFilters(query, SNAPSHOTS);
  // Below Cinder's filter validation: unknown filters are ignored, as workloadmgr ignores them.
  return listPage(trilio.listSnapshots(), asked, SNAPSHOTS, MIN_API_VERSION, base);
}
