import { KEYSTONE_SEED } from "./seed";

/** A Keystone domain. */
export interface Domain {
  readonly id: string;
  readonly name: string;
}

/** A Keystone user with its password and default project. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly domainId: string;
  readonly password: string;
  readonly defaultProjectId: string;
}

/** A Keystone project. */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly domainId: string;
}

/** An application credential: scoped to one project of its user. */
export interface ApplicationCredential {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly userId: string;
  readonly projectId: string;
}

/** A domain reference in an auth request: `{id}` or `{name}`. */
export interface DomainRef {
  readonly id?: unknown;
  readonly name?: unknown;
}

/** The users, projects, domains and application credentials Keystone knows (the seed). */
export class IdentityDirectory {
  /** Known domains. */
  readonly domains: readonly Domain[] = [KEYSTONE_SEED.domain];
  /** Known users. */
  readonly users: readonly User[] = [
    {
      ...KEYSTONE_SEED.user,
      domainId: KEYSTONE_SEED.domain.id,
      defaultProjectId: KEYSTONE_SEED.project.id,
    },
  ];
  /** Known projects: the user's default one and PowerVC's. */
  readonly projects: readonly Project[] = [KEYSTONE_SEED.project, KEYSTONE_SEED.powervcProject].map(
    (project) => ({ ...project, domainId: KEYSTONE_SEED.domain.id }),
  );
  /** Known application credentials. */
  readonly applicationCredentials: readonly ApplicationCredential[] = [
    {
      ...KEYSTONE_SEED.applicationCredential,
      userId: KEYSTONE_SEED.user.id,
      projectId: KEYSTONE_SEED.project.id,
    },
  ];
  /** Role assignments: every user has these roles on every project it can scope to. */
  readonly roles: readonly { readonly id: string; readonly name: string }[] = KEYSTONE_SEED.roles;

  /** The domain a reference names, by id or by name. */
  findDomain(ref: DomainRef | undefined): Domain | undefined {
    if (ref === undefined) return undefined;
    return this.domains.find((domain) => domain.id === ref.id || domain.name === ref.name);
  }

  /** A domain by id (for rendering). */
  domainById(id: string): Domain {
    const domain = this.domains.find((candidate) => candidate.id === id);
    if (domain === undefined) throw new Error(`unknown domain ${id}`);
    return domain;
  }

  /** A user by id. */
  userById(id: unknown): User | undefined {
    return this.users.find((user) => user.id === id);
  }

  /** A user by name within a domain. */
  userByName(name: unknown, domain: Domain): User | undefined {
    return this.users.find((user) => user.name === name && user.domainId === domain.id);
  }

  /** A project by id. */
  projectById(id: unknown): Project | undefined {
    return this.projects.find((project) => project.id === id);
  }

  /** A project by name within a domain. */
  projectByName(name: unknown, domain: Domain): Project | undefined {
    return this.projects.find((project) => project.name === name && project.domainId === domain.id);
  }

  /** An application credential by id. */
  applicationCredentialById(id: unknown): ApplicationCredential | undefined {
    return this.applicationCredentials.find((credential) => credential.id === id);
  }

  /** An application credential by name among a user's. */
  applicationCredentialByName(name: unknown, userId: string): ApplicationCredential | undefined {
    return this.applicationCredentials.find(
      (credential) => credential.name === name && credential.userId === userId,
    );
  }
}
