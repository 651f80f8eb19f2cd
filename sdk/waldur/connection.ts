import type * as pulumi from "@pulumi/pulumi";

/**
 * How to reach Waldur. Every field is optional: each setting falls back to stack config
 * (`dataprotection:waldurApiUrl`, `…waldurToken`, `…waldurUsername`, `…waldurPassword`, `…waldurCaCert`,
 * `…waldurInsecure`), then `WALDUR_API_URL`, `WALDUR_TOKEN`, `WALDUR_USERNAME`, `WALDUR_PASSWORD`,
 * `WALDUR_CACERT`, `WALDUR_INSECURE`. Pass secrets with `pulumi.secret(...)`; this input is always stored as a
 * secret. Changing it never replaces a resource.
 */
export interface WaldurConnectionArgs {
  /** The API URL, such as `https://waldur.example.com/api/`. */
  apiUrl?: pulumi.Input<string>;
  /** An API token (`Authorization: Token …`). */
  token?: pulumi.Input<string>;
  /** A username, to exchange with `password` for a token (renewed when it expires). */
  username?: pulumi.Input<string>;
  /** The password of `username`. */
  password?: pulumi.Input<string>;
  /** CA bundle to trust: PEM text or a file path. */
  caCert?: pulumi.Input<string>;
  /** Skip TLS verification; not recommended. */
  insecure?: pulumi.Input<boolean>;
}
