/**
 * Cinder lists: exact-match filters (unknown ones refused from 3.31, ignored before), `sort` or
 * `sort_key`/`sort_dir`, and `limit`/`marker` pagination with a `next` link whenever a page is full.
 */
import { HttpError } from "../core/service";
import { invalidInput } from "./faults";
import { type ApiVersion, atLeast, FEATURE_MINORS } from "./microversion";

/** A sortable value; `null` sorts after every other value, as PostgreSQL sorts NULL. */
export type SortValue = string | number | null;

/** A filter that matches in its own way, and only from a microversion on (before, it is ignored). */
export interface VersionedFilter<T> {
  /** The first 3.N that applies it. */
  readonly sinceMinor: number;
  /** Whether `item` passes the filter's query `value`. */
  matches(item: T, value: string): boolean;
}

/**
 * One filter: the value it compares exactly, `"ignored"` (allowed, but not modelled), or a
 * {@link VersionedFilter}.
 */
export type CollectionFilter<T> = ((item: T) => SortValue) | "ignored" | VersionedFilter<T>;

/** How one collection is listed. */
export interface CollectionSpec<T> {
  /** Filters Cinder's `resource_filters.json` allows for it. */
  readonly filters: Readonly<Record<string, CollectionFilter<T>>>;
  /** Sort keys by name (Cinder's column names, and `name` where it maps it). */
  readonly sortKeys: Readonly<Record<string, (item: T) => SortValue>>;
  /** Sort keys that are invalid before a microversion: key to its first 3.N. */
  readonly sortKeysSince?: Readonly<Record<string, number>>;
  /** The 404 for an unknown marker. */
  notFound(id: string): HttpError;
}

/** One page of a list and the link to the next one, if the page is full. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/** Cinder's `osapi_max_limit`: the largest page, and the page size without `limit`. */
export const MAX_LIMIT = 1000;

/** Query parameters that are not filters. */
const CONTROL_PARAMS = new Set([
  "limit",
  "marker",
  "offset",
  "sort",
  "sort_key",
  "sort_dir",
  "with_count",
  "all_tenants",
]);

interface SortOrder {
  readonly key: string;
  readonly descending: boolean;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return MAX_LIMIT;
  if (!/^-?\d+$/.test(raw.trim())) throw new HttpError(400, "limit param must be an integer");
  const limit = Number(raw);
  if (limit < 0) throw new HttpError(400, "limit param must be positive");
  return Math.min(limit, MAX_LIMIT);
}

function parseSort(query: Readonly<Record<string, string>>, keys: readonly string[]): SortOrder[] {
  if (query.sort !== undefined && (query.sort_key !== undefined || query.sort_dir !== undefined)) {
    throw new HttpError(
      400,
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    );
  }
  const given =
    query.sort !== undefined
      ? query.sort.split(",").map((part) => part.split(":"))
      : [[query.sort_key ?? "created_at", query.sort_dir ?? "desc"]];
  const orders = given.map(([key = "", direction = "desc"]) => {
    const dir = direction.trim();
    if (dir !== "asc" && dir !== "desc")
      throw invalidInput("Unknown sort direction, must be 'desc' or 'asc'.");
    if (!keys.includes(key.trim())) throw invalidInput("Invalid sort key");
    return { key: key.trim(), descending: dir === "desc" };
  });
  const descending = orders[0]?.descending ?? true;
  for (const key of ["created_at", "id"]) {
    if (!orders.some((order) => order.key === key)) orders.push({ key, descending });
  }
  return orders;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function filtersOf<T>(
  query: Readonly<Record<string, string>>,
  spec: CollectionSpec<T>,
  version: ApiVersion,
): ((item: T) => boolean)[] {
  const names = Object.keys(query).filter((name) => !CONTROL_PARAMS.has(name));
  const unknown = names.filter((name) => !(name in spec.filters));
  if (unknown.length > 0 && atLeast(version, FEATURE_MINORS.filterValidation)) {
    throw new HttpError(400, `Invalid filters ${unknown.join(",")} are found in query options.`);
  }
  return names.flatMap((name) => {
    const filter = spec.filters[name];
    const value = query[name] ?? "";
    if (filter === undefined || filter === "ignored") return [];
    if (typeof filter === "function") return [(item: T) => String(filter(item)) === value];
    return atLeast(version, filter.sinceMinor) ? [(item: T) => filter.matches(item, value)] : [];
  });
}

/**
 * The page of `items` a list request asks for. `linkBase` is the collection's URL (`…/backups/detail`);
 * the next link repeats the query with the page's last id as `marker`.
 */
export function listPage<T extends { readonly id: string }>(
  items: readonly T[],
  query: Readonly<Record<string, string>>,
  spec: CollectionSpec<T>,
  version: ApiVersion,
  linkBase: string,
): Page<T> {
  const limit = parseLimit(query.limit);
  const since = spec.sortKeysSince ?? {};
  const keys = Object.keys(spec.sortKeys).filter((key) => atLeast(version, since[key] ?? 0));
  const orders = parseSort(query, ["id", ...keys]);
  const value = (item: T, key: string): SortValue =>
    key === "id" ? item.id : (spec.sortKeys[key]?.(item) ?? null);
  const sorted = [...items].sort((a, b) => {
    for (const { key, descending } of orders) {
      const order = compareValues(value(a, key), value(b, key));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
  const filters = filtersOf(query, spec, version);
  let start = 0;
  if (query.marker !== undefined) {
    const index = sorted.findIndex((item) => item.id === query.marker);
    if (index < 0) throw spec.notFound(query.marker);
    start = index + 1;
  }
  const page = sorted
    .slice(start)
    .filter((item) => filters.every((matches) => matches(item)))
    .slice(0, limit);
  const last = page[page.length - 1];
  if (last === undefined || page.length < limit) return { items: page };
  const params = new URLSearchParams(Object.entries(query).filter(([name]) => name !== "marker"));
  params.append("marker", last.id);
  return { items: page, next: `${linkBase}?${params.toString()}` };
}

/** A page as the answer's body: the items at `name`, and the next link at `<name>_links` when there is one. */
export function pageBody<T>(
  name: string,
  page: Page<T>,
  view: (item: T) => unknown,
): Record<string, unknown> {
  return {
    [name]: page.items.map(view),
    ...(page.next ? { [`${name}_links`]: [{ rel: "next", href: page.next }] } : {}),
  };
}

/** `query` without the filters `spec` knows: what a server that ignores them reads of it (paging, sorting). */
export function withoutFilters<T>(
  query: Readonly<Record<string, string>>,
  spec: CollectionSpec<T>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !Object.hasOwn(spec.filters, key)));
}
