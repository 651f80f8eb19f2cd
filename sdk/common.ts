/**
 * What every resource class shares: the `connection` and `timeouts` inputs, the typing of its outputs, and
 * {@link resourceClass}, the base class that hands a resource to its provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "./forwarder";

/**
 * How to reach an OpenStack cloud. Every field is optional: each setting falls back to stack config
 * (`dataprotection:<name>`, then the Pulumi OpenStack provider's `openstack:<name>`), then the `OS_*` environment
 * variables, then the `clouds.yaml` entry named by `cloud`. Pass secrets with `pulumi.secret(...)`; this input is
 * always stored as a secret. Changing it never replaces a resource.
 */
export interface OpenStackConnectionArgs {
  /** A `clouds.yaml` entry (`OS_CLOUD`). */
  cloud?: pulumi.Input<string>;
  /** Keystone URL, with or without `/v3` (`OS_AUTH_URL`). */
  authUrl?: pulumi.Input<string>;
  /** Region of the service endpoints (`OS_REGION_NAME`). */
  region?: pulumi.Input<string>;
  /** Catalog interface: public (default), internal or admin (`OS_INTERFACE`). */
  interface?: pulumi.Input<"public" | "internal" | "admin">;
  /** User name (`OS_USERNAME`). */
  userName?: pulumi.Input<string>;
  /** User id (`OS_USER_ID`). */
  userId?: pulumi.Input<string>;
  /** Password (`OS_PASSWORD`). */
  password?: pulumi.Input<string>;
  /** User's domain by name (`OS_USER_DOMAIN_NAME`); default: the domain with id "default". */
  userDomainName?: pulumi.Input<string>;
  /** User's domain by id (`OS_USER_DOMAIN_ID`). */
  userDomainId?: pulumi.Input<string>;
  /** Project to scope to, by name (`OS_PROJECT_NAME`). */
  projectName?: pulumi.Input<string>;
  /** Project to scope to, by id (`OS_PROJECT_ID`). */
  projectId?: pulumi.Input<string>;
  /** Project's domain by name (`OS_PROJECT_DOMAIN_NAME`); default: the domain with id "default". */
  projectDomainName?: pulumi.Input<string>;
  /** Project's domain by id (`OS_PROJECT_DOMAIN_ID`). */
  projectDomainId?: pulumi.Input<string>;
  /** Application credential id (`OS_APPLICATION_CREDENTIAL_ID`). */
  applicationCredentialId?: pulumi.Input<string>;
  /** Application credential name, with a user (`OS_APPLICATION_CREDENTIAL_NAME`). */
  applicationCredentialName?: pulumi.Input<string>;
  /** Application credential secret (`OS_APPLICATION_CREDENTIAL_SECRET`). */
  applicationCredentialSecret?: pulumi.Input<string>;
  /** An existing Keystone token (`OS_TOKEN`); it cannot be renewed when it expires. */
  token?: pulumi.Input<string>;
  /** Service URLs to use instead of the catalog's, by service type, e.g. `{ workloads: "https://tvm:8780/v1/<project>" }`. */
  endpointOverrides?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** CA bundle to trust: PEM text or a file path (`OS_CACERT`). */
  caCert?: pulumi.Input<string>;
  /** Skip TLS verification (`OS_INSECURE`); not recommended. */
  insecure?: pulumi.Input<boolean>;
}

/**
 * Deadlines for long operations, as durations such as "45s", "20m" or "1h30m". Pulumi's `customTimeouts` option
 * does not reach dynamic providers; this input does. Changing it never replaces a resource.
 */
export interface TimeoutsArgs {
  /** How long a create may wait for the operation to finish. */
  create?: pulumi.Input<string>;
  /** How long an update may wait. */
  update?: pulumi.Input<string>;
  /** How long a delete may wait. */
  delete?: pulumi.Input<string>;
}

/**
 * The arguments every resource has beside its own: its deadlines and how to reach its service. Changing either
 * never replaces a resource.
 */
export interface ResourceArgs<Connection> {
  /** Deadlines for long operations; the resource's `…Args` interface gives its defaults. */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Connection settings; each one not given falls back as the connection type says (stack config, variables). */
  connection?: pulumi.Input<Connection>;
}

/**
 * Every argument of a resource but its connection, as the output of the same name: the provider echoes each input
 * it stores, so a program can read back what it declared (`snapshot.keptUntil`).
 */
export type EchoedInputs<Args> = {
  readonly [K in Exclude<keyof Args, "connection">]-?: pulumi.Output<
    pulumi.Unwrap<Exclude<Args[K], undefined>> | (undefined extends Args[K] ? undefined : never)
  >;
};

/**
 * The outputs the provider computes, as `Output`s. A resource file declares them once, as an interface of plain
 * values with the TSDoc of each (`BackupOutputValues`); the class has the `Output` of each, with that TSDoc.
 */
export type ComputedOutputs<Values> = { readonly [K in keyof Values]: pulumi.Output<Values[K]> };

/** A resource type, `<module>.<Kind>` (e.g. "cinder.Backup"): its provider's key and its Pulumi type token. */
export type ResourceType = `${string}.${string}`;

/** The class {@link resourceClass} makes: its constructor, and what a program reads from an instance. */
export interface ResourceClass<Args, Values> {
  /**
   * @param name The resource name; where the resource has a `name` argument, also that name's default.
   * @param args The resource's arguments: its `…Args` interface says what each does.
   * @param opts Resource options. `customTimeouts` does not reach dynamic providers: use `args.timeouts`.
   */
  new (
    name: string,
    args: Args,
    opts?: pulumi.CustomResourceOptions,
  ): pulumi.dynamic.Resource & EchoedInputs<Args> & ComputedOutputs<Values>;
}

/**
 * The base class of a resource type's class, which says only what differs: the arguments, the computed outputs
 * and the type. An instance hands its arguments to the type's forwarder ({@link forwardingProvider}) with the
 * computed outputs' names (`pulumi.dynamic.Resource` makes an `Output` of each property it is given) and its
 * identity; its `connection` is always a secret, as input and as output. The type token is
 * `pulumi-nodejs:dynamic/<module>:<Kind>`.
 *
 * @example
 * ```ts
 * export class Backup extends resourceClass<BackupArgs, BackupOutputValues>("cinder.Backup", BACKUP_OUTPUTS) {}
 * ```
 *
 * @param type The resource type, e.g. "cinder.Backup".
 * @param computedOutputs The name of each output the provider computes, every key of `Values` (a name missing
 *   here would never be made; tests/sdk/declarations.spec.ts fails the build then).
 */
export function resourceClass<Args extends ResourceArgs<unknown>, Values>(
  type: ResourceType,
  computedOutputs: readonly (keyof Values & string)[],
): ResourceClass<Args, Values> {
  const provider = forwardingProvider(type);
  const [moduleName, kind] = type.split(".");
  class DataProtectionResource extends pulumi.dynamic.Resource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      const props = dynamicProps(type, name, args, computedOutputs);
      super(provider, name, props, withSecretOutputs(opts, ["connection"]), moduleName, kind);
    }
  }
  // `pulumi.dynamic.Resource` sets an `Output` for each property of `props`, which TypeScript cannot see: the
  // cast declares them, as `declare readonly` members would.
  return DataProtectionResource as unknown as ResourceClass<Args, Values>;
}

/** The identity a resource passes to its provider: the provider is never told its resource's name or stack. */
function resourceIdentity(type: string, name: string): Record<string, string> {
  return { type, name, project: pulumi.getProject(), stack: pulumi.getStack() };
}

/**
 * The property bag a resource class hands to `pulumi.dynamic.Resource`: the outputs the provider computes
 * (declared with undefined, so the SDK makes `Output`s of them), the user's arguments, and the identity.
 * The `connection` argument is made a secret: the engine stores inputs as they are given, so a credential passed
 * as a plain value would otherwise be written to the state file in clear text (the output is made secret by
 * {@link withSecretOutputs}).
 */
function dynamicProps(
  type: string,
  name: string,
  args: { connection?: unknown },
  computedOutputs: readonly string[],
): Record<string, unknown> {
  const computed = Object.fromEntries(computedOutputs.map((key) => [key, undefined]));
  const connection = args.connection === undefined ? {} : { connection: pulumi.secret(args.connection) };
  return { ...computed, ...args, ...connection, __identity: resourceIdentity(type, name) };
}

/** Resource options with the given outputs always stored as secrets. */
function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  outputs: string[],
): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...outputs] };
}
