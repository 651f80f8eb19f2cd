/**
 * zod parsing as this package does it: without zod's JIT.
 *
 * zod compiles a parser per object schema (with `new Function`) on its first use, which pays off in a hot loop. A
 * provider parses each schema a few times per operation, between network waits, and there the interpreted path
 * measured faster: in the bench's overhead section a create went from 1.23–1.28× to 1.16–1.21× the plain script's
 * time, and a read from 1.27–1.30× to 1.19–1.25× (2026-11-22). The choice is made per call, not with
 * `z.config`, so other code sharing this zod in the host keeps its own.
 */
import type { z } from "zod";

/** `schema.safeParse(value)`, interpreted; `error` words the issues zod would word itself (see ./messages). */
export function safeParse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  error?: (issue: z.core.$ZodRawIssue) => string | undefined,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { jitless: true, error });
}
