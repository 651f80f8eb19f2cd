/**
 * Python's `repr()` and `str()` of JSON values, as Cinder's validation messages print request values
 * (`{'name': 'x'}`, `None`, `True`), and `str.strip()`, as Cinder trims names and descriptions.
 */

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (ESCAPES[char] !== undefined) body += ESCAPES[char];
    else if (char === quote) body += `\\${quote}`;
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, "0")}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** `repr(value)` of the Python object JSON `value` decodes to. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => `${stringRepr(key)}: ${pythonRepr(item)}`);
    return `{${entries.join(", ")}}`;
  }
  return String(value);
}

/** `str(value)`: a string as it is, anything else as its {@link pythonRepr}. */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

/**
 * The characters Python's `str.isspace()` is true for (JavaScript's `trim()` differs: U+001C-U+001F,
 * U+0085, U+FEFF).
 */
const PYTHON_SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const EDGE_SPACE = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, "gu");

/** `text.strip()`: without the leading and trailing whitespace Python knows. */
export function pythonStrip(text: string): string {
  return text.replace(EDGE_SPACE, "");
}
