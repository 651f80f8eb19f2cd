/**
 * The plugin's provider configuration as the stack config the resource code reads (see
 * ../core/settings/stack-config). A program configures the plugin with the stack keys of its package
 * (`openstack-dataprotection:authUrl`, or an explicit provider's arguments); the engine hands them to `Configure`
 * as `args` (typed, secrets marked) and as `variables` (`openstack-dataprotection:config:authUrl`, as text). The
 * resource code reads them under its own namespace (`dataprotection:authUrl`), so each key keeps its name.
 * The engine passes no other package's config to a plugin: the `openstack:*` fallback of the dynamic face does not
 * apply here (the `OS_*` environment still does).
 */
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { CONFIG_NAMESPACE, type ConfigSource } from "../core/settings/stack-config";
import { PLUGIN_PACKAGE } from "./tokens";
import { fromWire } from "./values";

/** The stack config that `request` (a `ConfigureRequest`) sets. */
export function configOf(request: provproto.ConfigureRequest): ConfigSource {
  const args = request.hasArgs() ? fromWire(request.getArgs()).props : {};
  const variables = request.getVariablesMap();
  return {
    get(key) {
      const [namespace, name, ...rest] = key.split(":");
      if (namespace !== CONFIG_NAMESPACE || !name || rest.length > 0) return undefined;
      return (
        args[name] ??
        variables.get(`${PLUGIN_PACKAGE}:config:${name}`) ??
        variables.get(`${PLUGIN_PACKAGE}:${name}`)
      );
    },
  };
}
