/**
 * The field tables of `tests/fixtures/api/waldur-openstack-snapshots.txt` (a copy of Waldur's published
 * page), used as fixtures: the simulator's objects must carry the fields the page lists, with its types.
 * The page flattens each table row onto two lines (`name |`, then `type | description |`).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** One row of a field table. */
export interface VendorField {
  /** As on the page; nested fields of an array are `parent.child`. */
  readonly name: string;
  /** `string`, `string (uuid)`, `string (uri)`, `string (date-time)`, `integer`, `boolean`, `any`, ... */
  readonly type: string;
  /** Request tables: whether the field is marked required. */
  readonly required: boolean;
}

/** A field table: a response's fields, or a request body's. */
export interface VendorTable {
  readonly kind: "response" | "request";
  readonly fields: readonly VendorField[];
}

/** Path of the vendor page. */
export const WALDUR_VENDOR_PAGE = resolve(
  __dirname,
  "../../../tests/fixtures/api/waldur-openstack-snapshots.txt",
);

const HEADERS: Readonly<Record<string, VendorTable["kind"]>> = {
  "| Field | Type | Description |": "response",
  "| Field | Type | Required | Description |": "request",
};

/** Every `Field` table of the page, in page order. */
export function loadWaldurVendorTables(path: string = WALDUR_VENDOR_PAGE): VendorTable[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const tables: VendorTable[] = [];
  lines.forEach((line, index) => {
    const kind = HEADERS[line.trim()];
    if (kind === undefined) return;
    const fields: VendorField[] = [];
    for (let row = index + 2; /^[\w.]+ \|$/.test(lines[row] ?? ""); row += 2) {
      const [type = "", ...rest] = (lines[row + 1] ?? "").split("|");
      fields.push({
        name: (lines[row] ?? "").slice(0, -2),
        type: type.trim(),
        required: rest.join("|").includes("✓"),
      });
    }
    tables.push({ kind, fields });
  });
  return tables;
}

/** What a shape comparison tolerates, beyond the page (from the team's API notes). */
export interface ShapeAllowances {
  /** Fields a server may leave out (the `*_marketplace_uuid` ones, never sent as null). */
  readonly optional?: readonly string[];
  /** Fields that may be null. */
  readonly nullable?: readonly string[];
}

function typeProblem(value: unknown, type: string): string | undefined {
  const base = type.split(" ")[0];
  if (type === "any") return undefined;
  if (base === "string") {
    if (typeof value !== "string") return `${JSON.stringify(value)} is not a string`;
    if (type === "string (uuid)" && !/^[0-9a-f]{32}$/.test(value)) return `${value} is not a 32-hex uuid`;
    if (type === "string (uri)" && !/^https?:\/\//.test(value)) return `${value} is not a URL`;
    if (type === "string (date-time)" && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/.test(value)) {
      return `${value} is not a UTC date-time with a Z`;
    }
    return undefined;
  }
  if (base === "integer")
    return Number.isInteger(value) ? undefined : `${JSON.stringify(value)} is not an integer`;
  if (base === "boolean")
    return typeof value === "boolean" ? undefined : `${JSON.stringify(value)} is not a boolean`;
  if (base === "array") return Array.isArray(value) ? undefined : `${JSON.stringify(value)} is not an array`;
  if (base === "object") {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : `not an object`;
  }
  return `unknown page type ${type}`;
}

/**
 * Differences between an object and a response table: keys the page does not list, listed keys
 * missing (unless optional), and values of another type (null only where nullable). Nested
 * `parent.child` rows are checked on every element of the `parent` array.
 */
export function tableDifferences(
  actual: Record<string, unknown>,
  fields: readonly VendorField[],
  allowances: ShapeAllowances = {},
  prefix = "",
): string[] {
  const own = fields.filter((field) => !field.name.slice(prefix.length).includes("."));
  const names = new Set(own.map((field) => field.name.slice(prefix.length)));
  const problems = Object.keys(actual)
    .filter((key) => !names.has(key))
    .map((key) => `${prefix}${key}: not on the page`);
  for (const field of own) {
    const key = field.name.slice(prefix.length);
    const value = actual[key];
    if (!(key in actual)) {
      if (!allowances.optional?.includes(field.name)) problems.push(`${field.name}: missing`);
      continue;
    }
    if (value === null) {
      if (!allowances.nullable?.includes(field.name)) problems.push(`${field.name}: null`);
      continue;
    }
    const problem = typeProblem(value, field.type);
    if (problem !== undefined) problems.push(`${field.name} (${field.type}): ${problem}`);
    const nested = fields.filter((candidate) => candidate.name.startsWith(`${field.name}.`));
    if (nested.length > 0 && Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        problems.push(...tableDifferences(item, nested, allowances, `${field.name}.`));
      }
    }
  }
  return problems;
}
