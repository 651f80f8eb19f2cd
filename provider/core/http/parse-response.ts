/**
 * Checking a server's answer against what the API notes say it sends. A response that does not fit (a missing
 * field, a wrong type, an HTML page where JSON was due) is a clear error naming the service, what was expected
 * and the request id, never a crash or a silently wrong state.
 */
import { z } from "zod";
import { formatPath } from "../check";
import { ProviderError } from "../errors";
import type { HttpResponse } from "./http";
import { safeParse } from "../safe-parse";

/**
 * The value at `key` of the response body (or the whole body when `key` is undefined), parsed with `schema`.
 * `what` names the expected thing in messages ("restore", "snapshot list").
 */
export function parseResponse<S extends z.ZodType>(
  response: HttpResponse,
  schema: S,
  options: { service: string; what: string; key?: string },
): z.output<S> {
  const body = response.body as Record<string, unknown> | undefined;
  const value = options.key === undefined ? body : body?.[options.key];
  const parsed = safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = [options.key, formatPath(issue.path)].filter(Boolean).join(".");
  throw new ProviderError(
    `${options.service} sent an unexpected ${options.what}: ${where ? `${where}: ` : ""}${issue.message}`,
    { status: response.status, requestId: response.requestId },
  );
}

/** Array schemas by item schema: building a zod schema costs far more than parsing with it. */
const listSchemas = new WeakMap<z.ZodType, z.ZodType>();

/** As {@link parseResponse}, for a list of `item`s. */
export function parseListResponse<S extends z.ZodType>(
  response: HttpResponse,
  item: S,
  options: { service: string; what: string; key?: string },
): z.output<S>[] {
  let list = listSchemas.get(item);
  if (!list) {
    list = z.array(item);
    listSchemas.set(item, list);
  }
  return parseResponse(response, list as z.ZodArray<S>, options);
}
