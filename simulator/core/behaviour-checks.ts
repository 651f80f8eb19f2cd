/**
 * Checking of a simulated service's behaviour patch (typed, or JSON from the admin API): a table of
 * one check per field, each returning the value normalised or throwing a RangeError that names the
 * field.
 */
import { isRecord } from "./guards";

/** Checks one field's value and returns it normalised; throws RangeError naming the field. */
export type FieldCheck = (name: string, value: unknown) => unknown;

/** Throws the RangeError of a field whose value is not what it must be. */
export function failCheck(name: string, expected: string, value: unknown): never {
  throw new RangeError(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
}

/** A duration in clock ms: a finite number >= 0. */
export const durationCheck: FieldCheck = (name, value) =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? value
    : failCheck(name, "a number >= 0", value);

/** A boolean. */
export const flagCheck: FieldCheck = (name, value) =>
  typeof value === "boolean" ? value : failCheck(name, "a boolean", value);

/**
 * Checks a partial behaviour against `checks` (one per field) and returns it normalised. Throws
 * RangeError for a patch that is not an object, an unknown field, or a bad value.
 */
export function checkBehaviourFields<T>(
  patch: unknown,
  checks: Readonly<Record<keyof T, FieldCheck>>,
): Partial<T> {
  if (!isRecord(patch)) throw new RangeError("a behaviour patch is a JSON object");
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(patch)) {
    const check = checks[name as keyof T] as FieldCheck | undefined;
    if (check === undefined) throw new RangeError(`unknown behaviour field: ${name}`);
    if (value !== undefined) result[name] = check(name, value);
  }
  return result as Partial<T>;
}
