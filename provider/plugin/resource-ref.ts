/**
 * Which resource a request is about. A dynamic provider is told nothing of its resource, so the TypeScript SDK
 * passes `__identity` (type, name, project, stack) as an input; the engine tells a plugin the resource's URN
 * instead, and the plugin makes the same `__identity` from it, so the resource code sees what it sees on the
 * dynamic face. It is never returned to the engine: a plugin resource's state does not carry it.
 */
import type { ResourceIdentity } from "../core/identity";
import type { Props } from "../core/resource";
import { sdkNameOf } from "./tokens";

/** A resource as the plugin serves it: its type as the TypeScript SDK names it, and its identity. */
export interface ResourceRef {
  /** "waldur.Snapshot". */
  type: string;
  identity: ResourceIdentity;
}

/**
 * The resource a URN names (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`), or an error naming the
 * token when it is not one of this package's.
 */
export function resourceOf(urn: string): ResourceRef {
  const [prefix, project = "", qualifiedType = "", ...nameParts] = urn.split("::");
  const stack = prefix.split(":")[2] ?? "";
  const token = qualifiedType.split("$").pop() ?? "";
  const type = sdkNameOf(token);
  if (!type) {
    throw new Error(
      `the resource ${urn} has the type "${token}", which the openstack-dataprotection plugin does not serve`,
    );
  }
  return { type, identity: { type, name: nameParts.join("::"), project, stack } };
}

/** `props` with the resource's `__identity`, as the resource code expects them. */
export function withIdentity(ref: ResourceRef, props: Props): Props {
  return { ...props, __identity: ref.identity };
}

/** `props` without `__identity`, as the engine gets them back. */
export function withoutIdentity(props: Props): Props {
  const { __identity: _identity, ...rest } = props;
  return rest;
}
