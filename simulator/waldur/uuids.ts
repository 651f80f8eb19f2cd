/**
 * UUIDs as Waldur reads them from paths and filters: whatever Python's `uuid.UUID(text)` parses (as
 * Django's `UUIDField` and django-filter's `UUIDFilter` do), written back as 32 lower-case hex digits.
 * `uuid.UUID` drops every `urn:` and `uuid:`, braces at either end and every dash, needs 32 characters
 * left, and reads them with `int(text, 16)`: whitespace around, a sign, `0x`, single underscores between
 * digits, and any Unicode decimal digit are accepted there.
 */

/** Non-ASCII characters Python treats as whitespace (`str.isspace`). */
const NON_ASCII_SPACE = /^[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/** Python's whitespace (`str.isspace`): `\t` to `\r`, the separators 0x1c to 0x1f, space, and Unicode's. */
function isPythonSpace(character: string): boolean {
  const codePoint = character.codePointAt(0) ?? 0;
  return (
    (codePoint >= 0x09 && codePoint <= 0x0d) ||
    (codePoint >= 0x1c && codePoint <= 0x20) ||
    NON_ASCII_SPACE.test(character)
  );
}

/**
 * `int(text, 16)` once non-ASCII spaces and digits are made ASCII (CPython does the same first); no `-`
 * sign, as `uuid.UUID` has dropped the dashes by then.
 */
const HEX_INT = /^[ \t\n\v\f\r]*\+?(0[xX](?:_?[0-9a-fA-F])+|[0-9a-fA-F](?:_?[0-9a-fA-F])*)[ \t\n\v\f\r]*$/;

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a Unicode decimal digit: Unicode assigns them only in runs of ten, 0 to 9, so it is the
 * number of decimal digits right before it, modulo 10.
 */
function digitValue(codePoint: number): number {
  let before = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before += 1;
  return before % 10;
}

/**
 * CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII stays, other whitespace becomes a
 * space, other decimal digits their ASCII digit, anything else `?` (which no number accepts).
 */
function asciiDigitsAndSpaces(characters: readonly string[]): string {
  return characters
    .map((character) => {
      const codePoint = character.codePointAt(0) ?? 0;
      if (codePoint < 127) return character;
      if (NON_ASCII_SPACE.test(character)) return " ";
      return DECIMAL_DIGIT.test(character) ? String(digitValue(codePoint)) : "?";
    })
    .join("");
}

/** Python's `str.strip()`. */
export function pythonStrip(text: string): string {
  const characters = Array.from(text);
  let start = 0;
  let end = characters.length;
  while (start < end && isPythonSpace(characters[start] ?? "")) start += 1;
  while (end > start && isPythonSpace(characters[end - 1] ?? "")) end -= 1;
  return characters.slice(start, end).join("");
}

/**
 * The canonical form (32 lower-case hex digits) of a UUID in any form Python's `uuid.UUID` parses
 * (`0123…cdef`, dashed 8-4-4-4-12, upper or mixed case, `{…}`, `urn:uuid:…`), or `undefined` when it
 * parses none.
 */
export function canonicalUuid(text: string): string | undefined {
  const trimmed = text
    .replaceAll("urn:", "")
    .replaceAll("uuid:", "")
    .replace(/^[{}]+|[{}]+$/g, "")
    .replaceAll("-", "");
  const characters = Array.from(trimmed); // Python counts code points
  if (characters.length !== 32) return undefined;
  const match = HEX_INT.exec(asciiDigitsAndSpaces(characters));
  if (match === null) return undefined;
  const digits = (match[1] ?? "")
    .replace(/^0[xX]/, "")
    .replaceAll("_", "")
    .toLowerCase();
  return digits.padStart(32, "0");
}
