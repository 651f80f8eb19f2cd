/**
 * The test engine: runs real Pulumi programs against the real NodeJS dynamic-provider host, as `pulumi`
 * would, for the end-to-end tests, the demo and the benchmarks.
 */
export { DEFAULT_PARALLEL, Engine } from "./engine";
export { HostHandle, ProviderError } from "./host";
export type {
  CheckResult,
  ConfigureResult,
  DiffResult,
  HostStartOptions,
  InitFailure,
  ReadResult,
} from "./host";
export { CliRenderer, renderEvents } from "./render";
export type { RendererOptions } from "./render";
export { DEFAULT_TEST_PASSPHRASE } from "./secrets";
export type { PendingOperation, StackState, StateResource } from "./state";
export { stepsFor, stepsOf } from "./types";
export type {
  ConfigValue,
  DetailedDiff,
  Diagnostic,
  DiagnosticSource,
  EngineEvent,
  EngineOptions,
  RunKind,
  RunResult,
  Severity,
  Step,
  StepOp,
  StepStart,
} from "./types";
export { SECRET_SIG, SIG_KEY, UNKNOWN } from "./wire";
export type { WireMap, WireValue } from "./wire";
