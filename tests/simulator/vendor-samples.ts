/**
 * The vendor's sample responses from `tests/fixtures/api/trilio-restores.md` (a copy of the published API
 * page), used as fixtures: the simulator's answers must carry the same fields with the same types.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** One sample HTTP response of the vendor page. */
export interface VendorSample {
  /** HTTP status of the sample's status line. */
  readonly status: number;
  /** Its headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, `undefined` when empty. */
  readonly body: unknown;
}

/** Path of the vendor page (override with `TRILIO_VENDOR_PAGE`). */
export const VENDOR_PAGE =
  process.env.TRILIO_VENDOR_PAGE ?? resolve(__dirname, "../../../tests/fixtures/api/trilio-restores.md");

/** Every fenced block of the page that is an HTTP response, in page order. */
export function loadVendorSamples(path: string = VENDOR_PAGE): VendorSample[] {
  const page = readFileSync(path, "utf8");
  const blocks = [...page.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  return blocks
    .filter((block) => block.startsWith("HTTP/1.1 "))
    .map((block) => {
      const [head = "", ...rest] = block.split(/\r?\n\r?\n/);
      const [statusLine = "", ...headerLines] = head.split(/\r?\n/);
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      const text = rest.join("\n\n").trim();
      return {
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
    });
}

/** A value's JSON type: `string`, `number`, `boolean`, `null`, `array` or `object`. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Differences in shape between `actual` and the `expected` sample: missing or extra object keys and
 * differing JSON types, recursively (array elements are compared with the sample's first element
 * when both arrays are non-empty). Paths listed in `skip` (like `restore.restore_options`, an echo of
 * the request) are not compared.
 */
export function shapeDifferences(
  actual: unknown,
  expected: unknown,
  skip: readonly string[] = [],
  path = "$",
): string[] {
  if (skip.includes(path)) return [];
  if (jsonType(actual) !== jsonType(expected)) {
    return [`${path}: ${jsonType(actual)} where the sample has ${jsonType(expected)}`];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (expected.length === 0) return [];
    return actual.flatMap((item, index) =>
      shapeDifferences(item, expected[0], skip, `${path}[]`).map((d) => `${d} (#${index})`),
    );
  }
  if (jsonType(actual) !== "object") return [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const missing = Object.keys(e)
    .filter((key) => !(key in a))
    .map((key) => `${path}.${key}: missing`);
  const extra = Object.keys(a)
    .filter((key) => !(key in e))
    .map((key) => `${path}.${key}: not in the sample`);
  const nested = Object.keys(e)
    .filter((key) => key in a)
    .flatMap((key) => shapeDifferences(a[key], e[key], skip, `${path}.${key}`));
  return [...missing, ...extra, ...nested];
}
