import { STATUS_CODES } from "node:http";

/**
 * Fault names of Nova-derived services (Trilio workloadmgr, Cinder, PowerVC) by HTTP status; any
 * other status is a `computeFault`.
 */
const OPENSTACK_FAULT_NAMES: Readonly<Record<number, string>> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  501: "notImplemented",
  503: "serviceUnavailable",
};

/** The fault name a Nova-derived service uses for `status` (`itemNotFound` for 404, ...). */
export function openstackFaultName(status: number): string {
  return OPENSTACK_FAULT_NAMES[status] ?? "computeFault";
}

/** A Nova-style fault body: `{"itemNotFound": {"code": 404, "message": "..."}}`. */
export function openstackFaultBody(status: number, message: string): Record<string, unknown> {
  return { [openstackFaultName(status)]: { code: status, message } };
}

/** A Keystone-style error body: `{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}`. */
export function identityErrorBody(status: number, message: string): Record<string, unknown> {
  return { error: { code: status, message, title: STATUS_CODES[status] ?? "Error" } };
}

/** The standard reason phrase of `status`, used as a default fault message. */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** A Django REST framework error body: `{"detail": "Not found."}` (Waldur). */
export function drfErrorBody(_status: number, message: string): Record<string, unknown> {
  return { detail: message };
}
