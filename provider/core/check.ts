/**
 * Input validation for `check`: a zod schema per resource, with failures reported as Pulumi check failures whose
 * property is the path of the bad value (`instances[0].vdisks[1].id`) and whose reason says what is wrong.
 *
 * Values unknown during a preview cannot be judged: failures at or below an unknown value are dropped, and the
 * parsed value is then unavailable (remote checks that need it are skipped).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import { environment } from "./settings/environment";
import { ProviderError } from "./errors";
import { userMessage } from "./messages";
import { safeParse } from "./safe-parse";
import { isTrue, packageSetting } from "./settings/settings";
import { UNKNOWN } from "./values";

/**
 * Whether `check` asks the API whether an operation can run (the snapshot exists and is available, the volume
 * can be backed up, …): stack config `dataprotection:remoteChecks`, then `DATAPROTECTION_REMOTE_CHECKS`; on by
 * default. The Pulumi engine calls Check one resource at a time, so these round trips add up in a large stack
 * (which ./bulk-lookup answers from lists after a few); switched off, such problems show when the operation runs.
 */
export function remoteChecksEnabled(env: Readonly<NodeJS.ProcessEnv> = environment()): boolean {
  const value = packageSetting("remoteChecks", "DATAPROTECTION_REMOTE_CHECKS", env)?.trim();
  return value ? isTrue(value) : true;
}

/** The result of validating inputs: the parsed value when everything is known and valid, and the failures. */
export interface Validation<T> {
  value?: T;
  failures: dynamic.CheckFailure[];
  /** True when some input is unknown (a preview), so `value` is unavailable even without failures. */
  hasUnknowns: boolean;
}

/** Validates `news` (without `__provider`) against `schema`. */
export function validateInputs<S extends z.ZodType>(
  schema: S,
  news: Record<string, unknown>,
): Validation<z.output<S>> {
  const { __provider: _provider, ...inputs } = news;
  const unknownPaths = findUnknownPaths(inputs);
  const parsed = safeParse(schema, inputs, userMessage);
  const hasUnknowns = unknownPaths.length > 0;
  // A value that holds the unknown sentinel may still parse (it looks like a UUID), but it is not the value.
  if (parsed.success) return { value: hasUnknowns ? undefined : parsed.data, failures: [], hasUnknowns };
  const failures = parsed.error.issues
    .filter((issue) => !unknownPaths.some((unknown) => isPrefix(unknown, issue.path)))
    .flatMap((issue) =>
      // One failure per unknown property, named: most often a misspelt input.
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({
            property: formatPath([...issue.path, key]),
            reason: "no such input (check its spelling)",
          }))
        : [{ property: formatPath(issue.path), reason: issue.message }],
    );
  return { failures: dedupe(failures), hasUnknowns };
}

/** A property path as Pulumi users read it: `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? String(segment) : `.${String(segment)}`,
    )
    .join("");
}

function findUnknownPaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (value === UNKNOWN) return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnknownPaths(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => findUnknownPaths(item, [...path, key]));
  }
  return [];
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => segment === path[index]);
}

function dedupe(failures: dynamic.CheckFailure[]): dynamic.CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((failure) => {
    const key = `${failure.property}\u0000${failure.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The check failure for a look at the remote system that failed: charged to `connection` when the service could
 * not be reached, it refused the credentials, or the connection is otherwise at fault (Keystone's answers, the
 * catalog: see {@link ProviderError.connectionFault}), since the inputs are not the problem; else to `property`.
 * The reason says what could not be checked (`what`: "snapshot 3df1…") and why.
 */
export function remoteCheckFailure(error: unknown, property: string, what: string): dynamic.CheckFailure {
  const wrapped = ProviderError.wrap(error, {});
  const refused = wrapped.status === 401 || wrapped.status === 403;
  const aboutConnection = wrapped.unreachable === true || wrapped.connectionFault === true || refused;
  return {
    property: aboutConnection ? "connection" : property,
    reason: `could not check ${what}: ${wrapped.message}`,
  };
}

/**
 * The check failure for an incomplete connection, unless the `connection` input already failed validation or is
 * unknown at preview (it is resolved once known):
 * `resolve` returns the resolution's outcome (each problem says what to set).
 */
export function connectionFailures(
  failures: readonly dynamic.CheckFailure[],
  connection: unknown,
  resolve: () => { ok: true } | { ok: false; problems: string[] },
): dynamic.CheckFailure[] {
  if (failures.some((failure) => failure.property.startsWith("connection"))) return [];
  // A connection that is an unknown output at preview is resolved when it is known, at up.
  if (connection === UNKNOWN) return [];
  const resolved = resolve();
  return resolved.ok ? [] : [{ property: "connection", reason: resolved.problems.join("; ") }];
}
