/**
 * Helpers of the engine's own tests: a temporary stack of the fixture project `tests/projects/engine-basic`
 * and the log of provider calls that its inline dynamic provider writes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "../../engine/engine";
import type { EngineEvent, EngineOptions } from "../../engine/types";

/** The fixture project (from `dist/tests/engine`, three levels below the repository root). */
export const BASIC_PROJECT = path.resolve(__dirname, "../../../tests/projects/engine-basic");

/** A resource of the fixture program (see `ThingSpec` in its `index.ts`). */
export interface ThingSpec {
  name: string;
  size?: number;
  key?: string;
  secret?: string;
  upstream?: string;
  slowMs?: number;
  /** Check takes this long. */
  slowCheckMs?: number;
  partial?: boolean;
  failCreate?: string;
  parent?: string;
  legacyDiff?: boolean;
  options?: {
    /** Read an existing resource (`Resource.get`) instead of managing one. */
    id?: string;
    retainOnDelete?: boolean;
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
  };
}

/** One provider call as the fixture provider logs it. */
export interface Call {
  method: string;
  pid: number;
  start: number;
  end: number;
  label?: string;
  id?: string;
  olds?: Record<string, unknown>;
  news?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  props?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A temporary stack of the fixture project. */
export class FixtureStack {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-"));
  readonly stateFile = path.join(this.dir, "state.json");
  readonly callLog = path.join(this.dir, "calls.jsonl");
  /** Events of the last engine made by {@link FixtureStack.engine}. */
  events: EngineEvent[] = [];

  /** An engine for this stack whose program declares `things`. */
  engine(things: ThingSpec[], options: Partial<EngineOptions> = {}): Engine {
    this.events = [];
    return new Engine({
      projectDir: BASIC_PROJECT,
      stateFile: this.stateFile,
      ...options,
      config: { things: JSON.stringify(things), callLog: this.callLog, ...options.config },
      onEvent: (e) => {
        this.events.push(e);
        options.onEvent?.(e);
      },
    });
  }

  /** The provider calls logged so far, optionally only those of one method. */
  calls(method?: string): Call[] {
    if (!fs.existsSync(this.callLog)) return [];
    const lines = fs.readFileSync(this.callLog, "utf8").split("\n").filter(Boolean);
    const calls = lines.map((l) => JSON.parse(l) as Call);
    return method ? calls.filter((c) => c.method === method) : calls;
  }

  /** Forgets the logged calls (before the next run). */
  clearCalls(): void {
    fs.rmSync(this.callLog, { force: true });
  }

  /** The raw text of the state file. */
  stateText(): string {
    return fs.readFileSync(this.stateFile, "utf8");
  }

  /** Removes the temporary folder. */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The `method:label` sequence of calls, for order assertions. */
export function sequence(calls: Call[]): string[] {
  return calls.map((c) => `${c.method}:${c.label ?? ""}`);
}

/** Resolves once `predicate` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
