import { asRecord, isRecord } from "../core/guards";
import { HttpError } from "../core/service";
import { type DomainRef, type IdentityDirectory, type Project, type User } from "./directory";
import { type TokenGrant, type TokenStore } from "./tokens";

/** Keystone's message for every failed authentication. */
export const UNAUTHORIZED_MESSAGE = "The request you have made requires authentication.";

const APP_CREDENTIAL_SCOPE_MESSAGE =
  "Error authenticating with application credential: Application credentials cannot request a scope.";

function unauthorized(message: string = UNAUTHORIZED_MESSAGE): HttpError {
  return new HttpError(401, message);
}

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

function requireRecord(value: unknown, field: string): Record<string, unknown> {
  const record = asRecord(value);
  if (record === undefined) throw badRequest(`Invalid input for field '${field}': expected an object.`);
  return record;
}

function domainRef(value: unknown, field: string): DomainRef {
  const ref = requireRecord(value, field);
  if (ref.id === undefined && ref.name === undefined) {
    throw badRequest(`Invalid input for field '${field}': 'id' or 'name' is required.`);
  }
  return ref;
}

/** Resolves `{id}` or `{name, domain}` to a user. */
function resolveUser(directory: IdentityDirectory, value: unknown, field: string): User {
  const ref = requireRecord(value, field);
  if (ref.id !== undefined) {
    const user = directory.userById(ref.id);
    if (user === undefined) throw unauthorized();
    return user;
  }
  if (ref.name === undefined)
    throw badRequest(`Invalid input for field '${field}': 'id' or 'name' is required.`);
  if (ref.domain === undefined)
    throw badRequest(`Expecting to find domain in user. The server could not comply.`);
  const domain = directory.findDomain(domainRef(ref.domain, `${field}/domain`));
  const user = domain && directory.userByName(ref.name, domain);
  if (user === undefined) throw unauthorized();
  return user;
}

/** Resolves the `scope` of an auth request; no scope means the user's default project. */
function resolveProject(directory: IdentityDirectory, scope: unknown, user: User): Project {
  if (scope === undefined) {
    const project = directory.projectById(user.defaultProjectId);
    if (project === undefined) throw unauthorized();
    return project;
  }
  const projectRef = asRecord(requireRecord(scope, "scope").project);
  if (projectRef === undefined) {
    throw unauthorized(
      `User ${user.id} has no access to the requested scope (only project scopes are simulated).`,
    );
  }
  let project: Project | undefined;
  if (projectRef.id !== undefined) project = directory.projectById(projectRef.id);
  else if (projectRef.name !== undefined && projectRef.domain !== undefined) {
    const domain = directory.findDomain(domainRef(projectRef.domain, "scope/project/domain"));
    project = domain && directory.projectByName(projectRef.name, domain);
  } else
    throw badRequest("Invalid input for field 'scope/project': 'id', or 'name' and 'domain', are required.");
  if (project === undefined)
    throw unauthorized(`Could not find project: ${String(projectRef.id ?? projectRef.name)}.`);
  return project;
}

function passwordGrant(
  directory: IdentityDirectory,
  identity: Record<string, unknown>,
  scope: unknown,
): TokenGrant {
  const password = requireRecord(identity.password, "identity/password");
  const user = resolveUser(directory, password.user, "identity/password/user");
  const secret = requireRecord(password.user, "identity/password/user").password;
  if (typeof secret !== "string")
    throw badRequest("Invalid input for field 'identity/password/user/password'.");
  if (secret !== user.password) throw unauthorized();
  return { userId: user.id, projectId: resolveProject(directory, scope, user).id, methods: ["password"] };
}

function applicationCredentialGrant(
  directory: IdentityDirectory,
  identity: Record<string, unknown>,
  scope: unknown,
): TokenGrant {
  const ref = requireRecord(identity.application_credential, "identity/application_credential");
  if (typeof ref.secret !== "string") {
    throw badRequest(
      "Invalid input for field 'identity/application_credential': 'secret' is a required property.",
    );
  }
  const credential =
    ref.id !== undefined
      ? directory.applicationCredentialById(ref.id)
      : directory.applicationCredentialByName(
          ref.name,
          resolveUser(directory, ref.user, "identity/application_credential/user").id,
        );
  if (credential === undefined || credential.secret !== ref.secret) throw unauthorized();
  if (scope !== undefined) throw unauthorized(APP_CREDENTIAL_SCOPE_MESSAGE);
  return {
    userId: credential.userId,
    projectId: credential.projectId,
    methods: ["application_credential"],
    applicationCredentialId: credential.id,
  };
}

function tokenGrant(
  directory: IdentityDirectory,
  tokens: TokenStore,
  identity: Record<string, unknown>,
  scope: unknown,
): TokenGrant {
  const ref = requireRecord(identity.token, "identity/token");
  const original = tokens.find(typeof ref.id === "string" ? ref.id : undefined);
  if (original === undefined) throw unauthorized();
  const user = directory.userById(original.userId);
  if (user === undefined) throw unauthorized();
  const projectId = scope === undefined ? original.projectId : resolveProject(directory, scope, user).id;
  return { userId: user.id, projectId, methods: ["token"], expiresAt: original.expiresAt };
}

/**
 * Checks a `POST /v3/auth/tokens` body and returns what to issue. Supports the `password` (user by
 * id, or name and domain), `application_credential` (by id, or name and user) and `token` methods,
 * with an optional project scope. Throws {@link HttpError} 400 for a malformed body, 401 for wrong
 * credentials, an unknown project, or a scope asked with an application credential (as Keystone).
 */
export function resolveAuthRequest(
  body: unknown,
  directory: IdentityDirectory,
  tokens: TokenStore,
): TokenGrant {
  if (!isRecord(body)) throw badRequest("Malformed request body: expected a JSON object.");
  const auth = requireRecord(body.auth, "auth");
  const identity = requireRecord(auth.identity, "auth/identity");
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string")) {
    throw badRequest("Invalid input for field 'identity': 'methods' is a required property.");
  }
  if (methods.includes("application_credential"))
    return applicationCredentialGrant(directory, identity, auth.scope);
  if (methods.includes("password")) return passwordGrant(directory, identity, auth.scope);
  if (methods.includes("token")) return tokenGrant(directory, tokens, identity, auth.scope);
  throw unauthorized("Attempted to authenticate with an unsupported method.");
}
