/**
 * The books of a fault-matrix stack after each run: every remote object the stack created is in the state file
 * or on its way out (orphans otherwise), no operation was started more often than the engine asked for one
 * (duplicates), and the state file is valid JSON whose entries all name something that exists (lost state
 * otherwise).
 */
import type { RunResult, StateResource, Step } from "../../engine";
import type { TestStack } from "../e2e/stack";
import type { FixtureIds, MatrixResource } from "./fault-resources";

/** The API's counters of one resource type, read before a run, and whether its create is to be resumed. */
export interface Counts {
  readonly starts: number;
  readonly deletes?: number;
  /**
   * The state records the resource as partially created (a create that failed after its object existed): the
   * next run's update finishes that create, and may start what the failed one did not.
   */
  readonly resumesCreate: boolean;
}

/** What the books can show is wrong. */
export type FindingKind = "orphan" | "duplicate" | "lost state";

/** One thing wrong with the books, and the resource it is about (none for the state file itself). */
export interface Finding {
  readonly kind: FindingKind;
  /** The resource's name in the stack. */
  readonly resource?: string;
  readonly text: string;
}

/** Every resource's counters now, and which the stack's state records as partially created. */
export function countsOf(
  resources: readonly MatrixResource[],
  stack: TestStack,
): Map<MatrixResource, Counts> {
  const state = stack.engine ? (stateResources(stack, []) ?? []) : [];
  return new Map(
    resources.map((r) => {
      const entry = state.find((e) => e.type === stack.typeToken(r.type) && e.name === r.name);
      const counts = { starts: r.starts(stack.sim), deletes: r.deletes?.(stack.sim) };
      return [r, { ...counts, resumesCreate: (entry?.initErrors?.length ?? 0) > 0 }];
    }),
  );
}

/** The state file's resources, or a lost-state finding when it is not valid JSON. */
function stateResources(stack: TestStack, findings: Finding[]): StateResource[] | undefined {
  let parsed: { resources?: StateResource[] };
  try {
    parsed = JSON.parse(stack.stateText()) as { resources?: StateResource[] };
  } catch (error) {
    findings.push({
      kind: "lost state",
      text: `the state file is not valid JSON: ${(error as Error).message}`,
    });
    return undefined;
  }
  return parsed.resources ?? [];
}

/**
 * Checks the books after `result`, a run the stack just made of `declared` resources (their names), with the
 * counters read before it. Orphans and duplicates are checked after every run; lost state (entries that name
 * nothing, declared resources missing) after a successful one only, since a failed run may leave an entry whose
 * object is gone until the next run settles it.
 */
export function checkBooks(
  stack: TestStack,
  resources: readonly MatrixResource[],
  fixtures: FixtureIds,
  result: RunResult,
  before: Map<MatrixResource, Counts>,
): Finding[] {
  const findings: Finding[] = [];
  const state = stateResources(stack, findings);
  if (!state) return findings;
  for (const resource of resources) {
    const label = `${resource.type} "${resource.name}"`;
    const find = (kind: FindingKind, text: string) => findings.push({ kind, resource: resource.name, text });
    const recorded = state.filter((r) => r.type === stack.typeToken(resource.type));
    const ids = new Set(recorded.map((r) => r.id));
    const inventory = resource.inventory?.(stack.sim, fixtures);
    for (const object of inventory ?? []) {
      if (!object.deleting && !ids.has(object.id))
        find("orphan", `${label}: ${object.id} exists but is not in the state`);
    }
    const steps = stepsOfResource(result, stack, resource);
    const counted = before.get(resource)!;
    const creates = steps.filter(
      (s) => s.op === "create" || s.op === "replace" || (s.op === "update" && counted.resumesCreate),
    ).length;
    const deletes = steps.filter((s) => s.op === "delete" || s.op === "replace").length;
    const started = resource.starts(stack.sim) - counted.starts;
    if (started > creates)
      find("duplicate", `${label}: the API started ${started} operations for ${creates} create(s)`);
    // An operation that leaves no object (a PowerVC restore) is an orphan when a create that failed started it
    // without recording it: nothing would tell the next run that it ran.
    const recordedCreates = steps.filter(
      (s) => (s.op === "create" || s.op === "replace") && (!s.failed || recorded.length > 0),
    ).length;
    if (!inventory && started > recordedCreates && started <= creates)
      find("orphan", `${label}: the API started an operation that the state does not record`);
    const deleted = (resource.deletes?.(stack.sim) ?? 0) - (counted.deletes ?? 0);
    if (deleted > deletes)
      find("duplicate", `${label}: the API accepted ${deleted} deletes for ${deletes} delete(s)`);
    if (!result.ok) continue;
    const exists = (id: string) =>
      inventory ? inventory.some((o) => o.id === id) : (resource.exists?.(stack.sim, id) ?? true);
    for (const entry of recorded.filter((r) => !exists(r.id)))
      find("lost state", `${label}: the state names ${entry.id}, which does not exist`);
    if (result.kind !== "destroy" && recorded.length === 0)
      find("lost state", `${label}: declared, but not in the state after a successful ${result.kind}`);
    if (result.kind === "destroy" && recorded.length > 0)
      find("lost state", `${label}: still in the state after a successful destroy`);
  }
  return findings;
}

/** The steps `result` took on `resource`: its name, with the type token of the stack's program. */
export function stepsOfResource(result: RunResult, stack: TestStack, resource: MatrixResource): Step[] {
  const token = stack.typeToken(resource.type);
  return result.steps.filter((s) => s.name === resource.name && s.type === token);
}

/** A finding as one line. */
export function findingLine(finding: Finding): string {
  return `${finding.kind}: ${finding.text}`;
}
