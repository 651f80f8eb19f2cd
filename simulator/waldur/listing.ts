/**
 * Waldur lists: django-filter filters and `?o=` ordering, then DRF page-number pagination with
 * Waldur's headers (`Link` with `first`, [`prev`,] [`next`,] `last`, and `X-Result-Count`).
 */
import { HttpError } from "../core/service";
import { fieldError } from "./errors";
import { type WaldurResourceState } from "./models";
import { parseStateName } from "./states";
import { canonicalUuid, pythonStrip } from "./uuids";

/** Reads a filter's value once (throwing a 400 field error when invalid) and returns its test. */
export type Filter<T> = (value: string, param: string) => (item: T) => boolean;

/** How a collection is filtered and ordered. */
export interface ListSpec<T> {
  /** Filters by query parameter. */
  readonly filters: Readonly<Record<string, Filter<T>>>;
  /** Sort keys by `?o=` name (`-name` sorts descending). */
  readonly orderings: Readonly<Record<string, (item: T) => string | number>>;
}

/** `?name=`: case-insensitive substring. */
export function containsFilter<T>(get: (item: T) => string): Filter<T> {
  return (value) => (item) => get(item).toLowerCase().includes(value.toLowerCase());
}

/** `?name_exact=`: exact match. */
export function exactFilter<T>(get: (item: T) => string): Filter<T> {
  return (value) => (item) => get(item) === value;
}

/**
 * A uuid filter (django-filter's `UUIDFilter`): the value stripped, then any form Python's `uuid.UUID`
 * parses (dashes, case, braces, `urn:uuid:`); blank filters nothing; anything else answers 400
 * `Enter a valid UUID.`
 */
export function uuidFilter<T>(get: (item: T) => string): Filter<T> {
  return (value, param) => {
    const stripped = pythonStrip(value);
    if (stripped === "") return () => true;
    const wanted = canonicalUuid(stripped);
    if (wanted === undefined) throw fieldError(param, "Enter a valid UUID.");
    return (item) => get(item) === wanted;
  };
}

function invalidChoice(param: string, value: string): HttpError {
  return fieldError(param, `Select a valid choice. ${value} is not one of the available choices.`);
}

/** `?state=`: a state in either spelling (`ERRED` or `Erred`). */
export function stateFilter<T>(get: (item: T) => WaldurResourceState): Filter<T> {
  return (value, param) => {
    const wanted = parseStateName(value);
    if (wanted === undefined) throw invalidChoice(param, value);
    return (item) => get(item) === wanted;
  };
}

/** Applies the filters named in `query` and the `?o=` ordering (comma-separated keys). */
export function filterAndOrder<T>(
  items: readonly T[],
  query: Readonly<Record<string, string>>,
  spec: ListSpec<T>,
): T[] {
  let result = [...items];
  for (const [param, filter] of Object.entries(spec.filters)) {
    const value = query[param];
    if (value !== undefined && value !== "") result = result.filter(filter(value, param));
  }
  const keys = (query.o ?? "").split(",").filter((key) => key !== "");
  for (const key of [...keys].reverse()) {
    const get = spec.orderings[key.replace(/^-/, "")];
    if (get === undefined) throw invalidChoice("o", key);
    const sign = key.startsWith("-") ? -1 : 1;
    result.sort((a, b) => {
      const [x, y] = [get(a), get(b)];
      return x < y ? -sign : x > y ? sign : 0;
    });
  }
  return result;
}

/** A page of a list and its headers. */
export interface Page<T> {
  readonly items: T[];
  readonly headers: Record<string, string>;
}

/** DRF's `_positive_int(strict=True)` with the cutoff: `undefined` when not a positive integer. */
function pageSizeOf(raw: string | undefined, maxPageSize: number): number | undefined {
  if (raw === undefined || !/^\s*[+]?\d+\s*$/.test(raw)) return undefined;
  const size = Number(raw);
  return size > 0 ? Math.min(size, maxPageSize) : undefined;
}

/**
 * One page of `items` as Waldur serves it: `?page=` (a number, or `last`) and `?page_size=` (up to
 * `maxPageSize`; invalid: the default). A page that is not a number, or past the end, answers 404
 * `Invalid page.` (page 1 of an empty list is an empty page). `pageUrl(n)` builds the link to page n.
 */
export function paginate<T>(
  items: readonly T[],
  query: Readonly<Record<string, string>>,
  options: { readonly defaultPageSize: number; readonly maxPageSize: number; pageUrl(page: number): string },
): Page<T> {
  const size = pageSizeOf(query.page_size, options.maxPageSize) ?? options.defaultPageSize;
  const pages = Math.max(1, Math.ceil(items.length / size));
  const raw = query.page ?? "1";
  const page = raw === "last" ? pages : /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(page >= 1 && page <= pages)) throw new HttpError(404, "Invalid page.");
  const links: [number, string][] = [[1, "first"]];
  if (page > 1) links.push([page - 1, "prev"]);
  if (page < pages) links.push([page + 1, "next"]);
  links.push([pages, "last"]);
  return {
    items: items.slice((page - 1) * size, page * size),
    headers: {
      Link: links.map(([target, rel]) => `<${options.pageUrl(target)}>; rel="${rel}"`).join(", "),
      "X-Result-Count": String(items.length),
    },
  };
}
