/**
 * A Read with only an id (`pulumi import`, the `import` resource option): the resource code's read finds the object
 * by its id where the id names the object itself. Where the id alone cannot tell what the resource is (a restore
 * is defined by what it restored from, which its volume or record does not say), the read fails, saying so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ProviderError } from "../core/errors";
import type { Props } from "../core/resource";
import { withIdentity, type ResourceRef } from "./resource-ref";

/** Why a type cannot be read from its id alone, for those that cannot. */
const NOT_IMPORTABLE: Readonly<Record<string, string>> = {
  "cinder.BackupRestore":
    "its id is the restored volume's, which does not say which backup was restored into it",
  "powervc.InstanceRestore": "its id names a restore request, which PowerVC does not keep",
  "trilio.Restore":
    "a restore is an action that has run: importing it would let a change of its inputs run it again",
  "waldur.SnapshotRetention": "it is a rule over a volume's snapshots, not an object Waldur holds",
  "waldur.VolumeRestoration":
    "its id is the restored volume's, which does not say which snapshot was restored into it",
};

/** The read of a resource of `ref` from `id` alone (with the program's `inputs`, when the engine sends them). */
export function readFromId(
  ref: ResourceRef,
  provider: dynamic.ResourceProvider,
  id: string,
  inputs: Props,
): Promise<dynamic.ReadResult> {
  const why = NOT_IMPORTABLE[ref.type];
  if (why) {
    throw new ProviderError(
      `${ref.type} resources cannot be imported: ${why}. Declare a new one in the program instead`,
      { operation: "importing", resource: `${ref.type} "${ref.identity.name}"`, resourceId: id },
    );
  }
  return provider.read!(id, withIdentity(ref, inputs));
}
