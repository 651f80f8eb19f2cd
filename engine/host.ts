/**
 * Client of the real NodeJS dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider/index.js`): starts it
 * as the Pulumi CLI starts `pulumi-resource-pulumi-nodejs`, reads the port it prints and calls its
 * `ResourceProvider` gRPC methods the way the engine does. It starts and drives any other provider plugin
 * executable the same way (`HostStartOptions.executable`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { readLines } from "./lines";
import type { ChildProcesses } from "./processes";
import { stripSecrets, type WireMap } from "./wire";

/** How to start a host. */
export interface HostStartOptions {
  /** The Pulumi project folder: the host's working directory and where `@pulumi/pulumi` is resolved from. */
  projectDir: string;
  project: string;
  stack: string;
  /** Environment additions (over this process's environment). */
  env?: Record<string, string>;
  /**
   * A provider plugin executable (`pulumi-resource-<name>`) to start instead of the dynamic-provider host, as the
   * CLI starts plugins: the engine address as its one argument.
   */
  executable?: string;
  /** The engine address passed as the host's argument (the host never dials it). */
  engineAddress?: string;
  /** Receives each line the host prints after its port line (provider `console` output, `pulumi.log`). */
  onOutput?: (line: string, stream: "stdout" | "stderr") => void;
  /** How long to wait for the port line; 20 s by default. */
  startTimeoutMs?: number;
  /** Tracks the host process, so that the engine can stop it on any exit path. */
  children?: ChildProcesses;
}

/** The data of a `pulumirpc.ErrorResourceInitFailed`: the resource exists but did not initialize. */
export interface InitFailure {
  id: string;
  properties: WireMap;
  reasons: string[];
}

/** An error answered by the host (or the failure to reach it). */
export class ProviderError extends Error {
  /**
   * @param message the gRPC status message: the provider's own error message.
   * @param code the gRPC status code.
   * @param initFailure set for a partial create/update failure.
   * @param unreachable true when the outcome is unknown because the host could not answer (it died).
   */
  constructor(
    message: string,
    readonly code: grpc.status,
    readonly initFailure?: InitFailure,
    readonly unreachable = false,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** A provider's `Check` answer. */
export interface CheckResult {
  inputs: WireMap;
  failures: { property: string; reason: string }[];
}

/** A provider's `Diff` answer. */
export interface DiffResult {
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Changed keys, when the provider reports them (the dynamic-provider host never does). */
  diffs: string[];
  /**
   * The detailed diff, when the provider sends one (the dynamic-provider host never does): per property, "ADD",
   * "DELETE", "UPDATE" or one of them with "_REPLACE".
   */
  detailedDiff?: Record<string, string>;
}

/** A provider's `Read` answer; an empty `id` means the resource is gone. */
export interface ReadResult {
  id: string;
  properties: WireMap;
  inputs?: WireMap;
}

/** Fields common to the resource requests. */
export interface ResourceRef {
  urn: string;
  name: string;
  type: string;
}

/** The capabilities a provider announced in `Configure`. */
export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

const UNREACHABLE_CODES = new Set([grpc.status.UNAVAILABLE, grpc.status.CANCELLED]);

/** A running dynamic-provider host and a connected client. */
export class HostHandle {
  private exitCode: number | null = null;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly client: ResourceProviderClient,
    /** The port the host listens on. */
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => proc.once("exit", () => resolve()));
    proc.once("exit", (code, signal) => (this.exitCode = code ?? (signal ? 128 : 0)));
  }

  /** Starts a host and connects to it. */
  static async start(options: HostStartOptions): Promise<HostHandle> {
    const engineAddress = options.engineAddress ?? "127.0.0.1:0";
    const [command, args] = options.executable
      ? [options.executable, [engineAddress]]
      : [process.execPath, [dynamicHostScript(options.projectDir), engineAddress]];
    const proc = spawn(command, args, {
      cwd: options.projectDir,
      env: {
        ...process.env,
        ...options.env,
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_PROJECT: options.project,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    options.children?.add(proc);
    const port = await readPort(proc, options);
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const handle = new HostHandle(proc, client, port);
    try {
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + 10_000, (e) => (e ? reject(e) : resolve())),
      );
    } catch (e) {
      await handle.close();
      throw e;
    }
    return handle;
  }

  /** The host's process ID. */
  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** True once the host process has exited. */
  get hasExited(): boolean {
    return this.exitCode !== null;
  }

  /** Sends a signal to the host process (crash tests). */
  kill(signal: NodeJS.Signals = "SIGTERM"): void {
    this.proc.kill(signal);
  }

  /** Closes the connection and stops the host. */
  async close(): Promise<void> {
    this.client.close();
    if (!this.hasExited) {
      this.proc.kill("SIGTERM");
      await this.exited;
    }
  }

  /** `GetPluginInfo`: the host's version (the `@pulumi/pulumi` version). */
  async getPluginInfo(): Promise<string> {
    const res = await this.call<Empty, { getVersion(): string }>("getPluginInfo", new Empty());
    return res.getVersion();
  }

  /**
   * `Configure` with the stack configuration, as the engine configures the default provider of `pkg`
   * (`pulumi-nodejs` unless told): variables named `<pkg>:config:<key>` as text, `args` as they are (secret values
   * as wire secrets).
   */
  async configure(args: WireMap, pkg = "pulumi-nodejs"): Promise<ConfigureResult> {
    const req = new provproto.ConfigureRequest();
    for (const [key, value] of Object.entries(args)) {
      // Variables are text, as the CLI sends them: a secret's value itself (it is marked secret in `args`).
      const unwrapped = stripSecrets(value);
      const plain = typeof unwrapped === "string" ? unwrapped : JSON.stringify(unwrapped);
      req.getVariablesMap().set(`${pkg}:config:${key}`, plain);
    }
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    const res = await this.call<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
    return {
      acceptSecrets: res.getAcceptsecrets(),
      acceptResources: res.getAcceptresources(),
      supportsPreview: res.getSupportspreview(),
    };
  }

  /** `Check`: validates `news` against `olds` (the previous inputs). */
  async check(ref: ResourceRef, olds: WireMap, news: WireMap): Promise<CheckResult> {
    const req = withRef(new provproto.CheckRequest(), ref);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `Diff`: `olds` are the previous outputs, `news` the checked inputs. */
  async diff(
    ref: ResourceRef,
    id: string,
    olds: WireMap,
    news: WireMap,
    oldInputs: WireMap,
    ignoreChanges: string[] = [],
  ): Promise<DiffResult> {
    const req = withRef(new provproto.DiffRequest(), ref);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    req.setIgnorechangesList(ignoreChanges);
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    const changes = { 0: "unknown", 1: "none", 2: "some" } as const;
    const kinds = Object.entries(provproto.PropertyDiff.Kind);
    const kindName = (kind: number) => kinds.find(([, value]) => value === kind)?.[0] ?? String(kind);
    const detailed = res.getDetaileddiffMap();
    return {
      changes: changes[res.getChanges()],
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
      detailedDiff: res.getHasdetaileddiff()
        ? Object.fromEntries(
            detailed.getEntryList().map(([key]) => [key, kindName(detailed.get(key)!.getKind())]),
          )
        : undefined,
    };
  }

  /**
   * `Create`; a partial failure throws a {@link ProviderError} with `initFailure`. `timeoutSeconds` is the
   * resource's `customTimeouts.create` (0: none).
   */
  async create(
    ref: ResourceRef,
    properties: WireMap,
    preview = false,
    timeoutSeconds = 0,
  ): Promise<{ id: string; properties: WireMap }> {
    const req = withRef(new provproto.CreateRequest(), ref);
    req.setProperties(toStruct(properties));
    req.setPreview(preview);
    req.setTimeout(timeoutSeconds);
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /** `Read`: `properties` are the current outputs, `inputs` the current inputs. */
  async read(ref: ResourceRef, id: string, properties: WireMap, inputs: WireMap): Promise<ReadResult> {
    const req = withRef(new provproto.ReadRequest(), ref);
    req.setId(id);
    req.setProperties(toStruct(properties));
    req.setInputs(toStruct(inputs));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    const inputsStruct = res.getInputs();
    return {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      inputs: inputsStruct ? fromStruct(inputsStruct) : undefined,
    };
  }

  /**
   * `Update`: `olds` are the previous outputs; a partial failure throws with `initFailure`. `timeoutSeconds` is
   * the resource's `customTimeouts.update` (0: none).
   */
  async update(
    ref: ResourceRef,
    id: string,
    olds: WireMap,
    news: WireMap,
    oldInputs: WireMap,
    preview = false,
    timeoutSeconds = 0,
  ): Promise<{ properties: WireMap }> {
    const req = withRef(new provproto.UpdateRequest(), ref);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    req.setPreview(preview);
    req.setTimeout(timeoutSeconds);
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
    return { properties: fromStruct(res.getProperties()) };
  }

  /** `Delete`: `properties` are the current outputs; `timeoutSeconds` is `customTimeouts.delete` (0: none). */
  async delete(
    ref: ResourceRef,
    id: string,
    properties: WireMap,
    oldInputs: WireMap,
    timeoutSeconds = 0,
  ): Promise<void> {
    const req = withRef(new provproto.DeleteRequest(), ref);
    req.setId(id);
    req.setTimeout(timeoutSeconds);
    req.setProperties(toStruct(properties));
    req.setOldInputs(toStruct(oldInputs));
    await this.call<provproto.DeleteRequest, Empty>("delete", req);
  }

  /** `GetSchema`: the provider's package schema, parsed. */
  async getSchema(): Promise<Record<string, unknown>> {
    const req = new provproto.GetSchemaRequest();
    const res = await this.call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", req);
    return JSON.parse(res.getSchema()) as Record<string, unknown>;
  }

  /** `Invoke` of the function `token` (a lookup) with `args`: its return value. */
  async invoke(token: string, args: WireMap): Promise<WireMap> {
    const req = new provproto.InvokeRequest();
    req.setTok(token);
    req.setArgs(toStruct(args));
    const res = await this.call<provproto.InvokeRequest, provproto.InvokeResponse>("invoke", req);
    const failures = res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`);
    if (failures.length > 0) throw new ProviderError(failures.join("; "), grpc.status.INVALID_ARGUMENT);
    return fromStruct(res.getReturn());
  }

  /** `Cancel`: asks the provider to stop what it is waiting for (the engine is shutting down). */
  async cancel(): Promise<void> {
    await this.call<Empty, Empty>("cancel", new Empty());
  }

  private call<Req, Res>(method: string, req: Req): Promise<Res> {
    const fn = (this.client as unknown as Record<string, UnaryMethod<Req, Res>>)[method].bind(this.client);
    return new Promise<Res>((resolve, reject) =>
      fn(req, (err, res) => (err ? reject(this.toProviderError(err)) : resolve(res))),
    );
  }

  private toProviderError(err: grpc.ServiceError): ProviderError {
    const unreachable = UNREACHABLE_CODES.has(err.code) || this.hasExited;
    return new ProviderError(err.details || err.message, err.code, decodeInitFailure(err), unreachable);
  }
}

/** The dynamic-provider host's script, as the project's `@pulumi/pulumi` has it. */
function dynamicHostScript(projectDir: string): string {
  return require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [projectDir] });
}

type UnaryMethod<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

interface RefRequest {
  setUrn(v: string): unknown;
  setName(v: string): unknown;
  setType(v: string): unknown;
}

function withRef<T extends RefRequest>(req: T, ref: ResourceRef): T {
  req.setUrn(ref.urn);
  req.setName(ref.name);
  req.setType(ref.type);
  return req;
}

function toStruct(m: WireMap): Struct {
  return Struct.fromJavaScript(m as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(s: Struct | undefined): WireMap {
  return (s?.toJavaScript() ?? {}) as WireMap;
}

/** Decodes a `pulumirpc.ErrorResourceInitFailed` packed in `grpc-status-details-bin`. */
function decodeInitFailure(err: grpc.ServiceError): InitFailure | undefined {
  for (const bin of err.metadata?.get("grpc-status-details-bin") ?? []) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const detail of status.getDetailsList()) {
      const failure = detail.unpack(
        provproto.ErrorResourceInitFailed.deserializeBinary,
        "pulumirpc.ErrorResourceInitFailed",
      );
      if (failure) {
        return {
          id: failure.getId(),
          properties: fromStruct(failure.getProperties()),
          reasons: failure.getReasonsList(),
        };
      }
    }
  }
  return undefined;
}

/** Waits for the port line, then forwards every later line to `onOutput`. */
function readPort(proc: ChildProcess, options: HostStartOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let port: number | undefined;
    const early: string[] = [];
    const timer = setTimeout(
      () => fail(`no port line within ${options.startTimeoutMs ?? 20_000} ms`),
      options.startTimeoutMs ?? 20_000,
    );
    function fail(why: string): void {
      clearTimeout(timer);
      proc.kill("SIGKILL");
      reject(new Error(`dynamic-provider host failed to start: ${why}\n${early.join("\n")}`));
    }
    readLines(proc.stdout!, (line) => {
      if (port === undefined && /^\d+$/.test(line.trim())) {
        port = Number(line.trim());
        clearTimeout(timer);
        resolve(port);
      } else if (port === undefined) {
        early.push(line);
      } else {
        options.onOutput?.(line, "stdout");
      }
    });
    readLines(proc.stderr!, (line) =>
      port === undefined ? early.push(line) : options.onOutput?.(line, "stderr"),
    );
    proc.once("exit", (code, signal) => port === undefined && fail(`exited (${code ?? signal})`));
    proc.once("error", (e) => fail(e.message));
  });
}
