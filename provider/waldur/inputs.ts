/** Input types shared by the Waldur resources. */
import { z } from "zod";

/**
 * A Waldur uuid: 32 hex digits (a dashed UUID is accepted too), normalised to Waldur's form. The format check
 * also keeps anything that could change a URL path out of one.
 */
export const waldurUuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/, {
    error: "must be a Waldur uuid: 32 hex digits",
  })
  .transform((value) => value.replace(/-/g, "").toLowerCase());

/** A date-time with a zone, as `kept_until` takes it. */
export const dateTime = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a zone, such as 2027-01-31T00:00:00Z",
});
