/**
 * The sample bodies of `tests/fixtures/api/powervc-instance-snapshots.txt` (a copy of IBM's published
 * PowerVC page), used as fixtures. The page's samples are partly Python literals (`True`, single
 * quotes), one closes a list with `}`, and one pastes two objects under one key: {@link loadPowerVCSamples}
 * reads them as a Python reader would and repairs the brackets.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** Path of the vendor page (override with `POWERVC_VENDOR_PAGE`). */
export const POWERVC_VENDOR_PAGE =
  process.env.POWERVC_VENDOR_PAGE ??
  resolve(__dirname, "../../../tests/fixtures/api/powervc-instance-snapshots.txt");

/** One brace-balanced sample of the page. */
export interface PowerVCSample {
  /** The sample as printed. */
  readonly text: string;
  /** Parsed (Python literals read, brackets repaired); `undefined` when even that fails. */
  readonly value: unknown;
}

/** The end (exclusive) of the `{...}` starting at `start`, braces in strings ignored. */
export function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === "\\") index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "{") depth += 1;
    else if (char === "}" && --depth === 0) return index + 1;
  }
  return text.length;
}

/** Python literals as JSON: single-quoted strings double-quoted; `True`, `False`, `None` outside strings. */
export function pythonToJson(text: string): string {
  const words: Record<string, string> = { True: "true", False: "false", None: "null" };
  return text.replace(
    /"(?:[^"\\]|\\.)*"|'((?:[^'\\]|\\.)*)'|\b(True|False|None)\b/g,
    (match, single, word) => {
      if (typeof word === "string") return words[word] ?? match;
      if (typeof single === "string") return JSON.stringify(single.replace(/\\'/g, "'"));
      return match;
    },
  );
}

/** Closes brackets the text leaves open where a closer of the other kind comes first (`[{...}}` → `[{...}]}`). */
export function repairBrackets(text: string): string {
  const pairs: Record<string, string> = { "{": "}", "[": "]" };
  const open: string[] = [];
  let out = "";
  for (const token of text.match(/"(?:[^"\\]|\\.)*"|[\s\S]/g) ?? []) {
    if (token === "{" || token === "[") open.push(pairs[token] ?? "");
    else if (token === "}" || token === "]") {
      while (open.length > 0 && open.at(-1) !== token) out += open.pop() ?? "";
      open.pop();
    }
    out += token;
  }
  return out;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(repairBrackets(pythonToJson(text))) as unknown;
  } catch {
    return undefined;
  }
}

/** Every top-level `{...}` of the page, in page order. */
export function loadPowerVCSamples(path: string = POWERVC_VENDOR_PAGE): PowerVCSample[] {
  const page = readFileSync(path, "utf8");
  const samples: PowerVCSample[] = [];
  for (let start = page.indexOf("{"); start >= 0; start = page.indexOf("{", start)) {
    const end = balancedEnd(page, start);
    const text = page.slice(start, end);
    samples.push({ text, value: parse(text) });
    start = end;
  }
  return samples;
}

/** The first `{...}` after `key` in a sample's text, parsed: reads the show sample, whose outer object is broken. */
export function objectAfter(sample: PowerVCSample, key: string): unknown {
  const start = sample.text.indexOf("{", sample.text.indexOf(key));
  return parse(sample.text.slice(start, balancedEnd(sample.text, start)));
}
