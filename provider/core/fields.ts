/**
 * One declaration per field. A resource declares each input once, here: its schema, what a change of it means
 * (and, for a replace, why), what removing it means, where it lives on the server and how refresh reads it back.
 * The input schema, the diff table, the bodies of in-place updates, the inputs refresh takes from the server and
 * the docs (README tables, SDK declarations, checked by tests) all come from the declaration, so a field cannot
 * be handled one way by diff and another by update.
 */
import { z } from "zod";
import type { DiffTable } from "./diff";
import { isDeepEqual } from "./values";

/** What a change of an input means. */
export type Change =
  /** A change makes a new remote object; the text says why a user would want that. */
  | { replaces: string }
  /** Changed in place, by the request named ("PATCH /openstack-snapshots/{uuid}/"). */
  | { updates: string }
  /** Kept in the stack only (it steers the provider, or the server cannot change it); the text says why. */
  | { stateOnly: string }
  /** Never a change; the text says why. */
  | { ignored: string };

/** What an input's value is written as on the server, and read back, given what only the resource knows. */
export interface WriteContext {
  /** The resource's marker, for a description that carries it. */
  marker?: string;
  /** The resource's name, a name's default. */
  resourceName: string;
  /** Whether the remote object was adopted rather than made: an adopted object keeps what is not declared. */
  adopted: boolean;
}

/** Where an input lives on the server: how updates write it and how refresh reads it. */
export interface ServerField<Remote> {
  /** Its name in the server's request bodies. */
  wire: string;
  /** The value as the input holds it, read from the server's object (a marker stripped, a form normalised). */
  read: (remote: Remote, context: WriteContext) => unknown;
  /** What the server is sent for the input's value (default: the value itself). */
  write?: (value: unknown, context: WriteContext) => unknown;
  /**
   * What removing the input from the program means: the input value it then stands for (`null` for "keep
   * forever", `""`, `{}`; a function of the context for a default such as the resource name; undefined: the
   * server's value is left as it is), written to the server like any other value, and how the docs say it; or
   * why `check` refuses a program without it (the server cannot do without one).
   */
  removal: Removal;
  /** Whether a declared value and the server's are the same (default: equal as JSON). */
  same?: (declared: unknown, held: unknown) => boolean;
}

/** What removing a server-held input means (see {@link ServerField.removal}). */
export type Removal =
  | { becomes: unknown; says: string }
  | { becomes: (context: WriteContext) => unknown; says: string }
  | { refused: string };

/** The value a removed input stands for; undefined when the server's value is left as it is, or it is refused. */
export function removedValue(removal: Removal, context: WriteContext): unknown {
  if ("refused" in removal) return undefined;
  const becomes = removal.becomes;
  return typeof becomes === "function" ? (becomes as (c: WriteContext) => unknown)(context) : becomes;
}

/** One input of a resource. */
export interface Field<Remote = never> {
  schema: z.ZodType;
  change: Change;
  /** What the input is, as the README and the SDK describe it. */
  doc: string;
  /** Where it lives on the server; absent for inputs only the provider knows (connection, timeouts, triggers). */
  server?: ServerField<Remote>;
  /** Whether it names an existing object the resource adopts: such an object keeps what is not declared. */
  adopts?: boolean;
  /**
   * For an input every declared resource's state holds (a required one, or one the object's kind requires) that
   * the object records: its value read from the object, or undefined where the object's kind needs none. A read
   * whose state holds none of these inputs is an import (`pulumi import`: the id alone, see ../plugin/import),
   * which answers them as inputs, so that the program written from the import declares the object as it is.
   */
  imported?: (remote: Remote) => unknown;
  /** For a description that carries the resource's marker: how many characters the server keeps. */
  markerLimit?: number;
  /**
   * For the input that names what a restore restores: what it names, as messages say it ("snapshot"). With
   * `pinSource: true` a change of it is no change (see ./pin).
   */
  source?: string;
}

/**
 * An input the server does not hold (or holds only as the object's definition): its schema, then what it is
 * (`doc`) and what a change of it means, in one line each, `field(openStackId, { replaces: "why", doc: "what" })`.
 */
export function field<S extends z.ZodType>(
  schema: S,
  declared: Change & { doc: string },
): { schema: S; change: Change; doc: string } {
  const { doc, ...change } = declared;
  return { schema, change: change as Change, doc };
}

/** A resource's fields, by input name. */
export type Fields<Remote = never> = Readonly<Record<string, Field<Remote>>>;

/** The object schema of the inputs the fields declare (without cross-field rules). */
export function inputShape<F extends Fields<never>>(
  fields: F,
): z.ZodObject<{ [K in keyof F]: F[K]["schema"] }> {
  const shape = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.schema]));
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof F]: F[K]["schema"] }>;
}

/** The diff table the fields' change policies make. */
export function diffTableOf<Inputs>(fields: Fields<never>): DiffTable<Inputs> {
  const kinds = Object.entries(fields).map(([name, field]) => {
    const change = field.change;
    return [name, "replaces" in change ? "replace" : "ignored" in change ? "ignore" : "update"] as const;
  });
  return Object.fromEntries(kinds) as unknown as DiffTable<Inputs>;
}

/** The fields that live on the server, with their names. */
function serverFields<Remote>(fields: Fields<Remote>): [string, ServerField<Remote>][] {
  return Object.entries(fields).flatMap(([name, field]) =>
    field.server && "updates" in field.change ? [[name, field.server] as [string, ServerField<Remote>]] : [],
  );
}

/**
 * The value each server-held input stands for now: as declared in `news`; otherwise as its removal says, when
 * `olds` declared it or the resource made the object (an object it made holds what the program says, a default
 * included); left out for an adopted object that never declared it (only declared fields are managed there).
 */
export function declaredValues<Remote>(
  fields: Fields<Remote>,
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  context: WriteContext,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [name, server] of serverFields(fields)) {
    if (news[name] !== undefined) values.set(name, news[name]);
    else if (olds[name] !== undefined || !context.adopted) {
      const value = removedValue(server.removal, context);
      if (value !== undefined) values.set(name, value);
    }
  }
  return values;
}

/**
 * The body of the in-place update that makes the server hold `values` (see {@link declaredValues}): each field
 * whose value differs from what `remote` holds, under its wire name, written as the server takes it.
 */
export function updateBody<Remote>(
  fields: Fields<Remote>,
  values: ReadonlyMap<string, unknown>,
  remote: Remote,
  context: WriteContext,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, server] of serverFields(fields)) {
    if (!values.has(name)) continue;
    const value = values.get(name);
    if (sameValue(server, value, server.read(remote, context))) continue;
    body[server.wire] = server.write ? server.write(value, context) : value;
  }
  return body;
}

/**
 * The inputs refresh reports: the stored ones, with each declared server-held input as the server now holds it,
 * so that drift shows in the next preview and `up` puts the declared value back. Inputs only the provider knows,
 * and server-held ones never declared, keep their stored value. A state that holds none of the inputs the object
 * records ({@link Field.imported}) is an import's: those are read from the object.
 */
export function refreshedInputs<Remote>(
  fields: Fields<Remote>,
  stored: Readonly<Record<string, unknown>>,
  remote: Remote,
  context: WriteContext,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  // An import's state holds none of the inputs the object records; a declared resource's holds some, and an input
  // its program left out (a one-click restore's VMs) must stay out, or the next diff would see it removed.
  const importing = Object.entries(fields).every(
    ([name, field]) => !field.imported || stored[name] === undefined,
  );
  for (const [name, field] of Object.entries(fields)) {
    if (stored[name] !== undefined) inputs[name] = stored[name];
    else if (importing && field.imported) inputs[name] = field.imported(remote) ?? undefined;
    if (inputs[name] === undefined) delete inputs[name];
  }
  for (const [name, server] of serverFields(fields)) {
    if (stored[name] === undefined) continue;
    const held = server.read(remote, context);
    // The stored form where the server holds the same value: refresh shows drift, never a difference of form.
    if (held !== undefined && !sameValue(server, stored[name], held)) inputs[name] = held;
  }
  return inputs;
}

function sameValue<Remote>(server: ServerField<Remote>, declared: unknown, held: unknown): boolean {
  return server.same ? server.same(declared, held) : isDeepEqual(declared, held);
}

/** The context of a resource whose properties (inputs or outputs) are `props`; `adoptInput` names its adopt input. */
export function writeContextOf(props: Readonly<Record<string, unknown>>, adoptInput?: string): WriteContext {
  const identity = props.__identity as { name?: unknown } | undefined;
  return {
    marker: typeof props.marker === "string" ? props.marker : undefined,
    resourceName: typeof identity?.name === "string" ? identity.name : "",
    adopted: adoptInput !== undefined && props[adoptInput] !== undefined,
  };
}

/** One row of a resource's input table in the README: the input, what it is, and what a change or removal does. */
export type InputRow = readonly [input: string, what: string, change: string];

/** The README's input table of a resource, from its declarations (the identity left out: the SDK passes it). */
export function inputTable(fields: Fields<never>): InputRow[] {
  return Object.entries(fields)
    .filter(([name]) => name !== "__identity")
    .map(([name, field]) => [`\`${name}\``, field.doc, changeText(field)] as const);
}

/** What a change of the input does, and what removing it does, as the README and the plugin's schema say it. */
export function changeText(field: Field<never>): string {
  const change = field.change;
  if ("replaces" in change) return `**replaces**: ${change.replaces}`;
  if ("stateOnly" in change) return `state only: ${change.stateOnly}`;
  if ("ignored" in change) return `never a change: ${change.ignored}`;
  const removal = field.server?.removal;
  if (!removal) return `update: ${change.updates}`;
  const removed =
    "refused" in removal ? `cannot be removed (${removal.refused})` : `removed: ${removal.says}`;
  return `update: ${change.updates}; ${removed}`;
}
