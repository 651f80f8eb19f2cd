/**
 * The provider host of one run: started lazily on the first resource that needs it (one host per run, as the
 * CLI starts one plugin process per deployment), configured with the stack configuration, stopped at the end.
 */
import { HostHandle, type ConfigureResult, type HostStartOptions } from "./host";
import { downgradeResourceRefs, stripSecrets, type WireMap } from "./wire";

/** A lazily started, configured host. */
export class HostSession {
  private starting?: Promise<HostHandle>;
  private capabilities: ConfigureResult = {
    acceptSecrets: false,
    acceptResources: false,
    supportsPreview: false,
  };
  /** The running host, once started. */
  handle?: HostHandle;

  /**
   * @param options how to start the host.
   * @param config the `Configure` arguments (for the dynamic-provider host, the whole stack configuration).
   * @param pkg the provider's package: its `Configure` variables are named `<pkg>:config:<key>`.
   */
  constructor(
    private readonly options: HostStartOptions,
    private readonly config: WireMap,
    private readonly pkg = "pulumi-nodejs",
  ) {}

  /** The host, started and configured on first use. */
  get(): Promise<HostHandle> {
    this.starting ??= this.start();
    return this.starting;
  }

  /** A property map as this provider may receive it: without secrets or resource references unless accepted. */
  forProvider(m: WireMap): WireMap {
    const result: WireMap = {};
    for (const [k, v] of Object.entries(m)) {
      const plain = this.capabilities.acceptSecrets ? v : stripSecrets(v);
      result[k] = this.capabilities.acceptResources ? plain : downgradeResourceRefs(plain);
    }
    return result;
  }

  /** True when outputs must get the secretness of inputs back (the provider could not see secrets). */
  get annotatesSecrets(): boolean {
    return !this.capabilities.acceptSecrets;
  }

  /** True when the provider answers Create and Update with `preview` set (the dynamic-provider host does not). */
  get supportsPreview(): boolean {
    return this.capabilities.supportsPreview;
  }

  /** Stops the host if it was started. */
  async close(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    this.handle = undefined;
    if (starting) await starting.then((h) => h.close()).catch(() => undefined);
  }

  private async start(): Promise<HostHandle> {
    const host = await HostHandle.start(this.options);
    this.handle = host;
    try {
      await host.getPluginInfo();
      this.capabilities = await host.configure(this.config, this.pkg);
    } catch (e) {
      // `close` only stops a host that started and was configured: this one must be stopped here.
      await host.close();
      throw e;
    }
    return host;
  }
}
