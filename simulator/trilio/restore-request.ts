import { asRecord, isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { type RestoreKind, type RestoreTarget, type Snapshot } from "./models";

/** A restore request body, checked for shape (before the snapshot is looked at). */
export interface RestoreRequest {
  readonly name: string;
  readonly description: string;
  readonly kind: RestoreKind;
  /** `restore.options` as sent. */
  readonly options: Readonly<Record<string, unknown>>;
}

const KINDS: readonly RestoreKind[] = ["oneclick", "selective", "inplace"];

const DEFAULT_NAMES: Readonly<Record<RestoreKind, string>> = {
  oneclick: "One Click Restore",
  selective: "Selective Restore",
  inplace: "Inplace Restore",
};

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

function optionalString(value: unknown, field: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "string") throw badRequest(`Invalid restore ${field}: expected a string.`);
  return value;
}

/** `options.restore_type` wins over `options.oneclickrestore`; with neither, a selective restore. */
function restoreKind(options: Record<string, unknown>): RestoreKind {
  const requested = options.restore_type;
  if (requested !== undefined) {
    if (!KINDS.includes(requested as RestoreKind)) {
      throw badRequest(`Invalid restore_type '${String(requested)}': expected one of ${KINDS.join(", ")}.`);
    }
    return requested as RestoreKind;
  }
  return options.oneclickrestore === true ? "oneclick" : "selective";
}

/**
 * Checks the body of `POST /snapshots/{id}`: it must hold a `restore` object whose `options.type`
 * is `"openstack"` and whose `options.restore_type`, when given, is a known kind. `vmware` is
 * optional. Throws {@link HttpError} 400 otherwise.
 */
export function parseRestoreRequest(body: unknown): RestoreRequest {
  const restore = isRecord(body) ? asRecord(body.restore) : undefined;
  if (restore === undefined) throw badRequest("Invalid request body: a 'restore' object is required.");
  const options = restore.options === undefined ? {} : asRecord(restore.options);
  if (options === undefined) throw badRequest("Invalid restore options: expected an object.");
  if (options.type !== "openstack") {
    throw badRequest(`Invalid restore options: type must be 'openstack', got '${String(options.type)}'.`);
  }
  const kind = restoreKind(options);
  return {
    name: optionalString(restore.name, "name", DEFAULT_NAMES[kind]),
    description: optionalString(restore.description, "description", "-"),
    kind,
    options,
  };
}

/**
 * The instances a restore brings back. One-click: every instance of the snapshot, under its own
 * name. Selective and in-place: the `options.openstack.instances` entries not marked
 * `include: false`, each of which must be an instance of the snapshot (selective ones may carry a
 * new `name`). Throws {@link HttpError} 400 for an unknown instance or an empty selection.
 */
export function restoreTargets(request: RestoreRequest, snapshot: Snapshot): RestoreTarget[] {
  if (request.kind === "oneclick") {
    return snapshot.instances.map((instance) => ({ originalId: instance.id, name: instance.name }));
  }
  const listed = asRecord(request.options.openstack)?.instances;
  if (listed !== undefined && !Array.isArray(listed)) {
    throw badRequest("Invalid restore options: openstack.instances must be a list.");
  }
  const targets = (listed ?? [])
    .map((entry) => asRecord(entry) ?? {})
    .filter((entry) => entry.include !== false)
    .map((entry): RestoreTarget => {
      const original = snapshot.instances.find((instance) => instance.id === entry.id);
      if (original === undefined) {
        throw badRequest(`Instance ${String(entry.id)} is not part of snapshot ${snapshot.id}.`);
      }
      const name =
        request.kind === "selective" && typeof entry.name === "string" && entry.name !== ""
          ? entry.name
          : original.name;
      return { originalId: original.id, name };
    });
  if (targets.length === 0) {
    throw badRequest(`No instance selected for a ${request.kind} restore of snapshot ${snapshot.id}.`);
  }
  return targets;
}
