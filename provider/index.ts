/**
 * The implementations behind every resource's forwarder (see sdk/forwarder.ts). The dynamic-provider host reaches
 * this module through `require("pulumi-openstack-dataprotection/provider")`.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Fields } from "./core/fields";
import type { OutputPreview } from "./core/preview";
import { setStackConfig } from "./core/settings/stack-config";
import { cinderResources } from "./cinder";
import { powervcResources } from "./powervc";
import { trilioResources } from "./trilio";
import { waldurResources } from "./waldur";

/** Every resource type this package has, by system: a new system adds its list here. */
const registered = [...trilioResources, ...waldurResources, ...powervcResources, ...cinderResources];

const providers: Readonly<Record<string, dynamic.ResourceProvider>> = Object.fromEntries(
  registered.map((resource) => [resource.type, resource.provider]),
);

/** Each resource type's field declarations (see ./core/fields), for the docs and the tests made from them. */
export const fieldsByType: Readonly<Record<string, Fields<never>>> = Object.fromEntries(
  registered.map((resource) => [resource.type, resource.fields]),
);

const previews: Readonly<Record<string, OutputPreview | undefined>> = Object.fromEntries(
  registered.map((resource) => [resource.type, resource.preview]),
);

/** What a preview of a resource type ("waldur.Snapshot") knows of its outputs (see ./core/preview). */
export function outputPreviewFor(resourceType: string): OutputPreview | undefined {
  return previews[resourceType];
}

/** The implementation of a resource type ("trilio.Restore"). */
export function providerFor(resourceType: string): dynamic.ResourceProvider {
  const provider = providers[resourceType];
  if (!provider) {
    throw new Error(
      `pulumi-openstack-dataprotection has no resource type "${resourceType}" (it has: ` +
        `${Object.keys(providers).join(", ")}); is the installed package older than the one that created it?`,
    );
  }
  return provider;
}

/** Receives the stack config from the host; connection resolution reads it. */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  setStackConfig(request.config);
}

/** Resource types this version implements. */
export const resourceTypes: readonly string[] = Object.keys(providers);

/** Methods a forwarder may call. */
const FORWARDED = new Set(["check", "diff", "create", "read", "update", "delete"]);

/**
 * Entry point of every forwarder: calls `method` of `resourceType`'s implementation (or `configure`) with the
 * arguments the host passed.
 */
export function forward(resourceType: string, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure" || (method === "create" && isConfigureRequest(args[0]))) {
    return configure(args[0] as dynamic.ConfigureRequest);
  }
  if (!FORWARDED.has(method)) return Promise.reject(new Error(`unknown provider method "${method}"`));
  const implementation = providerFor(resourceType) as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  return implementation[method](...args);
}

/** A configure request carries the stack's Config (an object with `get`); create's inputs are plain JSON. */
function isConfigureRequest(value: unknown): boolean {
  const config = (value as { config?: { get?: unknown } } | undefined)?.config;
  return typeof config?.get === "function";
}
