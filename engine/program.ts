/** The engine's side of a program run: forks the runner and serves its resource-monitor requests. */
import { fork } from "node:child_process";
import * as path from "node:path";
import { readLines } from "./lines";
import type { ChildProcesses } from "./processes";
import type {
  EngineMessage,
  EngineReply,
  InvokeRequest,
  ReadRequest,
  ReadResponse,
  RegistrationRequest,
  RegistrationResponse,
  RunnerMessage,
  RunnerStart,
} from "./protocol";
import type { Diagnostic } from "./types";
import type { WireMap } from "./wire";

/** What the engine does with the program's requests. */
export interface ProgramHandlers {
  register(request: RegistrationRequest): Promise<RegistrationResponse>;
  read(request: ReadRequest): Promise<ReadResponse>;
  /** A function call of the program (a provider function such as a lookup): its return value. */
  invoke(request: InvokeRequest): Promise<WireMap>;
  outputs(urn: string, outputs: WireMap): void;
  diagnostic(d: Omit<Diagnostic, "source">): void;
}

/** How a program run ended. */
export interface ProgramOutcome {
  ok: boolean;
  /** Why it failed, when the runner itself could not tell (crash, exit without result). */
  error?: string;
}

/** How to run a program. */
export interface ProgramOptions extends Omit<RunnerStart, "kind"> {
  projectDir: string;
  env: Record<string, string>;
  /** Tracks the runner process, so that the engine can stop it on any exit path. */
  children?: ChildProcesses;
}

/** Runs the program in `projectDir` to completion. */
export function runProgram(options: ProgramOptions, handlers: ProgramHandlers): Promise<ProgramOutcome> {
  const { projectDir, env, children, ...start } = options;
  const child = fork(path.join(__dirname, "runner.js"), [], {
    cwd: projectDir,
    env: { ...process.env, ...env },
    silent: true,
  });
  children?.add(child);
  let done: boolean | undefined;
  const send = (message: EngineMessage): void => {
    if (child.connected) child.send(message);
  };
  const answer = <T>(seq: number, work: Promise<T>): void => {
    work.then(
      (result) => send({ kind: "reply", seq, result: result as EngineReply["result"] }),
      (e: unknown) => send({ kind: "reply", seq, error: e instanceof Error ? e.message : String(e) }),
    );
  };
  child.on("message", (m: RunnerMessage) => {
    switch (m.kind) {
      case "register":
        return answer(m.seq, handlers.register(m.request));
      case "read":
        return answer(m.seq, handlers.read(m.request));
      case "invoke":
        return answer(m.seq, handlers.invoke(m.request));
      case "outputs":
        return handlers.outputs(m.urn, m.outputs);
      case "log":
        return handlers.diagnostic({ severity: m.severity, message: m.message, urn: m.urn || undefined });
      case "program-error":
        return handlers.diagnostic({ severity: "error", message: m.message });
      case "done":
        done = m.ok;
    }
  });
  readLines(child.stdout!, (line) => handlers.diagnostic({ severity: "info", message: line }));
  readLines(child.stderr!, (line) => handlers.diagnostic({ severity: "info#err", message: line }));
  send({ kind: "start", ...start });
  return new Promise((resolve) => {
    child.on("error", (e) => resolve({ ok: false, error: `program runner failed: ${e.message}` }));
    child.on("close", (code, signal) => {
      if (done === undefined) {
        resolve({
          ok: false,
          error: `program runner exited (${signal ?? code}) before the program finished`,
        });
      } else {
        resolve({ ok: done && code === 0 });
      }
    });
  });
}
