/**
 * The object every SDK class hands to `pulumi.dynamic.Resource`: a thin forwarder.
 *
 * Pulumi serializes this object's functions into every resource's state as `__provider`, and the
 * dynamic-provider host rebuilds them from that text with no file name, so a `require()` inside them resolves
 * from the host's working directory: the Pulumi project, whose `node_modules` holds this package. Each method
 * loads the real implementation at call time by requiring this package by name. Hence:
 * - `__provider` stays small (about 1 KB) and holds no library code, schema or credential;
 * - a fixed provider applies to existing stacks: the state names the package, not a copy of its code.
 *
 * Keep this module free of imports with side effects: SDK classes load it in every Pulumi program.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** A forwarder for one resource type (e.g. "trilio.Restore"). */
export function forwardingProvider(resourceType: string): dynamic.ResourceProvider {
  // Every byte here is repeated in every resource's state, so the closures are few and short: the serializer
  // captures `type` and `to`, and `require` is resolved in the host, from the project's node_modules.
  const type = resourceType;
  // Typed by annotation rather than a cast, and no comment inside: the function's text is what gets stored.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const to: (method: string, args: unknown[]) => Promise<never> = (method, args) =>
    require("pulumi-openstack-dataprotection/provider").forward(type, method, args);
  /* eslint-enable @typescript-eslint/no-require-imports */
  // `configure` shares create's closure (one function fewer in every state); `forward` tells the two apart, as
  // only a configure request carries a Config.
  const createOrConfigure = (...a: unknown[]) => to("create", a);
  return {
    configure: createOrConfigure as dynamic.ResourceProvider["configure"],
    check: (...a) => to("check", a),
    diff: (...a) => to("diff", a),
    create: createOrConfigure as dynamic.ResourceProvider["create"],
    read: (...a) => to("read", a),
    update: (...a) => to("update", a),
    delete: (...a) => to("delete", a),
  };
}
