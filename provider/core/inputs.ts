/** Input types every resource uses. */
import { z } from "zod";

/**
 * An OpenStack id: a UUID (8-4-4-4-12 hex digits). The format check also keeps anything that could change a
 * URL path (`/`, `..`, `%2F`, `?`, `#`) out of one.
 */
export const openStackId = z.guid({ error: "must be a UUID (8-4-4-4-12 hex digits)" });

/** A string that must not be empty. */
export const nonEmptyString = z.string().min(1, { error: "must not be empty" });
