/**
 * Test certificates made at test time with the `openssl` CLI, in a temporary folder: a CA, and a server
 * certificate for 127.0.0.1 (an IP subjectAltName, which is what TLS clients check) signed by it. Keys are
 * P-256, valid for one day.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A CA and a server certificate it signed, as PEM text and as files. */
export interface TestCertificates {
  /** The folder holding every file; removed by {@link TestCertificates.dispose}. */
  readonly dir: string;
  /** The CA certificate (PEM): what a client must trust. */
  readonly caCert: string;
  /** The CA certificate's file (what `OS_CACERT` names). */
  readonly caCertFile: string;
  /** The server certificate for 127.0.0.1 (PEM), signed by the CA. */
  readonly cert: string;
  /** The server certificate's private key (PEM). */
  readonly key: string;
  /** The `openssl version` that made them. */
  readonly opensslVersion: string;
  /** Removes the folder. */
  dispose(): void;
}

/** The `openssl version` line; throws an error that says what to install when the CLI is missing. */
export function opensslVersion(): string {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8" }).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `the openssl command-line tool is needed to make test certificates and ${
        code === "ENOENT" ? "is not on the PATH" : `failed (${code ?? String(error)})`
      }: install it (Debian and Ubuntu: apt-get install openssl)`,
      { cause: error },
    );
  }
}

/** Makes a CA named `name` and a server certificate for 127.0.0.1 signed by it. */
export function makeTestCertificates(name = "dataprotection test CA"): TestCertificates {
  const version = opensslVersion();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataprotection-tls-"));
  const file = (base: string) => path.join(dir, base);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  try {
    openssl(
      "req",
      "-x509",
      ...ecKey,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
    openssl("req", ...ecKey, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    fs.writeFileSync(
      file("server.ext"),
      [
        "subjectAltName=IP:127.0.0.1",
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature",
        "extendedKeyUsage=serverAuth",
      ].join("\n") + "\n",
    );
    openssl(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      "server.ext",
      "-out",
      "server.pem",
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl could not make the test certificates: ${stderr || String(error)}`, {
      cause: error,
    });
  }
  const read = (base: string) => fs.readFileSync(file(base), "utf8");
  return {
    dir,
    caCert: read("ca.pem"),
    caCertFile: file("ca.pem"),
    cert: read("server.pem"),
    key: read("server.key"),
    opensslVersion: version,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
