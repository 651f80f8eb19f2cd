/** Resource URNs, formed as the Pulumi engine forms them (`deploy.generateURN`). */

/** The type of the root stack resource. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** The prefix of every NodeJS dynamic-resource type (`pulumi-nodejs:dynamic[/module]:Type`). */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/**
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the parent's
 * qualified type and the type joined with `$`; the root stack is never part of it.
 */
export function makeUrn(
  stack: string,
  project: string,
  parentUrn: string,
  type: string,
  name: string,
): string {
  const parentType = parentUrn === "" ? "" : qualifiedType(parentUrn);
  const qualified = parentType === "" || parentType === STACK_TYPE ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The qualified type part of a URN (`parent$child`). */
export function qualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** True for types served by the NodeJS dynamic-provider host. */
export function isDynamicType(type: string): boolean {
  return type.startsWith(DYNAMIC_TYPE_PREFIX);
}
