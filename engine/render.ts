/**
 * Prints engine events the way the Pulumi CLI prints a run (readable, not byte-for-byte): a header, one line
 * per step as it starts and ends, program and provider output, then outputs, a resource summary and the
 * duration.
 */
import type { Diagnostic, EngineEvent, RunKind, RunResult, Step, StepOp, StepStart } from "./types";
import { UNKNOWN_DISPLAY } from "./wire";

/** How a {@link CliRenderer} prints. */
export interface RendererOptions {
  /** Receives the text, line by line with their newlines; `process.stdout.write` by default. */
  write?: (text: string) => void;
  /** Also print steps that change nothing (default false, like the CLI's non-verbose display). */
  showSames?: boolean;
}

const HEADERS: Record<RunKind, string> = {
  preview: "Previewing update",
  up: "Updating",
  refresh: "Refreshing",
  destroy: "Destroying",
};

const SYMBOLS: Record<StepOp, string> = {
  create: "+ ",
  update: "~ ",
  replace: "+-",
  delete: "- ",
  same: "  ",
  read: "> ",
  "refresh-update": "~ ",
  "refresh-delete": "- ",
};

/** Progressive, past and preview wording of each operation. */
const WORDS: Record<StepOp, [string, string, string]> = {
  create: ["creating", "created", "create"],
  update: ["updating", "updated", "update"],
  replace: ["replacing", "replaced", "replace"],
  delete: ["deleting", "deleted", "delete"],
  same: ["", "unchanged", "same"],
  read: ["reading", "read", "read"],
  "refresh-update": ["refreshing", "updated", "update"],
  "refresh-delete": ["refreshing", "deleted", "delete"],
};

/** Summary wording: [applied, previewed]. */
const SUMMARY: Partial<Record<StepOp, [string, string]>> = {
  create: ["created", "to create"],
  update: ["updated", "to update"],
  replace: ["replaced", "to replace"],
  delete: ["deleted", "to delete"],
  read: ["read", "to read"],
  "refresh-update": ["updated", "to update"],
  "refresh-delete": ["deleted", "to delete"],
};

/** Turns events into CLI-like text; pass {@link CliRenderer.handle} as `onEvent`. */
export class CliRenderer {
  private readonly write: (text: string) => void;
  private kind: RunKind = "up";

  constructor(private readonly options: RendererOptions = {}) {
    this.write = options.write ?? ((text) => process.stdout.write(text));
  }

  /** Prints one event. */
  readonly handle = (e: EngineEvent): void => {
    switch (e.type) {
      case "run-start":
        this.kind = e.kind;
        return this.line(`${HEADERS[e.kind]} (${e.stack}):`, "");
      case "step-start":
        if (this.kind !== "preview" && e.step.op !== "same")
          this.line(this.stepLine(e.step, WORDS[e.step.op][0]));
        return;
      case "step-end":
        return this.stepEnd(e.step);
      case "diagnostic":
        return this.diagnostic(e.diagnostic);
      case "outputs":
        return this.outputs(e.outputs);
      case "run-end":
        return this.runEnd(e.result);
    }
  };

  private stepEnd(step: Step): void {
    if (step.op === "same" && !this.options.showSames && !step.failed) return;
    const preview = this.kind === "preview";
    const [, past, planned] = WORDS[step.op];
    let status = preview ? planned : `${past} (${seconds(step.durationMs)})`;
    if (step.replacing)
      status = preview ? `${planned} original` : `${past} original (${seconds(step.durationMs)})`;
    if (step.failed)
      status = `**${preview ? planned : WORDS[step.op][0]} failed** error: ${step.error ?? ""}`;
    const diff = step.detailedDiff?.changedKeys?.length ? ` [diff: ${diffText(step)}]` : "";
    this.line(this.stepLine(step, status) + diff);
  }

  private stepLine(step: StepStart, status: string): string {
    return ` ${SYMBOLS[step.op]} ${step.type}  ${step.name}  ${status}`.trimEnd();
  }

  private diagnostic(d: Diagnostic): void {
    const prefix = d.severity === "info" ? "" : `${d.severity === "info#err" ? "" : d.severity + ": "}`;
    const source = d.source === "provider" ? "[provider] " : "";
    for (const text of d.message.split("\n")) this.line(`    ${source}${prefix}${text}`);
  }

  private outputs(outputs: Record<string, unknown>): void {
    this.line("", "Outputs:");
    for (const [key, value] of Object.entries(outputs)) this.line(`    ${key}: ${displayValue(value)}`);
  }

  private runEnd(result: RunResult): void {
    const preview = result.kind === "preview";
    this.line("", "Resources:");
    for (const [op, words] of Object.entries(SUMMARY) as [StepOp, [string, string]][]) {
      const count = result.summary[op];
      if (count) this.line(`    ${SYMBOLS[op].replace(/ $/, " ")}${count} ${preview ? words[1] : words[0]}`);
    }
    if (result.summary.same) this.line(`    ${result.summary.same} unchanged`);
    if (!result.ok) this.line("", `error: ${result.error ?? `${result.kind} failed`}`);
    this.line("", `Duration: ${seconds(result.durationMs)}`, "");
  }

  private line(...lines: string[]): void {
    for (const l of lines) this.write(l + "\n");
  }
}

/** Renders a recorded list of events to one string. */
export function renderEvents(
  events: readonly EngineEvent[],
  options: Omit<RendererOptions, "write"> = {},
): string {
  let text = "";
  const renderer = new CliRenderer({ ...options, write: (t) => (text += t) });
  events.forEach(renderer.handle);
  return text;
}

/**
 * An output value as JSON, except that a value unknown until the update runs reads `output<string>`, as the CLI
 * shows it: the wire's unknown carries no type, so the CLI types every one (a number, an object, or a key deep
 * inside an object) as a string.
 */
function displayValue(value: unknown): string {
  if (value === UNKNOWN_DISPLAY) return "output<string>";
  if (Array.isArray(value)) return `[${value.map(displayValue).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${displayValue(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

function diffText(step: Step): string {
  const replaces = new Set(step.detailedDiff?.replaces ?? []);
  return (step.detailedDiff?.changedKeys ?? []).map((k) => (replaces.has(k) ? `+-${k}` : `~${k}`)).join(", ");
}
