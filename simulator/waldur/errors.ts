import { HttpError } from "../core/service";

/** DRF's message for an object that does not exist or that the user cannot see. */
export const NOT_FOUND_DETAIL = "Not found.";

/** 400 with a body of DRF's own shape instead of `{"detail": ...}` (field errors). */
export function badRequestBody(body: Record<string, unknown>): HttpError {
  return new HttpError(400, JSON.stringify(body), {}, body);
}

/** 404 `{"detail": "Not found."}`. */
export function notFound(): HttpError {
  return new HttpError(404, NOT_FOUND_DETAIL);
}

/** 400 with DRF field errors: `{"field": ["message"]}`. */
export function fieldError(field: string, message: string): HttpError {
  return badRequestBody({ [field]: [message] });
}

/** 405 as DRF answers it: `{"detail": "Method \"POST\" not allowed."}` with an `Allow` header. */
export function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
  return new HttpError(405, `Method "${method}" not allowed.`, { Allow: allowed.join(", ") });
}
