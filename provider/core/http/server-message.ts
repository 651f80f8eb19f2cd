/**
 * Reading what a server said from an error response, across the four APIs' conventions.
 */

/** Headers that carry the server's request id, in order of preference (lower-case). */
const REQUEST_ID_HEADERS = ["x-openstack-request-id", "x-compute-request-id", "x-request-id"];

/** The request id from response headers, if the server sent one. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (typeof value === "string" && value) return value;
    if (Array.isArray(value) && value[0]) return value[0];
  }
  return undefined;
}

/**
 * The server's explanation from an error body:
 * OpenStack faults (`{"itemNotFound": {"code": 404, "message": "…"}}`), Keystone (`{"error": {"message": "…"}}`),
 * Django REST framework (`{"detail": "…"}` or `{"field": ["…"]}`), or the start of a non-JSON body with markup
 * removed (an HTML error page from a proxy).
 */
export function serverMessageOf(body: unknown): string | undefined {
  if (body === undefined || body === null || body === "") return undefined;
  if (typeof body === "string") return summariseText(body);
  if (typeof body !== "object" || Array.isArray(body)) return summariseText(JSON.stringify(body));
  const record = body as Record<string, unknown>;
  if (typeof record.detail === "string") return record.detail;
  if (typeof record.message === "string") return record.message;
  const entries = Object.entries(record);
  if (entries.length === 1) {
    const [, inner] = entries[0];
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      const message = (inner as Record<string, unknown>).message;
      if (typeof message === "string") return message;
    }
  }
  const fieldErrors = entries
    .filter(([, value]) => Array.isArray(value) && value.every((item) => typeof item === "string"))
    .map(([field, value]) => `${field}: ${(value as string[]).join(" ")}`);
  if (fieldErrors.length > 0) return fieldErrors.join("; ");
  return summariseText(JSON.stringify(body));
}

const MAX_TEXT = 300;

function summariseText(text: string): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > MAX_TEXT ? `${plain.slice(0, MAX_TEXT)}…` : plain;
}
