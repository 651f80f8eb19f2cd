/** Deletion order: dependents before their dependencies, independent resources together. */
import type { StateResource } from "./state";

/** True if `a` depends on `b`: as its child, through `dependsOn`, or through a property. */
export function dependsOn(a: StateResource, b: StateResource): boolean {
  if (a === b) return false;
  return (
    a.parent === b.urn ||
    a.dependencies.includes(b.urn) ||
    Object.values(a.propertyDependencies).some((urns) => urns.includes(b.urn))
  );
}

/**
 * Splits the resources to delete into waves: no resource of a wave depends on another one of the same or a
 * later wave, so each wave can be deleted in parallel once the previous waves are done.
 */
export function deletionWaves(condemned: readonly StateResource[]): StateResource[][] {
  let remaining = [...condemned];
  const waves: StateResource[][] = [];
  while (remaining.length > 0) {
    const wave = remaining.filter((r) => !remaining.some((other) => dependsOn(other, r)));
    // A dependency cycle cannot come from a program; delete what is left together rather than loop forever.
    const next = wave.length > 0 ? wave : remaining;
    waves.push(next);
    remaining = remaining.filter((r) => !next.includes(r));
  }
  return waves;
}
