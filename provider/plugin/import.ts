/**
 * A Read with only an id (`pulumi import`, the `import` resource option). Importing an object is adopting it: a
 * resource type that can manage an existing object names it with its adopt input (`adoptBackupId`, …), so the
 * read is the adopted object's, and the inputs it answers name the object by that input (a program that declares
 * it manages the same object, with the same effects as an adoption: see the type's docs), together with what the
 * object says defines it (the inputs whose field declares `imported`: a backup's volume), so that Check passes on
 * them and Diff finds no change. A type with no adopt input cannot be imported, and the read says why.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { fieldsByType } from "../index";
import { ProviderError } from "../core/errors";
import type { Props } from "../core/resource";
import { withIdentity, type ResourceRef } from "./resource-ref";

/** The read of a resource of `ref` from `id` alone (with the program's `inputs`, when the engine sends them). */
export function readFromId(
  ref: ResourceRef,
  provider: dynamic.ResourceProvider,
  id: string,
  inputs: Props,
): Promise<dynamic.ReadResult> {
  const adoptInput = Object.entries(fieldsByType[ref.type] ?? {}).find(([, field]) => field.adopts)?.[0];
  if (!adoptInput) {
    const why = "it cannot take over an existing object: it makes its own (declare a new one)";
    throw new ProviderError(`${ref.type} resources cannot be imported: ${why}`, {
      operation: "importing",
      resource: `${ref.type} "${ref.identity.name}"`,
      resourceId: id,
    });
  }
  return provider.read!(id, withIdentity(ref, { ...inputs, [adoptInput]: id }));
}
