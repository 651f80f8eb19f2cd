/**
 * The resource monitor installed in the program runner: an object with the methods of the SDK's
 * `MockMonitor`, whose resource requests go to the engine over the IPC channel instead of to mocks.
 */
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type {
  CustomTimeouts,
  ReadRequest,
  ReadResponse,
  RegistrationRequest,
  RegistrationResponse,
  RunnerMessage,
} from "./protocol";
import type { WireMap } from "./wire";

/** The SDK modules the monitor builds its responses with (from the program's own `@pulumi/pulumi`). */
export interface MonitorSdk {
  resproto: typeof resproto;
  provproto: typeof provproto;
  struct: typeof structproto;
}

/** Sends a request to the engine and resolves with its answer. */
export type EngineCall = <T extends RegistrationResponse | ReadResponse | WireMap>(
  message: Extract<RunnerMessage, { seq: number }>,
) => Promise<T>;

/** Monitor features and whether the test engine supports them (the SDK asks through `supportsFeature`). */
export const MONITOR_FEATURES: Record<string, boolean> = {
  secrets: true,
  resourceReferences: true,
  outputValues: false,
  deletedWith: true,
  replaceWith: true,
  aliasSpecs: true,
  transforms: false,
  invokeTransforms: false,
  parameterization: true,
  resourceHooks: false,
  errorHooks: false,
};

type Callback<T> = (err: Error | null, res?: T) => void;

const GRPC_UNKNOWN = 2;

/** A monitor that forwards registrations to the engine. */
export class IpcMonitor {
  private seq = 0;
  private readonly resources = new Map<string, { urn: string; id: string | null; state: WireMap }>();

  /**
   * @param sdk protobuf modules of the program's `@pulumi/pulumi`.
   * @param call sends a numbered request to the engine.
   * @param notify sends a message that needs no answer.
   */
  constructor(
    private readonly sdk: MonitorSdk,
    private readonly call: EngineCall,
    private readonly notify: (message: RunnerMessage) => void,
  ) {}

  /** Forwards a `RegisterResourceRequest` and answers with the engine's URN, ID and outputs. */
  registerResource(
    req: resproto.RegisterResourceRequest,
    callback: Callback<resproto.RegisterResourceResponse>,
  ): void {
    this.reply(callback, async () => {
      const request = toRegistration(req);
      const res = await this.call<RegistrationResponse>({ kind: "register", seq: ++this.seq, request });
      this.resources.set(res.urn, { urn: res.urn, id: res.id || null, state: res.object });
      const response = new this.sdk.resproto.RegisterResourceResponse();
      response.setUrn(res.urn);
      response.setId(res.id);
      response.setObject(this.toStruct(res.object));
      return response;
    });
  }

  /** Forwards a `ReadResourceRequest` (`Resource.get`). */
  readResource(req: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): void {
    const request: ReadRequest = {
      type: req.getType(),
      name: req.getName(),
      id: req.getId(),
      parent: req.getParent(),
      properties: fromStruct(req.getProperties()),
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    };
    this.reply(callback, async () => {
      const res = await this.call<ReadResponse>({ kind: "read", seq: ++this.seq, request });
      this.resources.set(res.urn, { urn: res.urn, id: request.id, state: res.properties });
      const response = new this.sdk.resproto.ReadResourceResponse();
      response.setUrn(res.urn);
      response.setProperties(this.toStruct(res.properties));
      return response;
    });
  }

  /** Forwards the outputs of a component or of the stack. */
  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback<object>): void {
    const outputs = fromStruct(req.getOutputs());
    const known = this.resources.get(req.getUrn());
    if (known) known.state = outputs;
    this.notify({ kind: "outputs", urn: req.getUrn(), outputs });
    callback(null, {});
  }

  /**
   * Serves `pulumi:pulumi:getResource` from the registrations seen; any other function (a provider's, such as a
   * lookup) goes to the engine, which invokes it on the function's provider.
   */
  invoke(req: resproto.ResourceInvokeRequest, callback: Callback<provproto.InvokeResponse>): void {
    this.reply(callback, async () => {
      const token = req.getTok();
      const args = fromStruct(req.getArgs());
      const response = new this.sdk.provproto.InvokeResponse();
      if (token !== "pulumi:pulumi:getResource") {
        const result = await this.call<WireMap>({
          kind: "invoke",
          seq: ++this.seq,
          request: { token, args },
        });
        return response.setReturn(this.toStruct(result));
      }
      const urn = String(args["urn"]);
      const known = this.resources.get(urn);
      if (!known) throw new Error(`unknown resource ${urn}`);
      return response.setReturn(this.toStruct(known as unknown as WireMap));
    });
  }

  /** Answers feature queries from {@link MONITOR_FEATURES}. */
  supportsFeature(
    req: resproto.SupportsFeatureRequest,
    callback: Callback<{ getHassupport(): boolean }>,
  ): void {
    const hasSupport = MONITOR_FEATURES[req.getId()] ?? false;
    callback(null, { getHassupport: () => hasSupport });
  }

  /** Like `MockMonitor`: packages are accepted with a fake reference. */
  registerPackage(
    _req: resproto.RegisterPackageRequest,
    callback: Callback<resproto.RegisterPackageResponse>,
  ): void {
    const response = new this.sdk.resproto.RegisterPackageResponse();
    response.setRef("engine-package-ref");
    callback(null, response);
  }

  /** Called by the SDK's `disconnect`. */
  close(): void {}

  private toStruct(m: WireMap): structproto.Struct {
    return this.sdk.struct.Struct.fromJavaScript(
      m as Parameters<typeof structproto.Struct.fromJavaScript>[0],
    );
  }

  private reply<T>(callback: Callback<T>, work: () => Promise<T>): void {
    Promise.resolve()
      .then(work)
      .then(
        (res) => callback(null, res),
        (e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          // As a gRPC error: the SDK shows `details` for a failed invoke, the message otherwise.
          callback(Object.assign(new Error(message), { code: GRPC_UNKNOWN, details: message }));
        },
      );
  }
}

/** The full `RegisterResourceRequest`, as the engine sees it. */
function toRegistration(req: resproto.RegisterResourceRequest): RegistrationRequest {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
  return {
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent(),
    object: fromStruct(req.getObject()),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    provider: req.getProvider(),
    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
    retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
    protect: req.hasProtect() ? req.getProtect() : undefined,
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    importId: req.getImportid(),
    customTimeouts: customTimeoutsOf(req.getCustomtimeouts()),
  };
}

/** The `customTimeouts` option in seconds; `undefined` when the program set none. */
function customTimeoutsOf(
  timeouts: resproto.RegisterResourceRequest.CustomTimeouts | undefined,
): CustomTimeouts | undefined {
  if (!timeouts) return undefined;
  const result: CustomTimeouts = {};
  const entries = {
    create: timeouts.getCreate(),
    update: timeouts.getUpdate(),
    delete: timeouts.getDelete(),
  };
  for (const [op, text] of Object.entries(entries)) {
    if (text) result[op as keyof CustomTimeouts] = durationSeconds(text);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const DURATION_UNITS: Record<string, number> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

/** A Go duration (`"90s"`, `"1m30s"`, `"500ms"`), as the SDK passes `customTimeouts`, in seconds. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`customTimeouts: "${text}" is not a duration; write it as "30s", "5m" or "1h30m"`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_UNITS[unit], 0);
}

function fromStruct(s: structproto.Struct | undefined): WireMap {
  return (s?.toJavaScript() ?? {}) as WireMap;
}
