import { isRecord } from "../core/guards";
import { type ActiveFaultRule, type FaultRule } from "../core/fault-injector";

const RULE_FIELDS = new Set([
  "service",
  "method",
  "path",
  "query",
  "times",
  "skip",
  "status",
  "body",
  "headers",
  "retryAfter",
  "reset",
  "delayMs",
  "when",
]);

function pathFromJson(value: unknown): string | RegExp | undefined {
  if (value === undefined || typeof value === "string") return value;
  if (isRecord(value) && typeof value.regex === "string") {
    return new RegExp(value.regex, typeof value.flags === "string" ? value.flags : undefined);
  }
  throw new RangeError(`fault rule path must be a string or {"regex": "..."}, got ${JSON.stringify(value)}`);
}

function timesFromJson(value: unknown): number | undefined {
  if (value === "Infinity" || value === "infinity") return Number.POSITIVE_INFINITY;
  if (value === undefined || typeof value === "number") return value;
  throw new RangeError(`fault rule times must be a number or "Infinity", got ${JSON.stringify(value)}`);
}

/**
 * A fault rule from admin-API JSON: `path` may be `{"regex": "...", "flags"?: "..."}` and `times`
 * may be `"Infinity"`. Field types are checked here, values by the injector. Throws RangeError.
 */
export function faultRuleFromJson(json: unknown): FaultRule {
  if (!isRecord(json)) throw new RangeError("a fault rule is a JSON object");
  const unknown = Object.keys(json).filter((key) => !RULE_FIELDS.has(key));
  if (unknown.length > 0) throw new RangeError(`unknown fault rule fields: ${unknown.join(", ")}`);
  const typed: [string, string][] = [
    ["service", "string"],
    ["method", "string"],
    ["skip", "number"],
    ["status", "number"],
    ["retryAfter", "number"],
    ["reset", "boolean"],
    ["delayMs", "number"],
    ["when", "string"],
  ];
  for (const [field, type] of typed) {
    if (json[field] !== undefined && typeof json[field] !== type) {
      throw new RangeError(`fault rule ${field} must be a ${type}, got ${JSON.stringify(json[field])}`);
    }
  }
  if (json.headers !== undefined && !isRecord(json.headers))
    throw new RangeError("fault rule headers must be an object");
  if (
    json.query !== undefined &&
    !(isRecord(json.query) && Object.values(json.query).every((value) => typeof value === "string"))
  )
    throw new RangeError("fault rule query must be an object of strings");
  return { ...(json as FaultRule), path: pathFromJson(json.path), times: timesFromJson(json.times) };
}

/** A rule as the admin API lists it: a RegExp path as `{"regex", "flags"}`, `Infinity` as `"Infinity"`. */
export function faultRuleToJson(rule: ActiveFaultRule): Record<string, unknown> {
  return {
    ...rule,
    path: rule.path instanceof RegExp ? { regex: rule.path.source, flags: rule.path.flags } : rule.path,
    times: rule.times === Number.POSITIVE_INFINITY ? "Infinity" : rule.times,
  };
}
