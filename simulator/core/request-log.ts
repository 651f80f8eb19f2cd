/** One request as the simulator received and answered it. */
export interface RecordedRequest {
  /** Arrival order, starting at 1; unique for the life of the simulator (not reset by `reset()`). */
  readonly seq: number;
  /** Arrival time on the simulator's clock, ms since the epoch. */
  readonly time: number;
  /** The service that answered (`"keystone"`, `"trilio"`, `"admin"`, or `"unknown"` outside every prefix). */
  readonly service: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Full request path without the query (`/trilio/v1/<project>/restores/<id>`). */
  readonly path: string;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** The request target as received (path and query). */
  readonly url: string;
  /** Request headers as received, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, the raw text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** The status sent; 0 when the connection was reset instead (fault rule with `reset`). */
  readonly status: number;
  /** The request id sent in the service's request-id header. */
  readonly requestId: string;
  /** Wall-clock time spent answering, in ms (includes injected delays). */
  readonly durationMs: number;
  /** Id of the fault rule applied to this request, if any. */
  readonly fault?: string;
}

/**
 * Called with each request once its response is finished. A listener that throws raises an uncaught
 * exception; the server and the other listeners carry on.
 */
export type RequestListener = (request: RecordedRequest) => void;

/**
 * The request log: records kept in arrival order (a slow request is recorded when it finishes, but
 * placed by its `seq`), with listeners. Keeps at most `limit` records, dropping the oldest.
 */
export class RequestLog {
  private readonly records: RecordedRequest[] = [];
  private readonly listeners = new Set<RequestListener>();
  private lastSeq = 0;

  /** @param limit - how many records to keep at most (the oldest are dropped first). */
  constructor(private readonly limit: number = Number.POSITIVE_INFINITY) {}

  /** Reserves the sequence number of an arriving request. */
  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  /** Stores a finished request and tells the listeners. */
  record(request: RecordedRequest): void {
    let index = this.records.length;
    while (index > 0 && (this.records[index - 1]?.seq ?? 0) > request.seq) index -= 1;
    this.records.splice(index, 0, request);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    for (const listener of [...this.listeners]) {
      try {
        listener(request);
      } catch (error) {
        // surfaces as an uncaught exception (a failing test) without disturbing the server
        setImmediate(() => {
          throw error;
        });
      }
    }
  }

  /** A copy of the records in arrival order. */
  list(): RecordedRequest[] {
    return [...this.records];
  }

  /** Forgets every record (sequence numbers keep counting). */
  clear(): void {
    this.records.length = 0;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** How many requests a service is answering now, and the most it answered at once. */
export interface Concurrency {
  /** Requests received and not yet answered (or reset). */
  readonly current: number;
  /** The highest `current` since the simulator started or was last reset. */
  readonly max: number;
}

/**
 * Requests in flight, per service and in all: a request counts from its arrival until its response is finished or
 * its connection destroyed (injected delays included). What a client's concurrency cap allows shows here as the
 * `max`; a request counts only while the simulator holds it, so the `max` never exceeds what the client had open.
 */
export class InFlightRequests {
  private readonly services = new Map<string, { current: number; max: number }>();
  private readonly all = { current: 0, max: 0 };

  /** Counts a request to `service` from now. */
  begin(service: string): void {
    const counts = this.services.get(service) ?? { current: 0, max: 0 };
    this.services.set(service, counts);
    for (const c of [counts, this.all]) {
      c.current += 1;
      c.max = Math.max(c.max, c.current);
    }
  }

  /** Stops counting a request to `service`. */
  end(service: string): void {
    for (const c of [this.services.get(service), this.all]) if (c) c.current -= 1;
  }

  /** The figures of one service (`"trilio"`, `"keystone"`, ...), or of every service together. */
  of(service?: string): Concurrency {
    const counts = service === undefined ? this.all : this.services.get(service);
    return { current: counts?.current ?? 0, max: counts?.max ?? 0 };
  }

  /** Starts measuring the maximum again from the requests in flight now. */
  resetMax(): void {
    for (const c of [...this.services.values(), this.all]) c.max = c.current;
  }
}
