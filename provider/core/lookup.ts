/**
 * What every lookup (`cinder.getBackups`, `waldur.getSnapshots`, …) shares: its arguments checked as a resource's
 * inputs are (every failure names its argument), the program's stack config seen as the providers see it, and
 * errors that name the lookup, with connection problems charged to its `connection` argument. Lookups are
 * read-only: they only send GET requests.
 */
import type { z } from "zod";
import { ProviderError } from "./errors";
import { safeParse } from "./safe-parse";
import { setStackConfig, stackConfigGeneration, type ConfigSource } from "./settings/stack-config";
import { utcMillis } from "./utc-time";

/** What the SDK hands a lookup beside its arguments. */
export interface LookupContext {
  /** The program's stack config (`pulumi.runtime.getConfig`), read when the host has handed none. */
  config?: ConfigSource;
}

/**
 * Runs the lookup `name` ("cinder.getBackups") on `args` checked against `schema`. In the program's process no
 * host calls `configure()`, so the program's own config stands in for it; where a host has set the stack config
 * (the same stack's), that is kept.
 */
export async function runLookup<S extends z.ZodType, T>(
  name: string,
  schema: S,
  args: unknown,
  context: LookupContext,
  run: (args: z.output<S>) => Promise<T>,
): Promise<T> {
  if (context.config && stackConfigGeneration() === 0) setStackConfig(context.config);
  const parsed = safeParse(schema, args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "args"}: ${issue.message}`,
    );
    throw new ProviderError(`invalid arguments: ${problems.join("; ")}`, {
      operation: "looking up",
      resource: name,
    });
  }
  try {
    return await run(parsed.data);
  } catch (error) {
    throw chargedToConnection(ProviderError.wrap(error, { operation: "looking up", resource: name }));
  }
}

/** A connection problem says which argument to fix, as a resource's check charges it to `connection`. */
function chargedToConnection(error: ProviderError): ProviderError {
  if (!error.connectionFault && !error.unreachable && !/connection is incomplete/.test(error.reason))
    return error;
  return new ProviderError(
    `connection: ${error.reason} (check the lookup's \`connection\` argument, stack config or environment)`,
    { ...error, connectionFault: true },
  );
}

/** The error of a lookup that must find something and found nothing; `what` names the filter. */
export function nothingFound(name: string, what: string): ProviderError {
  return new ProviderError(`no ${what}`, { operation: "looking up", resource: name });
}

/** The filters given, in words, for naming what a lookup looked for ("of volume X with status available"). */
export function describeFilters(filters: readonly (string | undefined | false)[]): string {
  return filters.filter((filter): filter is string => Boolean(filter)).join(" ");
}

/**
 * Newest first by `createdAt` (a service's time, naive UTC or zoned), then by id descending, as OpenStack lists
 * them; an item without a time comes last.
 */
export function newestFirst(a: { id: string; createdAt: string | null }, b: typeof a): number {
  const [x, y] = [utcMillis(a.createdAt), utcMillis(b.createdAt)];
  if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
    if (Number.isNaN(x)) return 1;
    if (Number.isNaN(y)) return -1;
    return y - x;
  }
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The first of `found` (sorted newest first), or the error of the lookup `name` naming `what` it looked for. */
export function newestOf<T>(found: readonly T[], name: string, what: string): T {
  const [newest] = found;
  if (newest === undefined) throw nothingFound(name, what);
  return newest;
}
