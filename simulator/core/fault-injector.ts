/** What a fault rule matches: any request when every given field matches. */
export interface FaultMatch {
  /** Service name (`"trilio"`, `"keystone"`, ...). */
  readonly service?: string;
  /** HTTP method, case-insensitive. */
  readonly method?: string;
  /**
   * Full request path without the query. A string matches exactly, or as a prefix when it ends with
   * `*` (`"/trilio/*"`); a RegExp is tested against the path.
   */
  readonly path?: string | RegExp;
  /**
   * Query parameters the request must carry with these values (others may be present too): to tell apart
   * requests to one path, such as PowerVC's `get_progress?action=snapshot` and `?action=restore`.
   */
  readonly query?: Readonly<Record<string, string>>;
}

/** When a fault applies, relative to the real handling of the request. */
export type FaultTiming = "before" | "after";

/** A fault rule: which requests it hits and what it does to them. */
export interface FaultRule extends FaultMatch {
  /** How many matching requests it hits (default 1; `Infinity` for all). */
  readonly times?: number;
  /** Lets the first N matching requests through untouched before hitting any. */
  readonly skip?: number;
  /** Answer this status instead of the real response (default 500 when only `body` is given). */
  readonly status?: number;
  /** Body of the fault answer; without it the service's own fault body for `status` is sent. A string is sent as is. */
  readonly body?: unknown;
  /** Extra headers: on the fault answer, or on the real response when the rule neither answers nor resets. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds for a `Retry-After` header. */
  readonly retryAfter?: number;
  /** Destroy the connection without any response. */
  readonly reset?: boolean;
  /**
   * Wait this long (wall-clock ms) first. With `when: "before"` the wait comes before handling; with
   * `"after"`, between handling and answering. With nothing else set, the request is then answered
   * normally: a hang past a client's timeout.
   */
  readonly delayMs?: number;
  /**
   * `"before"` (default): the request is not processed. `"after"`: it is processed normally (state
   * changes happen) and the fault replaces the real response: with `reset`, the operation happened
   * but the client sees a connection reset.
   */
  readonly when?: FaultTiming;
}

/** A rule as the injector holds it: its id and what is left of `times` and `skip`. */
export interface ActiveFaultRule extends FaultRule {
  /** The rule id returned by {@link FaultInjector.add}. */
  readonly id: string;
  /** Matching requests it will still hit. */
  readonly times: number;
  /** Matching requests it will still let through first. */
  readonly skip: number;
}

/** The request facts a rule is matched against. */
export interface FaultTarget {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
}

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;
    return pattern.test(path);
  }
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

function queryMatches(pattern: FaultMatch["query"], query: FaultTarget["query"]): boolean {
  return Object.entries(pattern ?? {}).every(([name, value]) => query?.[name] === value);
}

function ruleMatches(rule: FaultMatch, target: FaultTarget): boolean {
  return (
    (rule.service === undefined || rule.service === target.service) &&
    (rule.method === undefined || rule.method.toUpperCase() === target.method.toUpperCase()) &&
    pathMatches(rule.path, target.path) &&
    queryMatches(rule.query, target.query)
  );
}

/** Whether a rule replaces the response with an answer of its own. */
export function faultAnswers(rule: FaultRule): boolean {
  return rule.status !== undefined || rule.body !== undefined;
}

function checkRule(rule: FaultRule): void {
  const times = rule.times ?? 1;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new RangeError(
      `fault rule times must be a positive integer or Infinity, got ${String(rule.times)}`,
    );
  }
  const skip = rule.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`fault rule skip must be >= 0, got ${skip}`);
  if (
    rule.status !== undefined &&
    !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)
  ) {
    throw new RangeError(`fault rule status must be an HTTP status, got ${rule.status}`);
  }
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0)) {
    throw new RangeError(`fault rule delayMs must be >= 0, got ${rule.delayMs}`);
  }
  if (rule.when !== undefined && rule.when !== "before" && rule.when !== "after") {
    throw new RangeError(`fault rule when must be "before" or "after", got ${String(rule.when)}`);
  }
}

/**
 * Holds fault rules and picks the one that applies to a request. Rules are tried in insertion order;
 * the first matching one is consumed (first its `skip`, then its `times`) and dropped once exhausted.
 */
export class FaultInjector {
  private rules: ActiveFaultRule[] = [];
  private lastId = 0;

  /** Adds a rule and returns its id. Throws RangeError for an invalid rule. */
  add(rule: FaultRule): string {
    checkRule(rule);
    this.lastId += 1;
    const id = `fault-${this.lastId}`;
    this.rules.push({ ...rule, id, times: rule.times ?? 1, skip: rule.skip ?? 0 });
    return id;
  }

  /** Removes a rule; returns whether it was there. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The rules still active, in matching order. */
  list(): ActiveFaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Consumes and returns the rule that applies to `target`, if any. */
  take(target: FaultTarget): ActiveFaultRule | undefined {
    for (const [index, rule] of this.rules.entries()) {
      if (!ruleMatches(rule, target)) continue;
      if (rule.skip > 0) {
        this.rules[index] = { ...rule, skip: rule.skip - 1 };
        continue;
      }
      const remaining = rule.times - 1;
      if (remaining > 0) this.rules[index] = { ...rule, times: remaining };
      else this.rules.splice(index, 1);
      return rule;
    }
    return undefined;
  }
}
