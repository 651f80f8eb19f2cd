import { zuluTimestamp } from "../core/timestamps";
import { type CatalogEntry } from "./catalog";
import { type IdentityDirectory } from "./directory";
import { type IssuedToken } from "./tokens";

function named(directory: IdentityDirectory, entity: { id: string; name: string; domainId: string }) {
  const domain = directory.domainById(entity.domainId);
  return { id: entity.id, name: entity.name, domain: { id: domain.id, name: domain.name } };
}

/** The body of `POST /v3/auth/tokens` (201) for an issued token. */
export function tokenBody(
  token: IssuedToken,
  directory: IdentityDirectory,
  catalog: readonly CatalogEntry[],
) {
  const user = directory.userById(token.userId);
  const project = directory.projectById(token.projectId);
  if (user === undefined || project === undefined)
    throw new Error("token refers to an unknown user or project");
  const credential = token.applicationCredentialId
    ? directory.applicationCredentialById(token.applicationCredentialId)
    : undefined;
  return {
    token: {
      methods: token.methods,
      user: { ...named(directory, user), password_expires_at: null },
      audit_ids: [token.auditId],
      expires_at: zuluTimestamp(token.expiresAt),
      issued_at: zuluTimestamp(token.issuedAt),
      project: named(directory, project),
      is_domain: false,
      roles: directory.roles.map((role) => ({ id: role.id, name: role.name })),
      catalog,
      ...(credential
        ? { application_credential: { id: credential.id, name: credential.name, restricted: true } }
        : {}),
    },
  };
}

/** The version document of `GET /v3`, as `{"version": {...}}` (or one entry of the versions list). */
export function versionEntry(authUrl: string) {
  return {
    id: "v3.14",
    status: "stable",
    updated: "2020-04-07T00:00:00Z",
    links: [{ rel: "self", href: `${authUrl}/` }],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
  };
}
