/**
 * The stack's state file: what the engine knows about each resource between runs, written atomically after
 * every step so that a crash mid-run leaves a valid file (like the CLI's checkpoint).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SecretsManager } from "./secrets";
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
  /** Salt of the passphrase secrets manager. */
  secretsProvider?: { type: "passphrase"; salt: string };
  resources: StateResource[];
  outputs: WireMap;
  pendingOperations: PendingOperation[];
}

/** Reads a state file as stored (secrets still encrypted); an empty state if there is none. */
export function readStateFile(file: string, stack: string, project: string): StackState {
  if (!fs.existsSync(file)) {
    return { version: 1, stack, project, resources: [], outputs: {}, pendingOperations: [] };
  }
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as StackState;
  state.pendingOperations ??= [];
  return state;
}

/** The state of one stack in memory (secrets decrypted), saved atomically on each change. */
export class StateStore {
  /** Resources in snapshot order. */
  resources: StateResource[];
  outputs: WireMap;
  pendingOperations: PendingOperation[];
  private readonly secrets: SecretsManager;

  /**
   * Loads `file` (or starts empty).
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
  }

  /** The live (not pending-deletion) resource with this URN. */
  find(urn: string): StateResource | undefined {
    return this.resources.find((r) => r.urn === urn && !r.delete);
  }

  /** Records `res` as the resource's latest state: replaces the live entry with its URN, moved to the end. */
  upsert(res: StateResource): void {
    this.resources = this.resources.filter((r) => r.urn !== res.urn || r.delete);
    this.resources.push(res);
    this.save();
  }

  /** Removes this exact entry. */
  remove(res: StateResource): void {
    this.resources = this.resources.filter((r) => r !== res);
    this.save();
  }

  /** Records an operation in flight. */
  beginOperation(op: PendingOperation): void {
    this.pendingOperations.push(op);
    this.save();
  }

  /** Clears an operation recorded by {@link StateStore.beginOperation}. */
  endOperation(op: PendingOperation): void {
    this.pendingOperations = this.pendingOperations.filter((o) => o !== op);
    this.save();
  }

  /** Writes the state file atomically (temp file + rename), secrets encrypted. */
  save(): void {
    if (!this.persist) return;
    const state: StackState = {
      version: 1,
      stack: this.stack,
      project: this.project,
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
  }
}
