import { type RouteHandler, type RouteParams, Router } from "../core/router";
import { type Reply, type ServiceRequest } from "../core/service";
import { MAX_PAGE_SIZE } from "./behaviour";
import { methodNotAllowed } from "./errors";
import { type WriteMode } from "./fields";
import {
  containsFilter,
  exactFilter,
  filterAndOrder,
  type ListSpec,
  paginate,
  stateFilter,
  uuidFilter,
} from "./listing";
import {
  type WaldurResource,
  type WaldurSnapshot,
  type WaldurSnapshotSchedule,
  type WaldurVolume,
} from "./models";
import { orderView, restorationView, snapshotScheduleView, snapshotView, volumeView } from "./views";
import { canonicalUuid } from "./uuids";
import { type WaldurSim } from "./waldur-sim";

/** An authenticated call: the request, its path parameters and the token's user. */
interface Call {
  readonly request: ServiceRequest;
  readonly params: RouteParams;
  readonly username: string;
}

/** What lists of Waldur objects filter and order on. */
type Listed = Pick<WaldurResource, "name" | "state" | "projectUuid" | "createdAt">;

/** A read-only collection: list (filtered, ordered, paged) and retrieve. */
interface ReadOnlyCollection<T extends Listed> {
  /** `/api/openstack-volumes`, without the trailing slash. */
  readonly path: string;
  readonly filters: ListSpec<T>["filters"];
  list(username: string): readonly T[];
  get(username: string, uuid: string): T;
  render(item: T): unknown;
}

/** A collection of OpenStack resources: list, retrieve, PUT and PATCH (POST refused). */
interface Collection<T extends WaldurResource> extends ReadOnlyCollection<T> {
  /** The answer to `POST` on the collection, which Waldur refuses with a 405. */
  create(call: Call): Reply;
  update(username: string, uuid: string, body: unknown, mode: WriteMode): T;
}

function resourceList<T extends Listed>(filters: ListSpec<T>["filters"]): ListSpec<T> {
  return {
    filters: {
      name: containsFilter((item: T) => item.name),
      name_exact: exactFilter((item: T) => item.name),
      state: stateFilter((item: T) => item.state),
      project_uuid: uuidFilter((item: T) => item.projectUuid),
      ...filters,
    },
    orderings: { created: (item) => item.createdAt, name: (item) => item.name },
  };
}

/** The query string of a request, with `page` set to `page`, keys sorted (as DRF's `replace_query_param`). */
function withPage(query: Readonly<Record<string, string>>, page: number): string {
  const params = new URLSearchParams({ ...query, page: String(page) });
  params.sort();
  return params.toString();
}

function ok(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

/**
 * 405 with an empty body: the actions Waldur disables (volumes are made and deleted through the
 * marketplace).
 */
const disabled = (): Reply => ({ status: 405 });

/**
 * 405 with DRF's body, `{"detail": "Method \"POST\" not allowed."}`: `POST /api/openstack-snapshots/`
 * on a real server (snapshots are made from a volume). `Allow` as for the path's other methods.
 */
const refused = (call: Call): Reply => {
  throw methodNotAllowed(call.request.method, ["GET", "POST"]);
};

/**
 * The path's `{uuid}` in canonical form when Python's `uuid.UUID` parses it (dashed, upper case, ...:
 * Waldur's lookups accept those); otherwise as sent, which names no object (404).
 */
const uuidOf = (call: Call) => {
  const sent = call.params.uuid ?? "";
  return canonicalUuid(sent) ?? sent;
};

/** The collections the API root lists. */
const ROOT_ENTRIES = [
  "openstack-volumes",
  "openstack-snapshots",
  "openstack-snapshot-schedules",
  "marketplace-resources",
  "marketplace-orders",
];

/**
 * The Waldur API's routes, below the `/waldur` prefix. Every handler but the token exchange checks
 * the token first (401) and answers for the token's user.
 */
export function waldurRoutes(waldur: WaldurSim): Router {
  const api = waldur.operations;
  const view = () => waldur.viewContext();
  const authed =
    (handler: (call: Call) => Reply): RouteHandler =>
    (request, params) =>
      handler({ request, params, username: api.authenticate(request.headers) });
  const serviceRoot = waldur.apiUrl.slice(0, -"/api/".length);
  const readOnly = <T extends Listed>(router: Router, items: ReadOnlyCollection<T>): Router => {
    const spec = resourceList(items.filters);
    return router
      .get(
        `${items.path}/`,
        authed(({ request, username }) => {
          const page = paginate(filterAndOrder(items.list(username), request.query, spec), request.query, {
            defaultPageSize: waldur.behaviour.defaultPageSize,
            maxPageSize: MAX_PAGE_SIZE,
            pageUrl: (n) => `${serviceRoot}${request.path}?${withPage(request.query, n)}`,
          });
          return ok(
            page.items.map((item) => items.render(item)),
            page.headers,
          );
        }),
      )
      .get(
        `${items.path}/:uuid/`,
        authed((call) => ok(items.render(items.get(call.username, uuidOf(call))))),
      );
  };
  const collection = <T extends WaldurResource>(router: Router, items: Collection<T>): Router => {
    const write = (mode: WriteMode) =>
      authed((call) => ok(items.render(items.update(call.username, uuidOf(call), call.request.body, mode))));
    return readOnly(router, items)
      .post(
        `${items.path}/`,
        authed((call) => items.create(call)),
      )
      .on("PUT", `${items.path}/:uuid/`, write("put"))
      .on("PATCH", `${items.path}/:uuid/`, write("patch"));
  };
  const volume = (item: WaldurVolume) => volumeView(view(), item);
  const snapshot = (item: WaldurSnapshot) => snapshotView(view(), item);
  const root = new Router()
    .post("/api-auth/password/", (request) => ok({ token: api.login(request.body) }))
    .get(
      "/api/",
      authed(() => ok(Object.fromEntries(ROOT_ENTRIES.map((name) => [name, `${waldur.apiUrl}${name}/`])))),
    );
  const volumes = collection(root, {
    path: "/api/openstack-volumes",
    create: disabled,
    filters: {},
    list: (username) => api.volumes(username),
    get: (username, uuid) => api.volume(username, uuid),
    update: (username, uuid, body, mode) => api.updateVolume(username, uuid, body, mode),
    render: volume,
  })
    .delete("/api/openstack-volumes/:uuid/", authed(disabled))
    .post(
      "/api/openstack-volumes/:uuid/snapshot/",
      authed((call) => ({
        status: 201,
        body: snapshot(api.createSnapshot(call.username, uuidOf(call), call.request.body)),
      })),
    );
  const schedules = readOnly(volumes, {
    path: "/api/openstack-snapshot-schedules",
    filters: {
      source_volume_uuid: uuidFilter((item: WaldurSnapshotSchedule) => item.sourceVolumeUuid),
    },
    list: (username) => api.snapshotSchedules(username),
    get: (username, uuid) => api.snapshotSchedule(username, uuid),
    render: (item) => snapshotScheduleView(view(), item),
  });
  return collection(schedules, {
    path: "/api/openstack-snapshots",
    create: refused,
    filters: { source_volume_uuid: uuidFilter((item: WaldurSnapshot) => item.sourceVolumeUuid) },
    list: (username) => api.snapshots(username),
    get: (username, uuid) => api.snapshot(username, uuid),
    update: (username, uuid, body, mode) => api.updateSnapshot(username, uuid, body, mode),
    render: snapshot,
  })
    .delete(
      "/api/openstack-snapshots/:uuid/",
      authed((call) => {
        api.deleteSnapshot(call.username, uuidOf(call));
        return { status: 202, body: { detail: "Deletion was scheduled." } };
      }),
    )
    .get(
      "/api/openstack-snapshots/:uuid/restorations/",
      authed((call) =>
        ok(api.restorations(call.username, uuidOf(call)).map((record) => restorationView(view(), record))),
      ),
    )
    .post(
      "/api/openstack-snapshots/:uuid/restore/",
      authed((call) => ({
        status: 201,
        body: volume(api.restoreSnapshot(call.username, uuidOf(call), call.request.body)),
      })),
    )
    .post(
      "/api/openstack-snapshots/:uuid/pull/",
      authed((call) => {
        api.snapshot(call.username, uuidOf(call));
        return { status: 202 };
      }),
    )
    .post(
      "/api/openstack-snapshots/:uuid/unlink/",
      authed((call) => {
        api.unlinkSnapshot(call.username, uuidOf(call));
        return { status: 204 };
      }),
    )
    .post(
      "/api/marketplace-resources/:uuid/terminate/",
      authed((call) =>
        ok({ order_uuid: api.terminate(call.username, uuidOf(call), call.request.body).uuid }),
      ),
    )
    .get(
      "/api/marketplace-orders/:uuid/",
      authed((call) => ok(orderView(view(), api.order(call.username, uuidOf(call))))),
    );
}
