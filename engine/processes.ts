/**
 * The child processes an engine starts (the program runner, the provider host), so that every exit path can
 * stop them: the end of a run, a failed `Configure`, a crashed program, an exception, a signal to the CLI.
 */
import type { ChildProcess } from "node:child_process";

/** How long a child gets to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/** Tracks child processes and stops those still running. */
export class ChildProcesses {
  /** The ids of every process started through this tracker, in order. */
  readonly pids: number[] = [];
  private readonly running = new Set<ChildProcess>();

  /** Tracks `child` until it exits. */
  add(child: ChildProcess): void {
    if (child.pid === undefined) return;
    this.pids.push(child.pid);
    if (child.exitCode !== null || child.signalCode !== null) return;
    this.running.add(child);
    child.once("exit", () => this.running.delete(child));
  }

  /** Stops every tracked process still running: SIGTERM, then SIGKILL after a grace period. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((child) => stop(child)));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.exitCode !== null || child.signalCode !== null || !child.kill("SIGTERM")) {
      clearTimeout(timer);
      resolve();
    }
  });
}
