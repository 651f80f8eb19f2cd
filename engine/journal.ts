/**
 * The state journal (`<state file>.journal`): JSON lines, a header naming the snapshot serial it applies to, then
 * one record per change, secrets encrypted as in the snapshot. Records use positions in the resource list, which
 * replay reproduces exactly since they are applied in the order they were written.
 */
import * as fs from "node:fs";
import type { PendingOperation, StackState, StateResource } from "./state";
import type { WireMap, WireValue } from "./wire";

/** One change to the state. */
export type JournalRecord =
  | { upsert: WireValue }
  | { remove: number }
  | { change: number; resource: WireValue }
  | { outputs: WireMap }
  | { pendingOperations: WireValue[] };

/** The first line of a journal: the snapshot it applies to and the salt its secrets are encrypted with. */
export interface JournalHeader {
  journal: 1;
  serial: number;
  salt: string;
}

/** The parts of a state that records change. */
export type JournaledState = Pick<StackState, "resources" | "outputs" | "pendingOperations">;

/** The journal of a state file. */
export function journalFile(stateFile: string): string {
  return `${stateFile}.journal`;
}

/** Starts a new journal for the snapshot `serial`. */
export function startJournal(file: string, serial: number, salt: string): void {
  fs.writeFileSync(file, `${JSON.stringify({ journal: 1, serial, salt } satisfies JournalHeader)}\n`);
}

/** Appends one record (a single write, so a killed process leaves at most a torn last line). */
export function appendRecord(file: string, record: WireValue): void {
  fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/**
 * Applies one record to a state in memory: the same code for the live store and for replay. `upsert` replaces
 * the live entry with the resource's URN (an old version waiting for deletion stays) and moves it to the end.
 */
export function applyRecord(state: JournaledState, record: JournalRecord): void {
  if ("upsert" in record) {
    const res = record.upsert as unknown as StateResource;
    state.resources = state.resources.filter((r) => r.urn !== res.urn || r.delete);
    state.resources.push(res);
  } else if ("remove" in record) {
    state.resources.splice(record.remove, 1);
  } else if ("change" in record) {
    state.resources[record.change] = record.resource as unknown as StateResource;
  } else if ("outputs" in record) {
    state.outputs = record.outputs;
  } else {
    state.pendingOperations = record.pendingOperations as unknown as PendingOperation[];
  }
}

/**
 * Replays `file` onto `state` (both as stored, secrets encrypted) when the journal belongs to this snapshot. A
 * torn last line (the engine was killed while writing it) is ignored: that change never completed.
 */
export function foldJournal(file: string, state: StackState): void {
  if (!fs.existsSync(file)) return;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const header = parseLine(lines[0]) as JournalHeader | undefined;
  if (header?.journal !== 1 || header.serial !== (state.serial ?? 0)) return;
  // The first run of a stack has no snapshot yet: its journal names the salt of its secrets.
  state.secretsProvider ??= { type: "passphrase", salt: header.salt };
  for (const [index, line] of lines.entries()) {
    if (index === 0 || line === "") continue;
    const record = parseLine(line) as JournalRecord | undefined;
    if (record !== undefined) applyRecord(state, record);
    else if (index < lines.length - 1) {
      throw new Error(`${file}: line ${index + 1} is not a journal record; the state journal is damaged`);
    }
  }
}

function parseLine(line: string | undefined): unknown {
  try {
    return line ? (JSON.parse(line) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
