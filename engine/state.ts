/**
 * The stack's state: a snapshot file plus an append-only journal of changes (`<file>.journal`), like the CLI's
 * checkpoint with snapshot journaling. Each change appends one record of constant size (only the resource it
 * touches is encoded and its secrets encrypted), so a step costs the same at 5 resources as at 500; the journal is
 * folded into the snapshot, written atomically, at the end of the run and whenever a state is loaded for
 * writing. A crash mid-run leaves the snapshot plus a journal that loads (see `journal.ts`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  appendRecord,
  applyRecord,
  foldJournal,
  journalFile,
  startJournal,
  type JournalRecord,
} from "./journal";
import { SecretsManager } from "./secrets";
import type { CustomTimeouts } from "./protocol";
import type { WireMap, WireValue } from "./wire";

/** One resource in the state file. */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** Provider ID of a custom resource; `""` for components and the stack. */
  id: string;
  /** Parent URN; `""` for the stack. */
  parent: string;
  inputs: WireMap;
  outputs: WireMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Provider reference (`""` for the default provider). */
  provider: string;
  /** Reasons of a partial create/update failure (`ErrorResourceInitFailed`). */
  initErrors?: string[];
  retainOnDelete?: boolean;
  protect?: boolean;
  deleteBeforeReplace?: boolean;
  /** The `customTimeouts` option, in seconds per operation, sent to the provider as each request's `timeout`. */
  customTimeouts?: CustomTimeouts;
  additionalSecretOutputs?: string[];
  /** Read with `.get()`: the engine does not own its lifecycle. */
  external?: boolean;
  /** The old version of a replaced resource, waiting for deletion. */
  delete?: boolean;
  /** Deleted by a delete-before-replace whose create has not succeeded yet. */
  pendingReplacement?: boolean;
}

/** An operation in flight; left behind in the file when the engine or the host dies during it. */
export interface PendingOperation {
  urn: string;
  type: "creating" | "updating" | "deleting";
}

/** The state file's content (secrets encrypted on disk). */
export interface StackState {
  version: 1;
  stack: string;
  project: string;
  /**
   * How many journals have been folded into this snapshot; a journal applies only to the snapshot whose serial
   * it names (absent: 0).
   */
  serial?: number;
  /** Salt of the passphrase secrets manager. */
  secretsProvider?: { type: "passphrase"; salt: string };
  resources: StateResource[];
  outputs: WireMap;
  pendingOperations: PendingOperation[];
}

/**
 * Reads a stack's state as stored (secrets still encrypted): the snapshot with the journal of a run in progress,
 * or of a run that was killed, applied; an empty state if there is neither.
 */
export function readStateFile(file: string, stack: string, project: string): StackState {
  const state: StackState = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as StackState)
    : { version: 1, stack, project, resources: [], outputs: {}, pendingOperations: [] };
  state.pendingOperations ??= [];
  foldJournal(journalFile(file), state);
  return state;
}

/**
 * The state of one stack in memory (secrets decrypted). Every change is appended to the journal at once; call
 * {@link StateStore.close} at the end of the run to fold it into the snapshot.
 */
export class StateStore {
  /** Resources in snapshot order. */
  resources: StateResource[];
  outputs: WireMap;
  pendingOperations: PendingOperation[];
  private readonly secrets: SecretsManager;
  private serial: number;
  private journalOpen = false;

  /**
   * Loads `file` and its journal (or starts empty); a journal left by a killed run is folded into the snapshot
   * at once unless the store only reads.
   * @param persist false for previews, which never write the state.
   */
  constructor(
    private readonly file: string,
    private readonly stack: string,
    private readonly project: string,
    passphrase: string,
    private readonly persist: boolean,
  ) {
    const stored = readStateFile(file, stack, project);
    this.secrets = new SecretsManager(passphrase, stored.secretsProvider?.salt);
    const decrypted = this.secrets.decryptDeep(stored as unknown as WireValue) as unknown as StackState;
    this.resources = decrypted.resources;
    this.outputs = decrypted.outputs;
    this.pendingOperations = decrypted.pendingOperations;
    this.serial = stored.serial ?? 0;
    if (persist && fs.existsSync(journalFile(file))) this.writeSnapshot();
  }

  /** The live (not pending-deletion) resource with this URN. */
  find(urn: string): StateResource | undefined {
    return this.resources.find((r) => r.urn === urn && !r.delete);
  }

  /** Records `res` as the resource's latest state: replaces the live entry with its URN, moved to the end. */
  upsert(res: StateResource): void {
    this.record({ upsert: res as unknown as WireValue });
  }

  /** Removes this exact entry. */
  remove(res: StateResource): void {
    const index = this.resources.indexOf(res);
    if (index >= 0) this.record({ remove: index });
  }

  /** Records the current content of an entry changed in place (refreshed outputs, a replacement's flags). */
  changed(res: StateResource): void {
    const index = this.resources.indexOf(res);
    if (index >= 0) this.record({ change: index, resource: res as unknown as WireValue });
  }

  /** Sets the stack's outputs. */
  setOutputs(outputs: WireMap): void {
    this.record({ outputs });
  }

  /** Records an operation in flight. */
  beginOperation(op: PendingOperation): void {
    this.setPendingOperations([...this.pendingOperations, op]);
  }

  /** Clears an operation recorded by {@link StateStore.beginOperation}. */
  endOperation(op: PendingOperation): void {
    this.setPendingOperations(this.pendingOperations.filter((o) => o !== op));
  }

  /** Replaces the list of operations in flight (an empty list once the user was told about old ones). */
  setPendingOperations(ops: PendingOperation[]): void {
    this.record({ pendingOperations: ops as unknown as WireValue[] });
  }

  /** Folds the journal of this run into the snapshot (a no-op if nothing changed). */
  close(): void {
    if (this.journalOpen) this.writeSnapshot();
  }

  /** Applies a change in memory and appends it, secrets encrypted, to the journal. */
  private record(record: JournalRecord): void {
    if (this.persist) {
      if (!this.journalOpen) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        startJournal(journalFile(this.file), this.serial, this.secrets.salt);
        this.journalOpen = true;
      }
      appendRecord(journalFile(this.file), this.secrets.encryptDeep(record as unknown as WireValue));
    }
    applyRecord(this, record);
  }

  /** Writes the whole state as the next snapshot (temp file + rename), then drops the journal it includes. */
  private writeSnapshot(): void {
    this.serial += 1;
    const state: StackState = {
      version: 1,
      stack: this.stack,
      project: this.project,
      serial: this.serial,
      secretsProvider: { type: "passphrase", salt: this.secrets.salt },
      resources: this.resources,
      outputs: this.outputs,
      pendingOperations: this.pendingOperations,
    };
    const encrypted = this.secrets.encryptDeep(state as unknown as WireValue);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(encrypted, null, 2) + "\n");
    fs.renameSync(tmp, this.file);
    // A crash here leaves a journal naming the previous serial, which the next load ignores.
    fs.rmSync(journalFile(this.file), { force: true });
    this.journalOpen = false;
  }
}
