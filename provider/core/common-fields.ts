/**
 * The fields resources share, declared once: who the resource is, its deadlines and connection (every resource
 * has them: {@link withCommonFields}), and the name, description and metadata an object carries on its server
 * (fields a resource puts in its declarations, see ./fields, with the parts that differ as arguments).
 */
import { z } from "zod";
import type { Change, Field } from "./fields";
import { describeWithMarker, identitySchema, withoutMarker } from "./identity";
import { ProviderError } from "./errors";
import { parseDuration, timeoutsSchema, type Timeouts } from "./timeouts";

/** How a resource type reaches its system (see ./model): the `connection` input, its docs and its resolution. */
export interface ConnectionKind<Input, Connection> {
  /** The `connection` input's schema. */
  schema: z.ZodType<Input>;
  /** Where the docs describe the input's settings. */
  doc: string;
  /** The connection, or what is missing (check reports it). */
  resolve(input: Input | undefined): { ok: true; connection: Connection } | { ok: false; problems: string[] };
  /** The connection; throws, listing what is missing, when it is incomplete. */
  require(input: Input | undefined): Connection;
}

/**
 * The {@link ConnectionKind} of `name` ("OpenStack", "Waldur"); an incomplete connection fails an operation with
 * what to set.
 */
export function connectionKind<Input, Connection>(kind: {
  name: string;
  schema: z.ZodType<Input>;
  doc: string;
  resolve: (
    input: Input | undefined,
  ) => { ok: true; connection: Connection } | { ok: false; problems: string[] };
}): ConnectionKind<Input, Connection> {
  return {
    schema: kind.schema,
    doc: kind.doc,
    resolve: (input) => kind.resolve(input),
    require(input) {
      const resolved = kind.resolve(input);
      if (resolved.ok) return resolved.connection;
      throw new ProviderError(`the ${kind.name} connection is incomplete: ${resolved.problems.join("; ")}`);
    },
  };
}

/** The fields every resource has beside its own: its identity, its deadlines and its connection. */
export interface CommonFields<Input, Connection> {
  /** The resource's type, name, project and stack, which the SDK passes and no change touches. */
  __identity: { schema: typeof identitySchema; change: Change; doc: string };
  /** The deadlines of the provider's waits, with the defaults where the user says nothing. */
  timeouts: {
    schema: z.ZodOptional<typeof timeoutsSchema>;
    change: Change;
    doc: string;
    defaults: Required<Timeouts>;
  };
  /** How the provider reaches the system, never a change of the remote object. */
  connection: {
    schema: z.ZodOptional<z.ZodType<Input>>;
    change: Change;
    doc: string;
    kind: ConnectionKind<Input, Connection>;
    /** The system's name in messages: "Cinder". */
    service: string;
  };
}

/** The connection input of a resource whose fields are `F`. */
export type ConnectionInputOf<F> = F extends { connection: { kind: ConnectionKind<infer I, unknown> } }
  ? I
  : never;

/** The resolved connection of a resource whose fields are `F`. */
export type ConnectionOf<F> = F extends { connection: { kind: ConnectionKind<unknown, infer C> } }
  ? C
  : never;

/**
 * A resource's fields: `__identity` first, its own `fields`, then `timeouts` (defaults `[create, update, delete]`,
 * durations such as "4h") and `connection` (how the provider reaches `service`).
 */
export function withCommonFields<F extends object, Input, Connection>(
  service: string,
  connection: ConnectionKind<Input, Connection>,
  [create, update, del]: [create: string, update: string, del: string],
  fields: F,
): { __identity: CommonFields<Input, Connection>["__identity"] } & F &
  Omit<CommonFields<Input, Connection>, "__identity"> {
  return {
    __identity: {
      schema: identitySchema,
      change: { ignored: "who the resource is: the SDK passes it" },
      doc: "the resource's identity",
    },
    ...fields,
    timeouts: {
      schema: timeoutsSchema.optional(),
      change: { stateOnly: "deadlines of this provider's waits" },
      doc: `\`{ create?, update?, delete? }\`, defaults ${create}, ${update}, ${del}`,
      defaults: { create: parseDuration(create), update: parseDuration(update), delete: parseDuration(del) },
    },
    connection: {
      schema: connection.schema.optional(),
      change: { stateOnly: `how this provider reaches ${service}` },
      doc: connection.doc,
      kind: connection,
      service,
    },
  };
}

/**
 * `name`: the object's name on the server (at most `max` characters, set in place by `updates`), by default the
 * resource's name; removing it puts the resource's name back (an adopted `noun` keeps its own).
 */
export function defaultedNameField(noun: string, { max, updates }: { max: number; updates: string }) {
  return {
    schema: z.string().min(1, { error: "must not be empty" }).max(max).optional(),
    change: { updates },
    doc: "string, default the resource name",
    server: {
      wire: "name",
      read: (remote: { name?: string | null }) => remote.name ?? undefined,
      removal: {
        becomes: (context) => (context.adopted ? undefined : context.resourceName),
        says: `back to the resource name (an adopted ${noun} keeps its name)`,
      },
    },
  } as const satisfies Field<{ name?: string | null }>;
}

/** `adopt…`: an existing `noun` (its id of the form `id`) to manage instead of making one; another replaces. */
export function adoptField(id: z.ZodType<string>, noun: string, doc: string) {
  return {
    schema: id.optional(),
    change: { replaces: `another ${noun} to manage` },
    doc,
    adopts: true,
  } as const satisfies Field;
}

/**
 * `description`: the object's description on the server (at most `max` characters, set in place by `updates`),
 * which also carries the resource's marker (see ./identity) when the resource made the object; refresh reads it
 * without the marker, removal clears it.
 */
export function markedDescriptionField({
  max,
  updates,
  doc,
}: {
  max: number;
  updates: string;
  doc?: string;
}) {
  return {
    schema: z.string().max(max).optional(),
    change: { updates },
    doc: doc ?? "string",
    server: {
      wire: "description",
      read: (remote: { description?: string | null }, context) =>
        withoutMarker(remote.description, context.marker),
      write: (value, context) =>
        context.marker ? describeWithMarker(value as string, context.marker) : value,
      removal: { becomes: "", says: "cleared" },
    },
    markerLimit: max,
  } as const satisfies Field<{ description?: string | null }>;
}

/**
 * `metadata`: string pairs on the `service`'s object, set in place by `updates`; a key removed is removed on the
 * server, and removing the input clears them all.
 */
export function metadataField(service: string, { updates, doc }: { updates: string; doc: string }) {
  return {
    schema: z.record(z.string(), z.string()).optional(),
    change: { updates },
    doc,
    server: {
      wire: "metadata",
      // Waldur sends "" until metadata is first set; Cinder below 3.43 sends none.
      read: (remote: { metadata?: unknown }) => remote.metadata || {},
      removal: { becomes: {}, says: `cleared; a key removed is removed in ${service}` },
    },
  } as const satisfies Field<{ metadata?: unknown }>;
}

/**
 * The input that names what a restore restores (a `noun` of the form `id`, as `doc` says): another one replaces,
 * unless `pinSource` is true (see ./pin).
 */
export function restoreSourceField(id: z.ZodType<string>, noun: string, doc: string) {
  return {
    schema: id,
    change: {
      replaces: `another ${noun} is a new restore, unless \`pinSource\` is true: then the restore keeps its ${noun}`,
    },
    doc,
    source: noun,
  } as const satisfies Field;
}

/** `pinSource`: keep the `noun` a restore restored when the program names another (see ./pin). */
export function pinSourceField(noun: string) {
  return {
    schema: z.boolean().optional(),
    change: { stateOnly: "turning it on or off restores nothing" },
    doc:
      `boolean, default \`false\`: \`true\` keeps the restored ${noun} when the program names another (a ` +
      "lookup's newer one); change `triggers` to restore again",
  } as const satisfies Field;
}
