/**
 * PowerVC's instance snapshot list, as its Cinder-based volume service lists: the filter `instance_id`, newest
 * first, `limit`/`marker` pages of at most 1000 with an `instance_snapshots_links` next link (on PowerVC's own
 * host, as its `task_uri`s are) whenever a page is full. Other query parameters are ignored, and with the
 * behaviour `instanceSnapshotListFilters: false` `instance_id` too.
 */
import { listPage, withoutFilters, type CollectionSpec, type Page } from "../cinder/listing";
import { MIN_API_VERSION } from "../cinder/microversion";
import { HttpError } from "../core/service";
import { type InstanceSnapshot } from "./models";
import { type PowerVCSim } from "./powervc-sim";

const INSTANCE_SNAPSHOTS: CollectionSpec<InstanceSnapshot> = {
  filters: { instance_id: (snapshot) => snapshot.instanceId },
  sortKeys: { created_at: (snapshot) => snapshot.createdAt, name: (snapshot) => snapshot.name },
  notFound: (id) => new HttpError(404, `Instance snapshot ${id} could not be found.`),
};

/** The page of the project's instance snapshots `query` asks for (`GET /instance-snapshots`). */
export function instanceSnapshotListing(
  powervc: PowerVCSim,
  query: Readonly<Record<string, string>>,
): Page<InstanceSnapshot> {
  const base = `${powervc.taskUriBase}/instance-snapshots`;
  const asked = powervc.behaviour.instanceSnapshotListFilters
    ? query
    : withoutFilters(query, INSTANCE_SNAPSHOTS);
  return listPage(powervc.listInstanceSnapshots(), asked, INSTANCE_SNAPSHOTS, MIN_API_VERSION, base);
}
