/** Input types shared by the Waldur resources. */
import { z } from "zod";
import { idSchema } from "../core/canonical";
import { canonicalUuid, zonedDateTime } from "../core/inputs";

/** Waldur's form of a uuid (32 lower-case hex digits), or undefined when `text` is no uuid. */
export function canonicalWaldurUuid(text: string): string | undefined {
  return canonicalUuid(text)?.replace(/-/g, "");
}

/**
 * A Waldur uuid: 32 hex digits, in either case and with or without dashes (Waldur parses all of these), read as
 * Waldur's own form, which the provider sends, stores and compares. The format check also keeps anything that
 * could change a URL path out of one.
 */
export const waldurUuid = idSchema(
  z
    .string()
    .refine((text) => canonicalWaldurUuid(text) !== undefined, {
      error: "must be a Waldur uuid: 32 hex digits",
    })
    .transform((text) => canonicalWaldurUuid(text)!),
  canonicalWaldurUuid,
);

/** A date-time with a zone, as `kept_until` takes it. */
export const dateTime = zonedDateTime;
