/**
 * What a user reads when an input does not pass its schema: zod's default messages in the user's terms ("must be
 * a whole number", not "Invalid input: expected int, received number"). A message a schema states itself (such
 * as a duration's examples) is kept.
 */
import type { z } from "zod";

/** What zod's issue says, for a user; undefined leaves zod's own message. */
export function userMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case "too_small":
      return bound("at least", issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case "too_big":
      return bound("at most", issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case "invalid_value":
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}`;
    default:
      return undefined;
  }
}

/** What a value of each kind zod names is, in words. */
const KINDS: Readonly<Record<string, string>> = {
  string: "text (a string)",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object ({ … })",
  array: "a list ([ … ])",
  record: "a map of names to values",
  null: "null",
};

function bound(
  side: "at least" | "at most",
  origin: string,
  limit: number,
  inclusive: boolean,
): string | undefined {
  if (origin === "string") {
    if (side === "at least" && limit === 1) return "must not be empty";
    return `must be ${side} ${limit} character${limit === 1 ? "" : "s"} long`;
  }
  if (origin === "array" || origin === "set")
    return `must list ${side} ${limit} item${limit === 1 ? "" : "s"}`;
  if (origin === "number" || origin === "int" || origin === "bigint") {
    if (inclusive) return `must be ${side} ${limit}`;
    return `must be ${side === "at least" ? "greater" : "less"} than ${limit}`;
  }
  return undefined;
}

/** `n` and `noun`, plural when `n` is not 1: "1 day", "30 days". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A duration in messages, in seconds: "1 s", "2.5 s", "90 s". */
export function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}
