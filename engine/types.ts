/** Public types of the test engine: options, run results, steps and streamed events. */

/**
 * A stack configuration value: text, a boolean, a number, a list or map of those (passed on as the CLI passes
 * them: as text, lists and maps as JSON), or a secret `{ secret: value }` (`pulumi config set --secret`).
 */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** Options of an {@link Engine}. */
export interface EngineOptions {
  /** The Pulumi project folder (holds `Pulumi.yaml`). */
  projectDir: string;
  /** Stack name; `"dev"` by default. */
  stack?: string;
  /** Path of the JSON state file (created on the first run). */
  stateFile: string;
  /** Stack configuration; keys without a namespace get the project name, as `pulumi config set` does. */
  config?: Record<string, ConfigValue>;
  /** Environment additions for the program and the provider host. */
  env?: Record<string, string>;
  /** Passphrase that encrypts secrets in the state file; default `PULUMI_CONFIG_PASSPHRASE` or a test value. */
  passphrase?: string;
  /** Receives events while a run goes on (see `render.ts` for a CLI-like printer). */
  onEvent?: (e: EngineEvent) => void;
  /** Maximum number of resource operations at once; by default the CLI's (four per CPU, or PULUMI_PARALLEL). */
  parallel?: number;
}

/** The kinds of run. */
export type RunKind = "preview" | "up" | "refresh" | "destroy";

/** What a step did to a resource. */
export type StepOp =
  "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh-update" | "refresh-delete";

/** Where a diagnostic comes from. */
export type DiagnosticSource = "program" | "provider" | "engine";

/** Diagnostic severities, as the Pulumi engine names them (`info#err` is informational output on stderr). */
export type Severity = "debug" | "info" | "info#err" | "warning" | "error";

/** A message shown to the user: check failures, provider errors, program errors, program and host output. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  source: DiagnosticSource;
  urn?: string;
}

/** The provider's verdict that led to an update or replace. */
export interface DetailedDiff {
  /** Properties that force a replacement. */
  replaces: string[];
  /** Top-level input properties that changed (for display). */
  changedKeys?: string[];
  /**
   * The provider's detailed diff, when it sends one (provider plugins do, the dynamic-provider host does not):
   * per property path, `ADD`, `DELETE` or `UPDATE`, with `_REPLACE` when the change replaces the resource.
   */
  properties?: Record<string, string>;
}

/** One operation on one resource. */
export interface Step {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** The resource ID after the step (before it, for deletes). */
  id?: string;
  detailedDiff?: DetailedDiff;
  /** Set on the delete of a replaced resource's old version (not counted as a delete in the summary). */
  replacing?: boolean;
  failed?: boolean;
  error?: string;
  durationMs: number;
}

/** The outcome of a run. */
export interface RunResult {
  kind: RunKind;
  ok: boolean;
  steps: Step[];
  /** Number of steps done per operation (failed steps and replaced old versions' deletes excluded). */
  summary: Partial<Record<StepOp, number>>;
  /** Stack outputs as plain JavaScript, secrets shown as `"[secret]"`, unknowns as `"[unknown]"`. */
  outputs: Record<string, unknown>;
  diagnostics: Diagnostic[];
  error?: string;
  durationMs: number;
}

/** A step that has started (the fields known before it ends). */
export type StepStart = Pick<Step, "urn" | "type" | "name" | "op" | "replacing">;

/** Events streamed to {@link EngineOptions.onEvent} while a run goes on. */
export type EngineEvent =
  | { type: "run-start"; kind: RunKind; stack: string; project: string }
  | { type: "step-start"; step: StepStart }
  | { type: "step-end"; step: Step }
  | { type: "diagnostic"; diagnostic: Diagnostic }
  | { type: "outputs"; outputs: Record<string, unknown> }
  | { type: "run-end"; result: RunResult };

/** The steps of `result` with operation `op`. */
export function stepsOf(result: RunResult, op: StepOp): Step[] {
  return result.steps.filter((s) => s.op === op);
}

/** The steps of `result` for the resource named `name`. */
export function stepsFor(result: RunResult, name: string): Step[] {
  return result.steps.filter((s) => s.name === name);
}
