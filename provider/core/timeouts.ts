/**
 * The `timeouts` input every long-running resource takes. Pulumi's `customTimeouts` resource option never reaches
 * a dynamic provider, so deadlines travel as an ordinary input, written as Pulumi writes durations: "90s", "20m",
 * "1h30m".
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** A duration string such as "45s", "20m" or "1h30m", parsed to milliseconds. */
export const durationSchema = z
  .string()
  .refine((text) => text !== "" && DURATION.test(text) && parseDuration(text) > 0, {
    error: 'must be a duration such as "45s", "20m" or "1h30m"',
  })
  .transform(parseDuration);

/** The `timeouts` input: per operation, a duration. */
export const timeoutsSchema = z
  .object({
    create: durationSchema.optional(),
    update: durationSchema.optional(),
    delete: durationSchema.optional(),
  })
  .strict();

/** Parsed `timeouts`, in milliseconds. */
export type Timeouts = z.output<typeof timeoutsSchema>;

/** Milliseconds in a duration string; 0 when it does not parse. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) return 0;
  const [, hours, minutes, seconds] = match;
  return ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) * 1000;
}

// The engine's own timeout for the operation in progress (customTimeouts), when the plugin face serves it.
const engineTimeout = new AsyncLocalStorage<number>();

/**
 * Runs `operation` under the engine's timeout (`timeoutMs`, from the resource's `customTimeouts`): every deadline
 * it takes (see {@link deadlineFor}) is then that long, whatever its `timeouts` input says. Without a positive
 * `timeoutMs` (the engine sends 0 when no customTimeouts is set) the `timeouts` input applies as usual.
 */
export function withEngineTimeout<T>(timeoutMs: number, operation: () => Promise<T>): Promise<T> {
  return timeoutMs > 0 ? engineTimeout.run(timeoutMs, operation) : operation();
}

/**
 * The setting that sets `operation`'s deadline, for messages: `timeouts.create`, or `customTimeouts.create` under
 * the engine's timeout (see {@link withEngineTimeout}).
 */
export function deadlineSetting(operation: keyof Timeouts): string {
  return `${engineTimeout.getStore() === undefined ? "timeouts" : "customTimeouts"}.${operation}`;
}

/**
 * How long `operation` may take: the engine's timeout (see {@link withEngineTimeout}), else the user's `timeouts`
 * input, else `defaults[operation]`.
 */
export function timeoutFor(
  operation: keyof Timeouts,
  timeouts: Timeouts | undefined,
  defaults: Required<Timeouts>,
): number {
  return engineTimeout.getStore() ?? timeouts?.[operation] ?? defaults[operation];
}

/** The deadline for `operation`: now plus its {@link timeoutFor}. */
export function deadlineFor(
  operation: keyof Timeouts,
  timeouts: Timeouts | undefined,
  defaults: Required<Timeouts>,
  now: number,
): number {
  return now + timeoutFor(operation, timeouts, defaults);
}
