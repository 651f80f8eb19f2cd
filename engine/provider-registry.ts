/**
 * The providers of one run, by package, as the CLI loads one plugin per package: the NodeJS dynamic-provider
 * host for `pulumi-nodejs:dynamic…` resources and a provider plugin (see `plugins.ts`) for the packages in
 * {@link PLUGIN_PACKAGES}. Each is started on first use and configured with its own stack config.
 */
import type { HostStartOptions } from "./host";
import { HostSession } from "./host-session";
import { PLUGIN_PACKAGES, resolvePlugin } from "./plugins";
import { isDynamicType } from "./urn";
import type { WireMap } from "./wire";

/** The package of a resource type or function token (`<package>:<module>:<Name>`). */
export function packageOf(token: string): string {
  return token.split(":")[0];
}

/** A lazily started provider per package. */
export class ProviderRegistry {
  private readonly plugins = new Map<string, HostSession>();

  /**
   * @param options how to start a host (the executable is chosen here).
   * @param config the `Configure` arguments of the dynamic-provider host: the whole stack configuration, keys
   *   fully qualified.
   */
  constructor(
    private readonly options: HostStartOptions,
    private readonly config: WireMap,
    /** The dynamic-provider host. */
    readonly dynamic = new HostSession(options, config),
  ) {}

  /** The provider of resource type `type`; throws, naming the type, when the engine has none for it. */
  of(type: string): HostSession {
    if (isDynamicType(type)) return this.dynamic;
    const pkg = packageOf(type);
    if (!(PLUGIN_PACKAGES as readonly string[]).includes(pkg)) {
      throw new Error(
        `${type}: the engine runs NodeJS dynamic resources (pulumi-nodejs:dynamic…) and the resources of ` +
          `${PLUGIN_PACKAGES.join(", ")}; it has no provider for the package "${pkg}"`,
      );
    }
    let session = this.plugins.get(pkg);
    if (!session) {
      const executable = resolvePlugin(this.options.projectDir, pkg);
      session = new HostSession({ ...this.options, executable }, packageConfig(this.config, pkg), pkg);
      this.plugins.set(pkg, session);
    }
    return session;
  }

  /** `Invoke` of the function `token` from the program, on its package's provider. */
  async invoke(token: string, args: WireMap): Promise<WireMap> {
    const session = this.of(token);
    const host = await session.get();
    return host.invoke(token, session.forProvider(args));
  }

  /** Stops every provider that was started. */
  async close(): Promise<void> {
    await Promise.all([this.dynamic, ...this.plugins.values()].map((s) => s.close()));
    this.plugins.clear();
  }
}

/** The stack config of namespace `pkg` (`pkg:key`) as a plugin's `Configure` arguments: bare keys, secrets as secrets. */
function packageConfig(config: WireMap, pkg: string): WireMap {
  const args: WireMap = {};
  for (const [key, value] of Object.entries(config)) {
    const [namespace, name, ...rest] = key.split(":");
    if (namespace === pkg && name && rest.length === 0) args[name] = value;
  }
  return args;
}
