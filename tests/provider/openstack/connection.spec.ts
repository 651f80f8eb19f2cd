import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  normaliseAuthUrl,
  resolveOpenStackConnection,
  type OpenStackConnection,
} from "../../../provider/openstack/connection";
import { redact } from "../../../provider/core/redact";
import { setStackConfig } from "../../../provider/core/settings/stack-config";
import { withEnvironment } from "../../helpers/environment";

const openrc = {
  OS_AUTH_URL: "http://keystone.example:5000",
  OS_USERNAME: "alice",
  OS_PASSWORD: "env-password-1",
  OS_PROJECT_NAME: "ops",
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default",
  OS_REGION_NAME: "RegionOne",
};

function resolved(...args: Parameters<typeof resolveOpenStackConnection>): OpenStackConnection {
  const result = resolveOpenStackConnection(...args);
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.connection;
}

describe("resolveOpenStackConnection", () => {
  afterEach(() => setStackConfig({ get: () => undefined }));

  it("reads a password login from the OS_* variables, as `source openrc` sets them", () => {
    const connection = resolved(undefined, openrc);
    expect(connection.authUrl).to.equal("http://keystone.example:5000/v3");
    expect(connection.auth).to.deep.equal({
      method: "password",
      user: { name: "alice", domain: { name: "Default" } },
      password: "env-password-1",
    });
    expect(connection.scope).to.deep.equal({ name: "ops", domain: { name: "Default" } });
    expect(connection.region).to.equal("RegionOne");
    expect(connection.interface).to.equal("public");
  });

  it("lets the connection input win over stack config, and stack config over the environment", () => {
    setStackConfig({
      get: (key) => ({ "dataprotection:region": "from-config", "openstack:tenantName": "cfg" })[key],
    });
    const fromConfig = resolved(undefined, openrc);
    expect(fromConfig.region).to.equal("from-config");
    expect(fromConfig.scope).to.deep.equal({ name: "cfg", domain: { name: "Default" } });
    const fromInput = resolved({ region: "from-input" }, openrc);
    expect(fromInput.region).to.equal("from-input");
  });

  it("resolved from the process's settings, follows a new stack config and a re-read environment", async () => {
    const input = { userName: "bob", password: "input-password-1", projectName: "ops" };
    await withEnvironment({ ...openrc, OS_REGION_NAME: "env-region" }, async () => {
      expect(resolved(input).authUrl).to.equal("http://keystone.example:5000/v3");
      expect(resolved(input).region).to.equal("env-region");
      setStackConfig({ get: (key) => ({ "dataprotection:region": "config-region" })[key] });
      expect(resolved(input).region).to.equal("config-region");
      setStackConfig({ get: () => undefined });
      expect(resolved(input).region).to.equal("env-region");
      await withEnvironment({ OS_REGION_NAME: "other-region" }, async () => {
        expect(resolved(input).region).to.equal("other-region");
      });
    });
  });

  it("prefers an application credential over a password, and sends no project scope with it", () => {
    const connection = resolved(
      { applicationCredentialId: "ac-1", applicationCredentialSecret: "ac-secret-1" },
      openrc,
    );
    expect(connection.auth).to.deep.equal({
      method: "application_credential",
      id: "ac-1",
      secret: "ac-secret-1",
    });
    expect(connection.scope).to.equal(undefined);
  });

  it("uses a given token, scoped only if a project is set", () => {
    const connection = resolved(undefined, { OS_AUTH_URL: "http://k/v3", OS_TOKEN: "gAAAAtoken" });
    expect(connection.auth).to.deep.equal({ method: "token", token: "gAAAAtoken" });
    expect(connection.scope).to.equal(undefined);
  });

  it("lists what to set when nothing is configured", () => {
    const result = resolveOpenStackConnection(undefined, {});
    expect(result.ok).to.equal(false);
    const problems = (result as { problems: string[] }).problems.join("\n");
    expect(problems).to.match(/authUrl \(OS_AUTH_URL\) is not set/);
    expect(problems).to.match(/no credentials/);
    expect(problems).to.match(/OS_CLOUD/);
  });

  it("says which setting is missing when only the password is", () => {
    const { OS_PASSWORD: _omitted, ...withoutPassword } = openrc;
    const result = resolveOpenStackConnection(undefined, withoutPassword);
    expect(result.ok).to.equal(false);
    expect((result as { problems: string[] }).problems.join("\n")).to.match(
      /password \(OS_PASSWORD\) is not set/,
    );
  });

  it("reads a cloud from clouds.yaml (and secure.yaml beside it) named by OS_CLOUD", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clouds-"));
    fs.writeFileSync(
      path.join(dir, "clouds.yaml"),
      [
        "clouds:",
        "  prod:",
        "    auth:",
        "      auth_url: https://identity.prod.example/v3",
        "      username: bob",
        "      project_id: 0123456789abcdef0123456789abcdef",
        "      user_domain_name: Users",
        "    region_name: North",
        "    interface: internal",
        "    workloads_endpoint_override: https://tvm.prod.example:8780/v1/0123456789abcdef0123456789abcdef",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(dir, "secure.yaml"),
      "clouds:\n  prod:\n    auth:\n      password: yaml-secret-1\n",
    );
    const connection = resolved(undefined, {
      OS_CLOUD: "prod",
      OS_CLIENT_CONFIG_FILE: path.join(dir, "clouds.yaml"),
    });
    expect(connection.authUrl).to.equal("https://identity.prod.example/v3");
    expect(connection.auth).to.deep.include({ method: "password", password: "yaml-secret-1" });
    expect(connection.scope).to.deep.equal({ id: "0123456789abcdef0123456789abcdef" });
    expect(connection.interface).to.equal("internal");
    expect(connection.region).to.equal("North");
    expect(connection.endpointOverrides.workloads).to.match(/^https:\/\/tvm\.prod/);
  });

  it("names the file and its clouds when OS_CLOUD is not in it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clouds-"));
    fs.writeFileSync(path.join(dir, "clouds.yaml"), "clouds:\n  dev: {}\n");
    const result = resolveOpenStackConnection(undefined, {
      OS_CLOUD: "prod",
      OS_CLIENT_CONFIG_FILE: path.join(dir, "clouds.yaml"),
    });
    expect((result as { problems: string[] }).problems[0]).to.match(
      /cloud "prod" is not in .*clouds\.yaml \(it has: dev\)/,
    );
  });

  it("reads OS_CACERT from a file and OS_INSECURE as a boolean", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ca-"));
    const file = path.join(dir, "ca.pem");
    fs.writeFileSync(file, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    expect(resolved(undefined, { ...openrc, OS_CACERT: file }).tls.caCert).to.match(/BEGIN CERTIFICATE/);
    expect(resolved(undefined, { ...openrc, OS_INSECURE: "true" }).tls.insecure).to.equal(true);
    const missing = resolveOpenStackConnection(undefined, {
      ...openrc,
      OS_CACERT: path.join(dir, "nope.pem"),
    });
    expect((missing as { problems: string[] }).problems[0]).to.match(
      /caCert file .*nope\.pem cannot be read/,
    );
  });

  it("registers every credential it reads for redaction", () => {
    resolved({ password: "input-password-7" }, openrc);
    expect(redact("login with input-password-7 failed")).to.equal("login with [REDACTED] failed");
  });
});

describe("normaliseAuthUrl", () => {
  it("accepts the forms users write and refuses Keystone v2", () => {
    expect(normaliseAuthUrl("http://k:5000")).to.deep.equal({ ok: true, url: "http://k:5000/v3" });
    expect(normaliseAuthUrl("http://k/identity/v3/")).to.deep.equal({
      ok: true,
      url: "http://k/identity/v3",
    });
    expect(normaliseAuthUrl("http://k:5000/v2.0").ok).to.equal(false);
  });
});
