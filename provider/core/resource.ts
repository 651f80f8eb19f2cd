/**
 * The shape every resource implementation takes, and the wrapper that turns it into a
 * `pulumi.dynamic.ResourceProvider`:
 * - `diff` comes from the resource's {@link DiffTable} (a resource may refine it, never bypass it);
 * - every error names the operation and the resource (`Error restoring trilio.Restore "web" (id …): …`) and is
 *   redacted; errors that record a partially created resource pass through with their id and properties;
 * - `check` is declared, not written: the inputs' schema (failures name their property path), the connection's
 *   resolution (a failure lists what to set), then, only for a resource about to be created whose inputs are all
 *   known and valid, the resource's own look at the remote system (unless remote checks are switched off: see
 *   {@link remoteChecksEnabled}). It never throws: an unexpected error becomes a check failure.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import { canonicalize } from "./canonical";
import { connectionFailures, formatPath, remoteChecksEnabled, validateInputs } from "./check";
import { diffByTable, willCreate, type DiffTable, type TableDiff } from "./diff";
import { asPartialFailure, isPartialFailure, ProviderError } from "./errors";
import { resourceLabel, type ResourceIdentity } from "./identity";
import { resourceLogger, type Logger } from "./log";
import { checkSource, type RestoreSource } from "./pin";
import type { PlanGap } from "./plan";
import { safeParse } from "./safe-parse";

/** Property bags as the host hands them over. */
export type Props = Record<string, unknown>;

/** Everything one operation on one resource needs: its inputs, a logger that names it, an API client. */
export interface Session<Inputs, Client> {
  inputs: Inputs;
  log: Logger;
  client: Client;
}

/** A session for a resource of `type`; `client` builds the API client, logging through the resource's logger. */
export function openSession<Inputs extends { __identity: { name: string } }, Client>(
  type: string,
  inputs: Inputs,
  client: (log: Logger) => Client,
): Session<Inputs, Client> {
  const log = resourceLogger(resourceLabel({ type, name: inputs.__identity.name }));
  return { inputs, log, client: client(log) };
}

/** An API client built from a resolved connection, logging through the resource's logger. */
export type ClientConstructor<Connection, Client> = new (
  connection: Connection,
  options: { log?: (line: string) => void },
) => Client;

/**
 * The session opener of one resource type: each session resolves the inputs' `connection` with `resolve` (which
 * throws when it is incomplete) and builds the API client on it.
 */
export interface SessionOpener<ConnectionInput, Client> {
  /** A session on validated inputs. */
  <Inputs extends SessionInputs<ConnectionInput>>(inputs: Inputs): Session<Inputs, Client>;
  /** A session on the inputs a read finds in the state (see {@link storedSessionInputs}). */
  stored(props: Props): Session<SessionInputs<ConnectionInput>, Client>;
}

/** The {@link SessionOpener} of resources of `type`. */
export function sessionOpener<ConnectionInput, Connection, Client>(
  type: string,
  resolve: (input: ConnectionInput | undefined) => Connection,
  client: ClientConstructor<Connection, Client>,
): SessionOpener<ConnectionInput, Client> {
  const open = <Inputs extends SessionInputs<ConnectionInput>>(inputs: Inputs) =>
    openSession(type, inputs, (log) => new client(resolve(inputs.connection), { log: log.info }));
  return Object.assign(open, {
    stored: (props: Props) => open(storedSessionInputs<ConnectionInput>(props)),
  });
}

/** What a session needs of a resource's inputs: its identity and its `connection`. */
export interface SessionInputs<ConnectionInput> {
  __identity: { name: string };
  connection?: ConnectionInput;
}

/**
 * What a read needs of the stored inputs to reach the API, taken as the state holds them. A read does not run the
 * input schema again: `check` ran it before the resource was created or updated, the read only echoes the other
 * inputs, and a rule that a later version of this package tightens must not stop `pulumi refresh` of the resources
 * created before it (`pulumi up` asks for inputs that pass). Only the shape is checked here.
 */
export function storedSessionInputs<ConnectionInput>(props: Props): SessionInputs<ConnectionInput> {
  const identity = props.__identity as { name?: unknown } | undefined;
  if (typeof identity?.name !== "string") {
    throw new ProviderError(
      "the resource's state has no __identity.name: it was not written by this provider",
    );
  }
  const connection = props.connection;
  if (
    connection !== undefined &&
    (typeof connection !== "object" || connection === null || Array.isArray(connection))
  ) {
    throw new ProviderError("the resource's state has a connection that is not an object");
  }
  return { __identity: { name: identity.name }, connection: connection as ConnectionInput | undefined };
}

/** A resource implementation: the CRUD methods, its diff table, and the verbs its errors use. */
export interface ResourceDefinition<Inputs> {
  /** The type as users write it: "trilio.Restore". */
  type: string;
  /** What a change of each input means. */
  diffTable: DiffTable<Inputs>;
  /** Verbs for error messages, per operation; defaults are "creating", "updating", … */
  verbs?: Partial<Record<"create" | "read" | "update" | "delete", string>>;
  /** A restore's source input, which `pinSource: true` keeps as restored (see ./pin). */
  source?: RestoreSource;
  /** Delete the old object before creating its replacement. */
  deleteBeforeReplace?: boolean;
  /** The inputs' schema with every rule (unknown properties refused). */
  schema: z.ZodType<Inputs, unknown>;
  /** Resolves the `connection` input (with stack config and environment): a connection, or what is missing. */
  resolveConnection(input: unknown): { ok: true } | { ok: false; problems: string[] };
  /**
   * Preview-time checks against the remote system before a create (a new resource or a replacement), given
   * valid, fully known inputs: that what it needs exists and is usable.
   */
  verifyBeforeCreate?(inputs: Inputs): Promise<dynamic.CheckFailure[]>;
  /**
   * What a create will do, in a line preview shows when {@link verifyBeforeCreate} cannot run (and say it): remote
   * checks are off, or an input is unknown until `up`. `inputs` are valid as far as they are known; an unknown one
   * is the engine's sentinel (see ./values). Names what is unknown (see ./plan); never sends a request.
   */
  planWithoutServer?(inputs: Props, gap: PlanGap): string;
  /**
   * Preview-time checks before an in-place update of `changedKeys` (for example that the server can do it), which
   * may also say what the update will do; `olds` are the previous inputs (a removed input is in them only).
   */
  verifyBeforeUpdate?(inputs: Inputs, changedKeys: string[], olds: Props): Promise<dynamic.CheckFailure[]>;
  /**
   * Refines the table's diff with what only the old outputs (a failed status) or, for a resource that keeps a
   * rule true over objects it does not own, the server can tell.
   */
  refineDiff?(id: string, olds: Props, news: Props, diff: TableDiff): TableDiff | Promise<TableDiff>;
  create(inputs: Props): Promise<dynamic.CreateResult>;
  read(id: string, props: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** A dynamic provider from a resource definition, with the conventions above. */
export function defineResource<Inputs>(definition: ResourceDefinition<Inputs>): dynamic.ResourceProvider {
  const verb = (operation: "create" | "read" | "update" | "delete") =>
    definition.verbs?.[operation] ?? DEFAULT_VERBS[operation];
  const canonical = (props: Props) => canonicalize(definition.schema, props) as Props;
  const context = (props: Props, operation: "create" | "read" | "update" | "delete", id?: string) => ({
    operation: verb(operation),
    resource: labelOf(definition.type, props),
    resourceId: id,
  });
  return {
    async check(olds, news) {
      // The inputs as stored from now on: ids in the server's form (see ./canonical), a pinned source kept.
      const previous = canonical(olds as Props);
      const { inputs, line } = definition.source
        ? checkSource(definition.source, definition.diffTable, previous, canonical(news as Props))
        : { inputs: canonical(news as Props), line: undefined };
      try {
        const failures = await checkInputs(definition, previous, inputs);
        if (line && failures.length === 0)
          resourceLogger(labelOf(definition.type, inputs))[line.level](line.text);
        return { inputs, failures };
      } catch (error) {
        const reason = ProviderError.wrap(error, {}).message;
        return {
          inputs,
          failures: [{ property: "", reason: `could not check the inputs: ${reason}` }],
        };
      }
    },
    async diff(id, olds, news) {
      // Olds may hold ids in another form (state written before ids were stored canonically).
      const diff = diffByTable(definition.diffTable, canonical(olds as Props), canonical(news as Props), {
        deleteBeforeReplace: definition.deleteBeforeReplace,
      });
      return definition.refineDiff ? definition.refineDiff(id, olds as Props, news as Props, diff) : diff;
    },
    async create(inputs) {
      try {
        return await definition.create(inputs as Props);
      } catch (error) {
        throw keepPartialFailure(error, context(inputs as Props, "create"));
      }
    },
    async read(id, props) {
      try {
        return await definition.read(id, (props ?? {}) as Props);
      } catch (error) {
        throw ProviderError.wrap(error, context((props ?? {}) as Props, "read", id));
      }
    },
    async update(id, olds, news) {
      try {
        return await definition.update(id, olds as Props, news as Props);
      } catch (error) {
        throw keepPartialFailure(error, context(news as Props, "update", id));
      }
    },
    async delete(id, props) {
      try {
        await definition.delete(id, (props ?? {}) as Props);
      } catch (error) {
        throw ProviderError.wrap(error, context((props ?? {}) as Props, "delete", id));
      }
    },
  };
}

async function checkInputs<Inputs>(
  definition: ResourceDefinition<Inputs>,
  olds: Props,
  news: Props,
): Promise<dynamic.CheckFailure[]> {
  const validation = validateInputs(definition.schema, news);
  const failures = [...validation.failures];
  failures.push(
    ...connectionFailures(failures, news.connection, () => definition.resolveConnection(news.connection)),
  );
  if (failures.length > 0) return failures;
  const remote = remoteChecksEnabled();
  if (willCreate(definition.diffTable, olds, news)) {
    if (validation.value && remote) return (await definition.verifyBeforeCreate?.(validation.value)) ?? [];
    const plan = definition.planWithoutServer?.(news, remote ? "unknown inputs" : "remote checks off");
    if (plan) resourceLogger(labelOf(definition.type, news)).info(plan);
    return [];
  }
  if (!validation.value || !remote) return failures;
  const { changedKeys } = diffByTable(definition.diffTable, olds, news);
  if (changedKeys.length === 0) return [];
  return (await definition.verifyBeforeUpdate?.(validation.value, changedKeys, olds)) ?? [];
}

/**
 * What a delete (or the old side of a replace) reads of the stored inputs: each input parsed on its own with its
 * schema, and left out when it does not parse, so that a delete never fails because a later version of this
 * package tightened a rule its state was written under (the input's default then applies: a timeout, say).
 * Identity and connection are taken as a read takes them (see {@link storedSessionInputs}).
 */
export function storedInputsOf<S extends z.ZodObject>(shape: S, props: Props): Partial<z.output<S>> {
  const inputs: Props = {};
  for (const [key, schema] of Object.entries(shape.shape as Record<string, z.ZodType>)) {
    if (props[key] === undefined) continue;
    const parsed = safeParse(schema, props[key]);
    if (parsed.success) inputs[key] = parsed.data;
  }
  return inputs as Partial<z.output<S>>;
}

/**
 * Inputs read back from a property bag (the new inputs, or outputs, which echo them) with the resource's schema
 * (without its cross-field rules); anything else in the bag is dropped.
 */
export function readInputs<S extends z.ZodType>(schema: S, props: Props): z.output<S> {
  const parsed = safeParse(schema, props);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  throw new ProviderError(`the resource's inputs are invalid: ${where}${issue.message}`);
}

/** The input properties (the keys of `table`) of a bag that also holds outputs. */
export function inputsOf<Inputs>(table: DiffTable<Inputs>, props: Props): Props {
  const inputs: Props = {};
  for (const key of Object.keys(table)) if (props[key] !== undefined) inputs[key] = props[key];
  return inputs;
}

/** A resource's outputs: its input properties in `inputs` (the keys of `table`) echoed, then `outputs`. */
export function outputsWithInputs<Inputs>(table: DiffTable<Inputs>, inputs: Props, outputs: Props): Props {
  // Not `{ ...inputsOf(…), status, … }`: V8 builds a spread followed by a dozen properties ten times slower.
  return Object.assign(inputsOf(table, inputs), outputs);
}

const DEFAULT_VERBS = {
  create: "creating",
  read: "reading",
  update: "updating",
  delete: "deleting",
} as const;

/** `trilio.Restore "web"` from the `__identity` input, or the bare type when it is missing. */
export function labelOf(type: string, props: Props): string {
  const identity = props.__identity as Partial<ResourceIdentity> | undefined;
  return identity?.name ? resourceLabel({ type, name: identity.name }) : type;
}

/**
 * Errors that record a partially created resource carry `id` and `properties`: keep those, add the context, and
 * make the recorded reason the full message.
 */
function keepPartialFailure(
  error: unknown,
  context: { operation: string; resource: string; resourceId?: string },
): unknown {
  const wrapped = ProviderError.wrap(error, context);
  if (!isPartialFailure(error)) return wrapped;
  return asPartialFailure(wrapped, error.id, error.properties, error.properties);
}
