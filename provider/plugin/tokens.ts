/**
 * Pulumi type tokens of the provider plugin (`<package>:<module>:<Name>`): the package is the plugin's name, the
 * module the system's namespace, so `waldur.Snapshot` in TypeScript is `openstack-dataprotection:waldur:Snapshot`
 * in a Python, Go, .NET or YAML program, and the lookup `waldur.getSnapshots` is
 * `openstack-dataprotection:waldur:getSnapshots`.
 */

/** The plugin's package name: `pulumi-resource-<name>` is its executable, and the first part of every token. */
export const PLUGIN_PACKAGE = "openstack-dataprotection";

/** The token of a resource type or lookup as the TypeScript SDK names it (`waldur.Snapshot`, `cinder.getBackups`). */
export function tokenOf(sdkName: string): string {
  const [module, name, ...rest] = sdkName.split(".");
  if (!module || !name || rest.length > 0) {
    throw new Error(`"${sdkName}" is not a name of the form <namespace>.<Name>`);
  }
  return `${PLUGIN_PACKAGE}:${module}:${name}`;
}

/** The TypeScript SDK's name (`waldur.Snapshot`) of a token of this package, or undefined for another package's. */
export function sdkNameOf(token: string): string | undefined {
  const [pkg, module, name, ...rest] = token.split(":");
  return pkg === PLUGIN_PACKAGE && module && name && rest.length === 0 ? `${module}.${name}` : undefined;
}
