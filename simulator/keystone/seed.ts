/**
 * The identity the simulator's Keystone knows: one domain, one user who is a member (both roles) of
 * two projects, `demo` (the default: Trilio) and `powervc` (the PowerVC cloud, with its own catalog),
 * and one application credential for `demo`. Ids are fixed so docs and examples can name them; user
 * and project ids are 32 hex digits without dashes, as real Keystone makes them.
 */
export const KEYSTONE_SEED = {
  domain: { id: "default", name: "Default" },
  user: { id: "ccddc7e7a015487fa02920f4d4979779", name: "demo", password: "demo-password" },
  project: { id: "c76b3355a164498aa95ddbc960adc238", name: "demo" },
  powervcProject: { id: "a76d8e9804ba4dac126ab60fef22bdea", name: "powervc" },
  region: "RegionOne",
  roles: [
    { id: "9fe2ff9ee4384b1894a90878d3e92bab", name: "member" },
    { id: "2c2b6e0e1b3a4d6fb46c1d0c9b3c8a7e", name: "reader" },
  ],
  applicationCredential: {
    id: "418054cc0f84326a5ed959155f4e6f9a",
    name: "pulumi-dataprotection",
    secret: "c7d3ce897eb28f2a04ca287e88c54293",
  },
} as const;

/** The credentials a client of the simulator uses (see `Simulator.credentials`). */
export interface SimCredentials {
  /** User name (`OS_USERNAME`). */
  readonly username: string;
  /** User id (32 hex). */
  readonly userId: string;
  /** Password (`OS_PASSWORD`). */
  readonly password: string;
  /** The user's domain name (`OS_USER_DOMAIN_NAME`). */
  readonly userDomainName: string;
  /** Project name (`OS_PROJECT_NAME`). */
  readonly projectName: string;
  /** Project id (32 hex); also the project in every service URL. */
  readonly projectId: string;
  /** The project's domain name (`OS_PROJECT_DOMAIN_NAME`). */
  readonly projectDomainName: string;
  /** Region of every catalog endpoint (`RegionOne`). */
  readonly region: string;
  /** Application credential id (`OS_APPLICATION_CREDENTIAL_ID`). */
  readonly applicationCredentialId: string;
  /** Application credential name (usable with the user's id or name instead of the credential id). */
  readonly applicationCredentialName: string;
  /** Application credential secret (`OS_APPLICATION_CREDENTIAL_SECRET`). */
  readonly applicationCredentialSecret: string;
}

/** The seeded credentials in the shape clients use. */
export const SEEDED_CREDENTIALS: SimCredentials = {
  username: KEYSTONE_SEED.user.name,
  userId: KEYSTONE_SEED.user.id,
  password: KEYSTONE_SEED.user.password,
  userDomainName: KEYSTONE_SEED.domain.name,
  projectName: KEYSTONE_SEED.project.name,
  projectId: KEYSTONE_SEED.project.id,
  projectDomainName: KEYSTONE_SEED.domain.name,
  region: KEYSTONE_SEED.region,
  applicationCredentialId: KEYSTONE_SEED.applicationCredential.id,
  applicationCredentialName: KEYSTONE_SEED.applicationCredential.name,
  applicationCredentialSecret: KEYSTONE_SEED.applicationCredential.secret,
};
