/**
 * A resource type's model: its field declarations (see ./fields) and what every operation derives from them —
 * the input schema and diff table, inputs read from the properties the engine hands over, sessions on the API,
 * deadlines, refresh's answer, and the wording for a remote object that is gone. A resource module declares its
 * model once and writes only what is its own: how it creates, waits, updates and deletes.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import { currentClock } from "./clock";
import { markerFits } from "./identity";
import type { CommonFields, ConnectionInputOf, ConnectionKind, ConnectionOf } from "./common-fields";
import type { DiffTable } from "./diff";
import { ProviderError } from "./errors";
import type { OutputPreview } from "./preview";
import { restoreSourceOf } from "./pin";
import {
  declaredValues,
  diffTableOf,
  inputShape,
  refreshedInputs,
  updateBody,
  writeContextOf,
  type Fields,
  type WriteContext,
} from "./fields";
import {
  readInputs,
  type ResourceDefinition,
  type Session,
  type SessionInputs,
  sessionOpener,
  storedInputsOf,
  type ClientConstructor,
  type Props,
  type SessionOpener,
} from "./resource";
import { deadlineFor, type Timeouts } from "./timeouts";

/** The fields a model is made of: every field, the common ones included. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelFields = Fields<never> & CommonFields<any, any>;

/** The validated inputs a model's fields declare. */
export type InputsOf<F extends Fields<never>> = z.output<z.ZodObject<{ [K in keyof F]: F[K]["schema"] }>>;

/** The session (inputs, logger, API client) of an operation on a resource of model `M`. */
export type SessionOf<M> =
  M extends ResourceModel<infer F, infer _Input, infer Client> ? Session<InputsOf<F>, Client> : never;

/** A resource type's model (see the module's comment). */
export interface ResourceModel<F extends Fields<never>, ConnectionInput, Client> {
  type: string;
  fields: F;
  /** What {@link defineResource} takes from the model: spread it into the resource's definition. */
  definition: Pick<
    ResourceDefinition<InputsOf<F>>,
    "type" | "diffTable" | "resolveConnection" | "schema" | "source"
  >;
  /** The inputs' object schema, without cross-field rules. */
  shape: z.ZodObject<{ [K in keyof F]: F[K]["schema"] }>;
  diffTable: DiffTable<InputsOf<F>>;
  defaultTimeouts: Required<Timeouts>;
  /** Inputs from the properties of a create or update (check has validated them). */
  inputs(props: Props): InputsOf<F>;
  /** Inputs from stored state, read tolerantly: what today's schema refuses is left out (delete must never fail on it). */
  storedInputs(props: Props): Partial<InputsOf<F>>;
  /** Sessions on the API: on validated inputs, or `.stored(props)` on the state. */
  session: SessionOpener<ConnectionInput, Client>;
  /** The connection input's resolution, for check. */
  resolveConnection(input: unknown): { ok: true } | { ok: false; problems: string[] };
  /**
   * What an operation starts with: the validated inputs of `props` (a create's or an update's), a session on them,
   * and the deadline of `operation`, starting now.
   */
  begin(
    operation: keyof Timeouts,
    props: Props,
  ): { inputs: InputsOf<F>; session: Session<InputsOf<F>, Client>; deadline: number };
  /** The deadline of `operation` starting now: the user's `timeouts`, else the default. */
  deadline(operation: keyof Timeouts, timeouts: Timeouts | undefined): number;
  /** What the resource's stored properties tell about the object: its marker, name, whether it was adopted. */
  writeContext(props: Props): WriteContext;
  /**
   * The resource's `read` (refresh): `get` finds the object on the server with the stored session's client (undefined:
   * it is gone, and refresh drops the resource); each declared server-held input comes back as the server holds it
   * (so drift shows in the next preview, and `up` puts the declared value back), with the outputs `outputs` makes.
   */
  refresh<Remote>(
    get: (client: Client, id: string) => Promise<Remote | undefined>,
    outputs: (
      remote: Remote,
      inputs: Props,
      marker: string | undefined,
      read: { client: Client; props: Props },
    ) => Props | Promise<Props>,
  ): (id: string, props: Props) => Promise<dynamic.ReadResult>;
  /**
   * The body of the in-place update that makes `remote` hold what `news` declares, or what removing an input
   * from `olds` means (see ./fields); empty when it holds that already. `marker` is the resource's, from its state.
   */
  changes<Remote>(
    remote: Remote,
    olds: Props,
    news: Props,
    marker: string | undefined,
  ): Record<string, unknown>;
  /** `found`, or the error that says `subject` is gone from the server and how to drop it from the stack. */
  mustExist<T>(found: T | undefined, subject: string): T;
}

/** The model of a resource type, from its declarations. */
/**
 * The model of the resource type `type` (as users write it: "cinder.Backup"), from every one of its `fields` (the
 * common ones included: see {@link withCommonFields}), on the API `client`.
 */
export function resourceModel<F extends ModelFields, Client>(
  type: string,
  fields: F,
  client: ClientConstructor<ConnectionOf<F>, Client>,
): ResourceModel<F, ConnectionInputOf<F>, Client> {
  // The input that names an object to adopt, if the type has one.
  const adoptInput = Object.keys(fields).find((name) => fields[name].adopts);
  const spec = { type, fields, client, adoptInput };
  const shape = inputShape(spec.fields);
  const connection = spec.fields.connection.kind as ConnectionKind<ConnectionInputOf<F>, ConnectionOf<F>>;
  const defaultTimeouts = spec.fields.timeouts.defaults;
  const writeContext = (props: Props) => writeContextOf(props, spec.adoptInput);
  const diffTable = diffTableOf<InputsOf<F>>(spec.fields);
  const session = sessionOpener(spec.type, connection.require, spec.client);
  const resolveConnection = (input: unknown) => connection.resolve(input as ConnectionInputOf<F> | undefined);
  return {
    type: spec.type,
    fields: spec.fields,
    definition: {
      type: spec.type,
      diffTable,
      resolveConnection,
      schema: checkedSchema(shape, spec.fields, adoptInput),
      source: restoreSourceOf(spec.fields),
    },
    shape,
    diffTable,
    defaultTimeouts,
    inputs: (props) => readInputs(shape, props) as InputsOf<F>,
    storedInputs: (props) => storedInputsOf(shape, props) as Partial<InputsOf<F>>,
    session,
    resolveConnection,
    deadline: (operation, timeouts) =>
      deadlineFor(operation, timeouts, defaultTimeouts, currentClock().now()),
    writeContext,
    begin(operation, props) {
      const inputs = readInputs(shape, props) as InputsOf<F> & SessionInputs<ConnectionInputOf<F>>;
      const timeouts = (inputs as { timeouts?: Timeouts }).timeouts;
      const deadline = deadlineFor(operation, timeouts, defaultTimeouts, currentClock().now());
      return { inputs, session: session(inputs) as Session<InputsOf<F>, Client>, deadline };
    },
    refresh: (get, outputs) => async (id, props) => {
      const { client } = session.stored(props);
      const remote = await get(client, id);
      if (remote === undefined) return { id: "", props: {} };
      const context = writeContext(props);
      const inputs = refreshedInputs(spec.fields as Fields<never>, props, remote as never, context);
      return { id, props: await outputs(remote, inputs, context.marker, { client, props }), inputs };
    },
    changes(remote, olds, news, marker) {
      const fields = spec.fields as Fields<never>;
      const context = { ...writeContext(news), marker };
      return updateBody(fields, declaredValues(fields, olds, news, context), remote as never, context);
    },
    mustExist(found, subject) {
      if (found !== undefined) return found;
      throw new ProviderError(
        `${subject} no longer exists in ${spec.fields.connection.service}; run \`pulumi refresh\` to drop it from the stack`,
      );
    },
  };
}

/** A resource type as the package registers it (see ../index.ts): its name, its fields and its implementation. */
export interface RegisteredResource {
  type: string;
  fields: Fields<never>;
  provider: dynamic.ResourceProvider;
  /** What a preview knows of its outputs (none: every output it computes is unknown at preview). */
  preview?: OutputPreview;
}

/**
 * The registration of the resource type `model` describes, implemented by `provider`, whose preview knows the
 * outputs `preview` says.
 */
export function registration(
  model: { type: string; fields: Fields<never> },
  provider: dynamic.ResourceProvider,
  preview?: OutputPreview,
): RegisteredResource {
  return { type: model.type, fields: model.fields, provider, preview };
}

/**
 * The inputs' schema as check applies it: no input but the declared ones, and, where a description carries the
 * resource's marker, room for the marker within what the server keeps (an adopted object carries none).
 */
function checkedSchema<F extends ModelFields>(
  shape: z.ZodObject,
  fields: F,
  adoptInput: string | undefined,
): z.ZodType<InputsOf<F>, unknown> {
  const strict = shape.strict() as unknown as z.ZodType<InputsOf<F>, unknown>;
  const limit = Object.values(fields).find((field) => field.markerLimit !== undefined)?.markerLimit;
  if (limit === undefined) return strict;
  const adopted = (inputs: Props) => adoptInput !== undefined && inputs[adoptInput] !== undefined;
  return strict.superRefine(markerFits(limit, fields.connection.service, adopted)) as unknown as z.ZodType<
    InputsOf<F>,
    unknown
  >;
}
