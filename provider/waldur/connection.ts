/**
 * Where a Waldur resource's connection comes from. Waldur is not behind Keystone: an API URL and a token
 * (`Authorization: Token <key>`), or a username and password exchanged for a token. Resolved setting by setting
 * from the `connection` input, then stack config (`dataprotection:waldurApiUrl`, `…waldurToken`,
 * `…waldurUsername`, `…waldurPassword`), then `WALDUR_API_URL`, `WALDUR_TOKEN`, `WALDUR_USERNAME`,
 * `WALDUR_PASSWORD` (and `WALDUR_CACERT`, `WALDUR_INSECURE`).
 */
import { connectionKind, type ConnectionKind } from "../core/common-fields";
import { z } from "zod";
import type { TlsSettings } from "../core/http/http";
import { registerSecret } from "../core/redact";
import {
  envLayer,
  isTrue,
  merge,
  readCaBundle,
  settingsResolver,
  stackConfigLayer,
  type Layer,
} from "../core/settings/settings";

/** The `connection` input of Waldur resources. */
export const waldurConnectionSchema = z
  .object({
    apiUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

/** The `connection` input after validation. */
export type WaldurConnectionInput = z.infer<typeof waldurConnectionSchema>;

/** How to authenticate: a token, or a login exchanged for one. */
export type WaldurAuth = { token: string; source: string } | { username: string; password: string };

/** Everything needed to talk to Waldur. */
export interface WaldurConnection {
  /** The API root, ending in `/api` (no trailing slash). */
  apiUrl: string;
  /** Where a login is exchanged for a token: `<root>/api-auth/password/`. */
  passwordUrl: string;
  auth: WaldurAuth;
  /** TLS settings; messages about them name Waldur's variables (`WALDUR_CACERT`, `WALDUR_INSECURE`). */
  tls: TlsSettings & { insecure: boolean };
}

type Key = "apiUrl" | "token" | "username" | "password" | "caCert" | "insecure";
const KEYS: readonly Key[] = ["apiUrl", "token", "username", "password", "caCert", "insecure"];

/** The stack config key of each setting (`dataprotection:<name>`). */
export const CONFIG_NAMES: Record<Key, string> = {
  apiUrl: "waldurApiUrl",
  token: "waldurToken",
  username: "waldurUsername",
  password: "waldurPassword",
  caCert: "waldurCaCert",
  insecure: "waldurInsecure",
};

/** The environment variables of each setting, first match wins. */
export const ENV_NAMES: Record<Key, readonly string[]> = {
  apiUrl: ["WALDUR_API_URL"],
  token: ["WALDUR_TOKEN"],
  username: ["WALDUR_USERNAME"],
  password: ["WALDUR_PASSWORD"],
  caCert: ["WALDUR_CACERT"],
  insecure: ["WALDUR_INSECURE"],
};

/** Where a token came from, by layer, for the message when Waldur refuses it. */
const TOKEN_SOURCES = [
  "the resource's `connection.token`",
  `stack config \`dataprotection:${CONFIG_NAMES.token}\``,
  ENV_NAMES.token[0],
];

/** The variables named in TLS messages (see {@link TlsSettings.variables}). */
const TLS_VARIABLES = { caCert: ENV_NAMES.caCert[0], insecure: ENV_NAMES.insecure[0] };

const HOW_TO_SET =
  "set it in the resource's `connection` input, in stack config (`pulumi config set dataprotection:waldur…`), " +
  "or with WALDUR_API_URL and WALDUR_TOKEN (or WALDUR_USERNAME and WALDUR_PASSWORD)";

/** The resolved connection, or what is missing (each problem says what to set). */
export type ResolvedWaldurConnection =
  { ok: true; connection: WaldurConnection } | { ok: false; problems: string[] };

/**
 * Resolves a Waldur connection from the input, stack config and environment (`env`, by default the process's:
 * see {@link settingsResolver}).
 */
export const resolveWaldurConnection = settingsResolver(resolveFrom);

function resolveFrom(
  input: WaldurConnectionInput | undefined,
  env: Readonly<NodeJS.ProcessEnv>,
): ResolvedWaldurConnection {
  const { insecure, ...strings } = input ?? {};
  const inputLayer: Layer<Key> = {
    ...strings,
    ...(insecure === undefined ? {} : { insecure: String(insecure) }),
  };
  const layers = [inputLayer, stackConfigLayer(KEYS, CONFIG_NAMES), envLayer(env, ENV_NAMES)];
  const s = merge(KEYS, layers);
  for (const secret of [s.token, s.password]) registerSecret(secret);
  const problems: string[] = [];
  if (!s.apiUrl) problems.push(`apiUrl (WALDUR_API_URL) is not set: ${HOW_TO_SET}`);
  let auth: WaldurAuth | undefined;
  if (s.token) auth = { token: s.token, source: TOKEN_SOURCES[layers.findIndex((layer) => layer.token)] };
  else if (s.username && s.password) auth = { username: s.username, password: s.password };
  else if (s.username)
    problems.push(`password (WALDUR_PASSWORD) is not set for user ${s.username}: ${HOW_TO_SET}`);
  else problems.push(`no credentials: set token (WALDUR_TOKEN), or username and password: ${HOW_TO_SET}`);
  const ca = s.caCert ? readCaBundle(s.caCert) : undefined;
  if (ca && "problem" in ca) problems.push(ca.problem);
  const caCert = ca && "pem" in ca ? ca.pem : undefined;
  if (problems.length > 0 || !auth || !s.apiUrl) return { ok: false, problems };
  const root = s.apiUrl.replace(/\/+$/, "").replace(/\/api$/, "");
  return {
    ok: true,
    connection: {
      apiUrl: `${root}/api`,
      passwordUrl: `${root}/api-auth/password/`,
      auth,
      tls: { caCert, insecure: s.insecure ? isTrue(s.insecure) : false, variables: TLS_VARIABLES },
    },
  };
}

/** How the Waldur resources reach Waldur (see ../core/model). */
export const waldurConnection: ConnectionKind<WaldurConnectionInput, WaldurConnection> = connectionKind({
  name: "Waldur",
  schema: waldurConnectionSchema,
  doc: "see [Waldur connection](#waldur-connection)",
  resolve: (input: WaldurConnectionInput | undefined) => resolveWaldurConnection(input),
});

/** The resolved connection, or a ProviderError listing what to set. */
export const requireWaldurConnection = waldurConnection.require;
