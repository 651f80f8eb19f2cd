/** Input types every resource uses. */
import { z } from "zod";
import { idSchema } from "./canonical";

/** A UUID in any form OpenStack accepts: 32 hex digits in either case, dashed 8-4-4-4-12 or not. */
const UUID_ANY_FORM = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The canonical form of an OpenStack id (lower case, dashed), or undefined when `text` is no UUID. */
export function canonicalUuid(text: string): string | undefined {
  if (!UUID_ANY_FORM.test(text)) return undefined;
  const hex = text.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An OpenStack id: a UUID in any form OpenStack's own validation accepts (either case, dashes or not), read as
 * its canonical form, lower case and dashed, which is what the provider sends (a case-sensitive database finds
 * no other) and stores. The format check also keeps anything that could change a URL path (`/`, `..`, `%2F`,
 * `?`, `#`) out of one.
 */
export const openStackId = idSchema(
  z
    .string()
    .regex(UUID_ANY_FORM, { error: "must be a UUID (8-4-4-4-12 hex digits)" })
    .transform((text) => canonicalUuid(text)!),
  canonicalUuid,
);

/** A string that must not be empty. */
export const nonEmptyString = z.string().min(1, { error: "must not be empty" });

/** A date-time with a zone ("2027-01-31T00:00:00Z", "2027-01-31T01:00:00+01:00"), as lookups' time filters take. */
export const zonedDateTime = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a zone, such as 2027-01-31T00:00:00Z",
});
