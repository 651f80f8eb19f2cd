/**
 * A cap on concurrent requests per endpoint. An `up` of hundreds of resources must not open hundreds of
 * requests at once against one API: requests beyond the cap wait their turn, first come first served.
 */

/** A counting semaphore. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.capacity) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const limiters = new Map<string, Limiter>();
/** Limiters by the URL's text up to its path, which names the origin without parsing it again per request. */
const limitersByPrefix = new Map<string, Limiter>();

/** The process-wide limiter of the endpoint (origin) of `url`, with `capacity` slots. */
export function limiterFor(url: string, capacity: number): Limiter {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const prefix = pathStart === -1 ? url : url.slice(0, pathStart);
  let limiter = limitersByPrefix.get(prefix);
  if (limiter) return limiter;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = url;
  }
  limiter = limiters.get(origin);
  if (!limiter) {
    limiter = new Limiter(capacity);
    limiters.set(origin, limiter);
  }
  limitersByPrefix.set(prefix, limiter);
  return limiter;
}
