/**
 * The faults of the matrix, as the simulator injects them, and what a user should see under each: transient
 * faults are retried (or the credential renewed) and the run succeeds; a 500 fails the run with an error that
 * names the resource, the operation, the status, the server's message and its request id; an operation that ends
 * in the API's error status fails the run and is recorded in the state with its id.
 */
import type { FaultRule, Simulator } from "../../simulator";
import type { MatrixResource, Phase } from "./fault-resources";

/** The client's timeout of one request in the hang scenarios (`DATAPROTECTION_REQUEST_TIMEOUT`). */
export const HANG_TIMEOUT = "2s";
/** How long a hung request is held: past the client's timeout. */
const HANG_MS = 3500;
/** The `Retry-After` of the 429 scenarios, in seconds. */
export const RETRY_AFTER_S = 1;

/** What a fault should lead to. */
export type Expectation = "recovers" | "fails-clearly" | "recorded-failed";

/** A fault of the matrix. */
export interface FaultKind {
  /** Its key in the table and the report. */
  readonly id: string;
  /** What it is, for the report. */
  readonly title: string;
  readonly expect: Expectation;
  /** The phases it applies to (every phase a resource has, unless it says). */
  readonly phases?: readonly Phase[];
  /** The rule to add for a resource's phase request (absent: the fault is an outcome, see `outcome`). */
  rule?(resource: MatrixResource, sim: Simulator): Omit<FaultRule, "service" | "method" | "path" | "query">;
  /** Environment additions of the stack (the request timeout of the hang scenarios). */
  readonly env?: Record<string, string>;
}

/** The server's message of a simulated 500, as the error must quote it. */
export const SIMULATED_500_MESSAGE = "Internal Server Error (simulated fault)";

/**
 * A 401 as each API answers an expired credential: Keystone's services say so with their fault body and
 * `WWW-Authenticate: Keystone uri=…`, Waldur with DRF's `{"detail": "Token has expired."}`.
 */
function expiredCredential(resource: MatrixResource, sim: Simulator) {
  return resource.auth === "waldur"
    ? { status: 401, body: { detail: "Token has expired." }, headers: { "WWW-Authenticate": "Token" } }
    : { status: 401, headers: { "WWW-Authenticate": `Keystone uri="${sim.authUrl}"` } };
}

/** The faults, in the order of the table's columns. */
export const FAULT_KINDS: readonly FaultKind[] = [
  {
    id: "503x3",
    title: "a burst of three 503s",
    expect: "recovers",
    rule: () => ({ status: 503, times: 3 }),
  },
  {
    id: "429",
    title: `two 429s with Retry-After: ${RETRY_AFTER_S}`,
    expect: "recovers",
    rule: () => ({ status: 429, retryAfter: RETRY_AFTER_S, times: 2 }),
  },
  {
    id: "reset",
    title: "the connection reset after the server acted",
    expect: "recovers",
    rule: () => ({ reset: true, when: "after" }),
  },
  {
    id: "hang",
    title: `no answer within the client's timeout (${HANG_TIMEOUT}) after the server acted`,
    expect: "recovers",
    rule: () => ({ delayMs: HANG_MS, when: "after" }),
    env: { DATAPROTECTION_REQUEST_TIMEOUT: HANG_TIMEOUT },
  },
  {
    id: "401",
    title: "the credential expired (401), renewed once",
    expect: "recovers",
    rule: expiredCredential,
  },
  {
    id: "500",
    title: "a 500",
    expect: "fails-clearly",
    rule: () => ({ status: 500 }),
  },
  {
    id: "error-status",
    title: "the operation ends in the API's error status",
    expect: "recorded-failed",
    phases: ["create-wait"],
  },
];

/** Whether `fault` applies to `phase` of `resource`. */
export function applies(fault: FaultKind, resource: MatrixResource, phase: Phase): boolean {
  return resource.phases[phase] !== undefined && (fault.phases ?? [phase]).includes(phase);
}
