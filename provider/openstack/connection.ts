/**
 * Where a resource's OpenStack connection comes from, resolved per setting in this order:
 * 1. the resource's `connection` input;
 * 2. stack config received by `configure()` (`dataprotection:*`, then `openstack:*`);
 * 3. the standard `OS_*` environment variables;
 * 4. the `clouds.yaml` entry named by `cloud` (from any of the above, or `OS_CLOUD`).
 *
 * The auth method follows from what is set: a token, else an application credential, else a password.
 * Every credential is registered for redaction as soon as it is read.
 */
import { connectionKind, type ConnectionKind } from "../core/common-fields";
import { z } from "zod";
import { findCloud, type CloudEntry } from "./clouds-yaml";
import { registerSecret } from "../core/redact";
import {
  envLayer,
  firstSet,
  isTrue,
  merge,
  readCaBundle,
  settingsResolver,
  stackConfigLayer,
  type Layer,
} from "../core/settings/settings";
import { stackConfigValue } from "../core/settings/stack-config";

/** Endpoint interfaces in the Keystone catalog. */
export const INTERFACES = ["public", "internal", "admin"] as const;

/** The `connection` input, as users write it (all optional; secrets via `pulumi.secret`). */
export const openStackConnectionSchema = z
  .object({
    cloud: z.string().min(1).optional(),
    authUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    region: z.string().min(1).optional(),
    interface: z.enum(INTERFACES).optional(),
    userName: z.string().min(1).optional(),
    userId: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    userDomainName: z.string().min(1).optional(),
    userDomainId: z.string().min(1).optional(),
    projectName: z.string().min(1).optional(),
    projectId: z.string().min(1).optional(),
    projectDomainName: z.string().min(1).optional(),
    projectDomainId: z.string().min(1).optional(),
    applicationCredentialId: z.string().min(1).optional(),
    applicationCredentialName: z.string().min(1).optional(),
    applicationCredentialSecret: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    endpointOverrides: z.record(z.string(), z.url({ protocol: /^https?$/ })).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

/** The `connection` input after validation. */
export type OpenStackConnectionInput = z.infer<typeof openStackConnectionSchema>;

/** A project to scope the token to. */
export type ProjectScope = { id: string } | { name: string; domain: DomainRef };

/** A domain by id or name. */
export type DomainRef = { id: string } | { name: string };

/** How to authenticate to Keystone. */
export type KeystoneAuth =
  | { method: "password"; user: { id: string } | { name: string; domain: DomainRef }; password: string }
  | { method: "application_credential"; id: string; secret: string }
  | {
      method: "application_credential";
      name: string;
      user: { id: string } | { name: string; domain: DomainRef };
      secret: string;
    }
  | { method: "token"; token: string };

/** Everything needed to talk to an OpenStack service. */
export interface OpenStackConnection {
  /** Keystone v3 base URL, ending in `/v3`. */
  authUrl: string;
  auth: KeystoneAuth;
  /** Undefined for application credentials, which carry their own scope, and for an already scoped token. */
  scope?: ProjectScope;
  region?: string;
  interface: (typeof INTERFACES)[number];
  /** Service endpoints to use instead of the catalog's, by service type. */
  endpointOverrides: Record<string, string>;
  tls: { caCert?: string; insecure: boolean };
}

/** The outcome of resolution: a connection, or what is missing (each problem says what to set). */
export type ResolvedConnection =
  { ok: true; connection: OpenStackConnection } | { ok: false; problems: string[] };

type StringKey = Exclude<keyof OpenStackConnectionInput, "insecure" | "endpointOverrides">;

/** What one source (input, stack config, environment, clouds.yaml) sets. */
interface Source {
  strings: Layer<StringKey>;
  insecure?: boolean;
  endpointOverrides?: Record<string, string>;
}

/** Resolved settings before they are checked and turned into a connection. */
type Settings = Layer<StringKey> & { insecure?: boolean; endpointOverrides: Record<string, string> };

/** Stack config keys: ours are the input names; the `openstack:` fallbacks are the Pulumi OpenStack provider's. */
const OPENSTACK_CONFIG_NAMES: Partial<Record<StringKey, string>> = {
  userName: "userName",
  userId: "userId",
  password: "password",
  userDomainName: "userDomainName",
  userDomainId: "userDomainId",
  projectName: "tenantName",
  projectId: "tenantId",
  projectDomainName: "projectDomainName",
  projectDomainId: "projectDomainId",
  applicationCredentialId: "applicationCredentialId",
  applicationCredentialName: "applicationCredentialName",
  applicationCredentialSecret: "applicationCredentialSecret",
  token: "token",
  authUrl: "authUrl",
  cloud: "cloud",
  region: "region",
  interface: "endpointType",
  caCert: "cacertFile",
};

/** Environment variables per setting, first match wins (`insecure`: {@link INSECURE_VARIABLE}). */
export const ENV_NAMES: Partial<Record<StringKey, readonly string[]>> = {
  cloud: ["OS_CLOUD"],
  authUrl: ["OS_AUTH_URL"],
  region: ["OS_REGION_NAME"],
  interface: ["OS_INTERFACE", "OS_ENDPOINT_TYPE"],
  userName: ["OS_USERNAME"],
  userId: ["OS_USER_ID"],
  password: ["OS_PASSWORD"],
  userDomainName: ["OS_USER_DOMAIN_NAME"],
  userDomainId: ["OS_USER_DOMAIN_ID"],
  projectName: ["OS_PROJECT_NAME", "OS_TENANT_NAME"],
  projectId: ["OS_PROJECT_ID", "OS_TENANT_ID"],
  projectDomainName: ["OS_PROJECT_DOMAIN_NAME"],
  projectDomainId: ["OS_PROJECT_DOMAIN_ID"],
  applicationCredentialId: ["OS_APPLICATION_CREDENTIAL_ID"],
  applicationCredentialName: ["OS_APPLICATION_CREDENTIAL_NAME"],
  applicationCredentialSecret: ["OS_APPLICATION_CREDENTIAL_SECRET"],
  token: ["OS_TOKEN"],
  caCert: ["OS_CACERT"],
};

/** clouds.yaml `auth` keys per setting. */
const CLOUD_AUTH_NAMES: Partial<Record<StringKey, string>> = {
  authUrl: "auth_url",
  userName: "username",
  userId: "user_id",
  password: "password",
  userDomainName: "user_domain_name",
  userDomainId: "user_domain_id",
  projectName: "project_name",
  projectId: "project_id",
  projectDomainName: "project_domain_name",
  projectDomainId: "project_domain_id",
  applicationCredentialId: "application_credential_id",
  applicationCredentialName: "application_credential_name",
  applicationCredentialSecret: "application_credential_secret",
  token: "token",
};

const STRING_KEYS = Object.keys(openStackConnectionSchema.shape).filter(
  (key) => key !== "insecure" && key !== "endpointOverrides",
) as StringKey[];

const HOW_TO_SET =
  "set it in the resource's `connection` input, in stack config (`pulumi config set dataprotection:<name> …`), " +
  "or with the OS_* environment variables (`source openrc`), or name a clouds.yaml entry with OS_CLOUD";

/**
 * Resolves the connection for one resource. `input` is the validated `connection` input (or undefined); `env`
 * defaults to the process's environment (see {@link settingsResolver}).
 */
export const resolveOpenStackConnection = settingsResolver(resolveFrom);

function resolveFrom(
  input: OpenStackConnectionInput | undefined,
  env: Readonly<NodeJS.ProcessEnv>,
): ResolvedConnection {
  const { insecure, endpointOverrides, ...strings } = input ?? {};
  const sources: Source[] = [{ strings, insecure, endpointOverrides }, fromStackConfig(), fromEnv(env)];
  const cloudName = firstSet(
    sources.map((source) => source.strings),
    "cloud",
  );
  if (cloudName) {
    try {
      const found = findCloud(cloudName, env);
      if (!found) {
        return { ok: false, problems: [`cloud "${cloudName}" is set but no clouds.yaml was found`] };
      }
      sources.push(fromCloudEntry(found.entry));
    } catch (error) {
      return { ok: false, problems: [(error as Error).message] };
    }
  }
  return build({
    ...merge(
      STRING_KEYS,
      sources.map((source) => source.strings),
    ),
    insecure: sources.map((source) => source.insecure).find((value) => value !== undefined),
    // Overrides merge per service type, the first source that names a service winning.
    endpointOverrides: Object.assign(
      {},
      ...sources.map((source) => source.endpointOverrides ?? {}).reverse(),
    ),
  });
}

function build(s: Settings): ResolvedConnection {
  for (const secret of [s.password, s.applicationCredentialSecret, s.token]) registerSecret(secret);
  const problems: string[] = [];
  if (!s.authUrl) problems.push(`authUrl (OS_AUTH_URL) is not set: ${HOW_TO_SET}`);
  const auth = chooseAuth(s, problems);
  // An application credential carries its own project; a given token may already be scoped.
  const scope =
    auth?.method === "application_credential"
      ? undefined
      : auth?.method === "token" && !s.projectId && !s.projectName
        ? undefined
        : chooseScope(s, problems);
  let authUrl = "";
  if (s.authUrl) {
    const normalised = normaliseAuthUrl(s.authUrl);
    if (normalised.ok) authUrl = normalised.url;
    else problems.push(normalised.problem);
  }
  const ca = s.caCert ? readCaBundle(s.caCert) : undefined;
  if (ca && "problem" in ca) problems.push(ca.problem);
  const caCert = ca && "pem" in ca ? ca.pem : undefined;
  const iface = s.interface ?? "public";
  if (!(INTERFACES as readonly string[]).includes(iface)) {
    problems.push(`interface "${iface}" is not one of ${INTERFACES.join(", ")}`);
  }
  if (problems.length > 0 || !auth) return { ok: false, problems };
  return {
    ok: true,
    connection: {
      authUrl,
      auth,
      scope,
      region: s.region,
      interface: iface as OpenStackConnection["interface"],
      endpointOverrides: s.endpointOverrides,
      tls: { caCert, insecure: s.insecure ?? false },
    },
  };
}

function chooseAuth(s: Settings, problems: string[]): KeystoneAuth | undefined {
  if (s.token) return { method: "token", token: s.token };
  const user = s.userId
    ? { id: s.userId }
    : s.userName
      ? { name: s.userName, domain: userDomain(s) }
      : undefined;
  if (s.applicationCredentialId || s.applicationCredentialName) {
    if (!s.applicationCredentialSecret) {
      problems.push(
        `applicationCredentialSecret (OS_APPLICATION_CREDENTIAL_SECRET) is not set: ${HOW_TO_SET}`,
      );
      return undefined;
    }
    if (s.applicationCredentialId) {
      return {
        method: "application_credential",
        id: s.applicationCredentialId,
        secret: s.applicationCredentialSecret,
      };
    }
    if (!user) {
      problems.push("an application credential given by name needs userName or userId too");
      return undefined;
    }
    return {
      method: "application_credential",
      name: s.applicationCredentialName as string,
      user,
      secret: s.applicationCredentialSecret,
    };
  }
  if (!user) {
    problems.push(
      `no credentials: set userName (OS_USERNAME) and password (OS_PASSWORD), or applicationCredentialId and ` +
        `applicationCredentialSecret, or token: ${HOW_TO_SET}`,
    );
    return undefined;
  }
  if (!s.password) {
    problems.push(
      `password (OS_PASSWORD) is not set for user ${"id" in user ? user.id : user.name}: ${HOW_TO_SET}`,
    );
    return undefined;
  }
  return { method: "password", user, password: s.password };
}

function chooseScope(s: Settings, problems: string[]): ProjectScope | undefined {
  if (s.projectId) return { id: s.projectId };
  if (s.projectName) {
    const domain: DomainRef = s.projectDomainId
      ? { id: s.projectDomainId }
      : s.projectDomainName
        ? { name: s.projectDomainName }
        : { id: "default" };
    return { name: s.projectName, domain };
  }
  problems.push(`no project: set projectName (OS_PROJECT_NAME) or projectId (OS_PROJECT_ID): ${HOW_TO_SET}`);
  return undefined;
}

function userDomain(s: Settings): DomainRef {
  if (s.userDomainId) return { id: s.userDomainId };
  if (s.userDomainName) return { name: s.userDomainName };
  return { id: "default" };
}

/** The Keystone v3 base URL from what users write (`…:5000`, `…:5000/v3`, `…/identity/v3/`). */
export function normaliseAuthUrl(url: string): { ok: true; url: string } | { ok: false; problem: string } {
  const trimmed = url.replace(/\/+$/, "");
  if (/\/v2(\.0)?$/.test(trimmed)) {
    return { ok: false, problem: `authUrl ${url} is a Keystone v2 URL: only Keystone v3 is supported` };
  }
  return { ok: true, url: /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3` };
}

function fromStackConfig(): Source {
  const insecure = stackConfigValue("insecure");
  const overrides = stackConfigValue("endpointOverrides");
  return {
    strings: stackConfigLayer(STRING_KEYS, {}, OPENSTACK_CONFIG_NAMES),
    insecure: insecure === undefined ? undefined : isTrue(insecure),
    endpointOverrides: overrides ? parseOverrides(overrides) : undefined,
  };
}

/** The environment variable of the `insecure` setting. */
export const INSECURE_VARIABLE = "OS_INSECURE";

function fromEnv(env: NodeJS.ProcessEnv): Source {
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    const match = /^OS_([A-Z0-9_]+)_ENDPOINT_OVERRIDE$/.exec(name);
    const value = match && env[name];
    if (match && value) overrides[match[1].toLowerCase().replace(/_/g, "-")] = value;
  }
  return {
    strings: envLayer(env, ENV_NAMES),
    insecure: env[INSECURE_VARIABLE] ? isTrue(env[INSECURE_VARIABLE]) : undefined,
    endpointOverrides: overrides,
  };
}

function fromCloudEntry(entry: CloudEntry): Source {
  const auth = entry.auth ?? {};
  const strings: Layer<StringKey> = {};
  for (const [key, name] of Object.entries(CLOUD_AUTH_NAMES) as [StringKey, string][]) {
    const value = auth[name];
    if (typeof value === "string" && value) strings[key] = value;
  }
  if (entry.region_name) strings.region = entry.region_name;
  if (entry.interface) strings.interface = entry.interface;
  if (entry.cacert) strings.caCert = entry.cacert;
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) {
    const match = /^(.+)_endpoint_override$/.exec(key);
    if (match && typeof value === "string") overrides[match[1].replace(/_/g, "-")] = value;
  }
  return { strings, insecure: entry.verify === false ? true : undefined, endpointOverrides: overrides };
}

function parseOverrides(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object") return parsed as Record<string, string>;
  } catch {
    // Not JSON: ignored, as the Pulumi OpenStack provider ignores an unusable value.
  }
  return {};
}

/** How the OpenStack resources reach their cloud (see ../core/model). */
export const openStackConnection: ConnectionKind<OpenStackConnectionInput, OpenStackConnection> =
  connectionKind({
    name: "OpenStack",
    schema: openStackConnectionSchema,
    doc: "see [OpenStack connection](#openstack-connection-triliovault-powervc-cinder)",
    resolve: (input: OpenStackConnectionInput | undefined) => resolveOpenStackConnection(input),
  });

/** The resolved connection, or a ProviderError listing what to set (for operations; `check` reports problems). */
export const requireOpenStackConnection = openStackConnection.require;
