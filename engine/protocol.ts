/**
 * Messages between the engine and the program runner (`runner.ts`) over the child process's IPC channel.
 * The runner forwards the resource monitor's requests as the engine would receive them over gRPC.
 */
import type { Severity } from "./types";
import type { WireMap } from "./wire";

/** What the engine tells the runner to run. */
export interface RunnerStart {
  kind: "start";
  stack: string;
  preview: boolean;
  /** Stack configuration, fully qualified keys (`project:key`), plain values. */
  config: Record<string, string>;
  /** Keys of {@link RunnerStart.config} that hold secrets. */
  secretKeys: string[];
}

/** A `RegisterResourceRequest` as the engine sees it. */
export interface RegistrationRequest {
  type: string;
  name: string;
  custom: boolean;
  /** Parent URN (`""` for the stack). */
  parent: string;
  /** The inputs in wire format: secrets wrapped, unknowns as the sentinel, resource references. */
  object: WireMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Provider reference (`""` = default provider). */
  provider: string;
  /** Only set when the program set the option. */
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  protect?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
  importId: string;
  /** Only set when the program set the option. */
  customTimeouts?: CustomTimeouts;
}

/** The `customTimeouts` resource option in seconds (absent: none), as the engine sends it in requests. */
export interface CustomTimeouts {
  create?: number;
  update?: number;
  delete?: number;
}

/** A `ResourceInvokeRequest` (a function call of the program, such as a lookup) as the engine sees it. */
export interface InvokeRequest {
  token: string;
  args: WireMap;
}

/** A `ReadResourceRequest` (`Resource.get`) as the engine sees it. */
export interface ReadRequest {
  type: string;
  name: string;
  id: string;
  parent: string;
  properties: WireMap;
  dependencies: string[];
  provider: string;
  additionalSecretOutputs: string[];
}

/** The engine's answer to a registration: URN, ID (`""` when unknown) and outputs in wire format. */
export interface RegistrationResponse {
  urn: string;
  id: string;
  object: WireMap;
}

/** The engine's answer to a read. */
export interface ReadResponse {
  urn: string;
  properties: WireMap;
}

/** Messages from the runner to the engine. */
export type RunnerMessage =
  | { kind: "register"; seq: number; request: RegistrationRequest }
  | { kind: "read"; seq: number; request: ReadRequest }
  | { kind: "invoke"; seq: number; request: InvokeRequest }
  | { kind: "outputs"; urn: string; outputs: WireMap }
  | { kind: "log"; severity: Severity; message: string; urn: string }
  | { kind: "program-error"; message: string }
  | { kind: "done"; ok: boolean };

/** An answer from the engine to a request numbered `seq`. */
export interface EngineReply {
  kind: "reply";
  seq: number;
  result?: RegistrationResponse | ReadResponse | WireMap;
  error?: string;
}

/** Messages from the engine to the runner. */
export type EngineMessage = RunnerStart | EngineReply;
