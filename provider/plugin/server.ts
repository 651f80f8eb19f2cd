/**
 * The provider plugin's `ResourceProvider` service: the same resource implementations as the dynamic face
 * (../index.ts), served to the Pulumi engine directly, so that every Pulumi language can use them, with what a
 * dynamic provider cannot have: provider configuration, detailed diffs, previews of computed outputs, the engine's
 * customTimeouts, `pulumi import`, secrets in outputs, and Cancel.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { fieldsByType, providerFor } from "../index";
import type { TableDiff } from "../core/diff";
import { inputsOf, type Props } from "../core/resource";
import { diffTableOf } from "../core/fields";
import { setStackConfig } from "../core/settings/stack-config";
import { withEngineTimeout } from "../core/timeouts";
import { isDeepEqual } from "../core/values";
import { changesResponse, diffResponse } from "./detailed-diff";
import { grpcErrorOf } from "./grpc-errors";
import { lookupOutputs, pluginLookups } from "./lookups";
import { previewOutputs } from "./preview";
import { configOf } from "./provider-config";
import { readFromId } from "./import";
import { resourceOf, withIdentity, withoutIdentity, type ResourceRef } from "./resource-ref";
import { PLUGIN_PACKAGE, sdkNameOf } from "./tokens";
import { fromWire, plainStruct, toWire, type PlainProps } from "./values";

/** The repository (or installed package) root, three levels above `dist/provider/plugin`. */
const ROOT = path.resolve(__dirname, "../../..");

/** Where the generated schema is, read at each request (the generator may rewrite it while a plugin runs). */
const SCHEMA_PATH = path.join(ROOT, "provider/plugin/schema.json");

/** What the server needs from the process it runs in. */
export interface ServerHooks {
  /** Stops every wait in progress (see ./cancellation). */
  cancel(): void;
}

/** The `ResourceProvider` service implementation (methods not listed answer UNIMPLEMENTED). */
export function resourceProviderServer(hooks: ServerHooks): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(packageVersion())),
    getSchema: unary(async () => new provproto.GetSchemaResponse().setSchema(schemaText())),
    checkConfig: unary(checkConfig),
    diffConfig: unary(diffConfig),
    configure: unary(configure),
    check: unary(check),
    diff: unary(diff),
    create: unary(create),
    read: unary(read),
    update: unary(update),
    delete: unary(remove),
    invoke: unary(invoke),
    cancel: unary(async () => {
      hooks.cancel();
      return new Empty();
    }),
  };
}

/**
 * A gRPC unary handler from an async function; a thrown error becomes the engine's error (see ./grpc-errors),
 * with the outputs of a partially created resource as the engine stores outputs.
 */
function unary<Req, Res>(handler: (request: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  const outputsOf = (props: Props) => toWire(withoutIdentity(props));
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcErrorOf(error, outputsOf)),
    );
  };
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
    .version;
}

/** The generated schema; until there is one, the least a valid schema holds. */
function schemaText(): string {
  try {
    return fs.readFileSync(SCHEMA_PATH, "utf8");
  } catch {
    return JSON.stringify({ name: PLUGIN_PACKAGE, version: packageVersion() });
  }
}

async function checkConfig(request: provproto.CheckRequest): Promise<provproto.CheckResponse> {
  const response = new provproto.CheckResponse();
  const news = request.getNews();
  if (news) response.setInputs(news);
  return response;
}

async function diffConfig(request: provproto.DiffRequest): Promise<provproto.DiffResponse> {
  // Provider settings steer how resources are reached: a change never replaces a resource.
  const olds = fromWire(request.getOldInputs() ?? request.getOlds()).props;
  const news = fromWire(request.getNews()).props;
  const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
    (key) => !isDeepEqual(olds[key], news[key]),
  );
  return changesResponse(changed);
}

async function configure(request: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
  setStackConfig(configOf(request));
  const response = new provproto.ConfigureResponse();
  response.setAcceptsecrets(true);
  response.setSupportspreview(true);
  return response;
}

/** What a resource request names: the resource and its implementation. */
function target(urn: string): { ref: ResourceRef; provider: dynamic.ResourceProvider } {
  const ref = resourceOf(urn);
  return { ref, provider: providerFor(ref.type) };
}

async function check(request: provproto.CheckRequest): Promise<provproto.CheckResponse> {
  const { ref, provider } = target(request.getUrn());
  const olds = fromWire(request.getOlds()).props;
  const news = fromWire(request.getNews());
  // No previous inputs means a create: they stay empty (see ../core/diff willCreate).
  const previous = Object.keys(olds).length > 0 ? withIdentity(ref, olds) : {};
  const result = await provider.check!(previous, withIdentity(ref, news.props));
  const response = new provproto.CheckResponse();
  response.setInputs(toWire(withoutIdentity((result.inputs ?? {}) as Props), news.secrets));
  response.setFailuresList(
    (result.failures ?? []).map((failure) =>
      new provproto.CheckFailure().setProperty(failure.property).setReason(failure.reason),
    ),
  );
  return response;
}

async function diff(request: provproto.DiffRequest): Promise<provproto.DiffResponse> {
  const { ref, provider } = target(request.getUrn());
  const olds = withIdentity(ref, fromWire(request.getOlds()).props);
  const news = withIdentity(ref, fromWire(request.getNews()).props);
  const result = (await provider.diff!(request.getId(), olds, news)) as TableDiff;
  return diffResponse(result, olds, news, request.getIgnorechangesList());
}

async function create(request: provproto.CreateRequest): Promise<provproto.CreateResponse> {
  const { ref, provider } = target(request.getUrn());
  const news = fromWire(request.getProperties());
  const response = new provproto.CreateResponse();
  if (request.getPreview()) {
    return response.setProperties(toWire(await previewOutputs(ref, news.props), news.secrets));
  }
  const created = await withEngineTimeout(request.getTimeout() * 1000, () =>
    provider.create(withIdentity(ref, news.props)),
  );
  response.setId(created.id);
  return response.setProperties(toWire(withoutIdentity((created.outs ?? {}) as Props), news.secrets));
}

async function read(request: provproto.ReadRequest): Promise<provproto.ReadResponse> {
  const { ref, provider } = target(request.getUrn());
  const state = fromWire(request.getProperties());
  const inputs = fromWire(request.getInputs());
  const secrets = new Set([...state.secrets, ...inputs.secrets]);
  const response = new provproto.ReadResponse();
  const found =
    Object.keys(state.props).length > 0
      ? await provider.read!(request.getId(), withIdentity(ref, state.props))
      : await readFromId(ref, provider, request.getId(), inputs.props);
  if (!found.id) return response;
  const outputs = withoutIdentity((found.props ?? {}) as Props);
  const foundInputs = (found as { inputs?: Props }).inputs;
  const inputsNow = foundInputs ?? inputsOf(diffTableOf(fieldsByType[ref.type]), outputs);
  response.setId(found.id);
  response.setProperties(toWire(outputs, secrets));
  return response.setInputs(toWire(withoutIdentity(inputsNow), secrets));
}

async function update(request: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
  const { ref, provider } = target(request.getUrn());
  const olds = fromWire(request.getOlds());
  const news = fromWire(request.getNews());
  const response = new provproto.UpdateResponse();
  if (request.getPreview()) {
    return response.setProperties(toWire(await previewOutputs(ref, news.props, olds.props), news.secrets));
  }
  const updated = await withEngineTimeout(request.getTimeout() * 1000, () =>
    provider.update!(request.getId(), withIdentity(ref, olds.props), withIdentity(ref, news.props)),
  );
  return response.setProperties(toWire(withoutIdentity((updated.outs ?? {}) as Props), news.secrets));
}

async function remove(request: provproto.DeleteRequest): Promise<Empty> {
  const { ref, provider } = target(request.getUrn());
  const state: PlainProps = fromWire(request.getProperties());
  await withEngineTimeout(request.getTimeout() * 1000, () =>
    provider.delete!(request.getId(), withIdentity(ref, state.props)),
  );
  return new Empty();
}

async function invoke(request: provproto.InvokeRequest): Promise<provproto.InvokeResponse> {
  const token = request.getTok();
  const name = sdkNameOf(token);
  const lookup = pluginLookups.find((candidate) => candidate.name === name);
  if (!lookup) {
    throw new Error(
      `the openstack-dataprotection plugin has no function "${token}" (it has: ` +
        `${pluginLookups.map((candidate) => candidate.name).join(", ")})`,
    );
  }
  const result = await lookup.run(fromWire(request.getArgs()).props, {});
  return new provproto.InvokeResponse().setReturn(plainStruct(lookupOutputs(lookup, result)));
}
