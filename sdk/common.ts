/**
 * Types and helpers every resource class shares: the `connection` and `timeouts` inputs, and the identity each
 * resource passes to its provider.
 */
import * as pulumi from "@pulumi/pulumi";

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
export function dynamicProps(
  type: string,
  name: string,
  args: { connection?: unknown },
  computedOutputs: readonly string[],
): Record<string, unknown> {
  const computed = Object.fromEntries(computedOutputs.map((key) => [key, undefined]));
  const connection = args.connection === undefined ? {} : { connection: pulumi.secret(args.connection) };
  return { ...computed, ...args, ...connection, __identity: resourceIdentity(type, name) };
}

/**
 * Every argument of a resource but its connection, as the output of the same name: the provider echoes each input
 * it stores, so a program can read back what it declared (`snapshot.keptUntil`). Each resource class merges it in.
 */
export type EchoedInputs<Args> = {
  readonly [K in Exclude<keyof Args, "connection">]-?: pulumi.Output<
    pulumi.Unwrap<Exclude<Args[K], undefined>> | (undefined extends Args[K] ? undefined : never)
  >;
};

/** Resource options with the given outputs always stored as secrets. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  outputs: string[],
): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...outputs] };
}
