/** The bookkeeping of one run: steps, diagnostics, events, failure and the parallelism limit. */
import { performance } from "node:perf_hooks";
import { ProviderError } from "./host";
import type { Diagnostic, EngineEvent, RunKind, RunResult, Step, StepOp, StepStart } from "./types";

/** Runs at most `limit` tasks at once, the others wait in arrival order. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`parallel must be at least 1, got ${limit}`);
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** An error whose diagnostics were already reported: failing a step with it adds no diagnostic. */
export class ReportedError extends Error {}

/** The state of a run in progress. */
export class RunContext {
  readonly steps: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** True once anything failed: a step, the program or the engine. */
  failed = false;
  private error?: string;
  private readonly startedAt = performance.now();

  constructor(
    readonly kind: RunKind,
    readonly limiter: Limiter,
    private readonly onEvent: (e: EngineEvent) => void,
  ) {}

  /** True for previews. */
  get preview(): boolean {
    return this.kind === "preview";
  }

  /** Streams an event. */
  emit(e: EngineEvent): void {
    this.onEvent(e);
  }

  /** Records and streams a diagnostic. */
  diagnostic(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.emit({ type: "diagnostic", diagnostic: d });
  }

  /** Marks the run failed with an error diagnostic (the first such message becomes the run's error). */
  fail(message: string, source: Diagnostic["source"], urn?: string): void {
    this.failed = true;
    this.error ??= message;
    this.diagnostic({ severity: "error", message, source, urn });
  }

  /**
   * Runs one step: streams its start and end, times it, and records a failure (the error's message as a
   * diagnostic, from the provider for {@link ProviderError}s). Returns the step; `failed` tells how it went.
   * @param work does the step; may set the ID and diff of the step it is given.
   * @param startedAt when the work on the step began (its checks may come before it starts); now by default.
   */
  async runStep(start: StepStart, work: (step: Step) => Promise<void>, startedAt?: number): Promise<Step> {
    const step: Step = { ...start, durationMs: 0 };
    if (step.replacing === undefined) delete step.replacing;
    const t0 = startedAt ?? performance.now();
    this.emit({ type: "step-start", step: { ...start } });
    try {
      await work(step);
    } catch (e) {
      step.failed = true;
      step.error = e instanceof Error ? e.message : String(e);
      if (e instanceof ReportedError) {
        this.failed = true;
        this.error ??= step.error;
      } else {
        this.fail(step.error, e instanceof ProviderError ? "provider" : "engine", step.urn);
      }
    }
    step.durationMs = performance.now() - t0;
    this.steps.push(step);
    this.emit({ type: "step-end", step });
    return step;
  }

  /** The run's result. */
  result(outputs: Record<string, unknown>): RunResult {
    const summary: Partial<Record<StepOp, number>> = {};
    for (const s of this.steps) {
      if (!s.replacing && !s.failed) summary[s.op] = (summary[s.op] ?? 0) + 1;
    }
    return {
      kind: this.kind,
      ok: !this.failed,
      steps: this.steps,
      summary,
      outputs,
      diagnostics: this.diagnostics,
      error: this.error,
      durationMs: performance.now() - this.startedAt,
    };
  }
}
