/**
 * Passphrase secrets manager for the state file: secret values are stored as
 * `{ [SIG_KEY]: SECRET_SIG, ciphertext }`, like the Pulumi CLI's passphrase secrets manager, with AES-256-GCM
 * and a key derived from the passphrase by scrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { isSecret, SECRET_SIG, SIG_KEY, type WireValue } from "./wire";

/** The passphrase used when neither the options nor `PULUMI_CONFIG_PASSPHRASE` give one. */
export const DEFAULT_TEST_PASSPHRASE = "pulumi-engine-test-passphrase";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

/** Encrypts and decrypts secret values with one passphrase and salt. */
export class SecretsManager {
  private readonly key: Buffer;

  /**
   * @param passphrase the stack passphrase.
   * @param salt base64 salt stored in the state file; a new one is drawn when absent.
   */
  constructor(
    passphrase: string,
    readonly salt: string = randomBytes(16).toString("base64"),
  ) {
    this.key = scryptSync(passphrase, Buffer.from(salt, "base64"), 32);
  }

  /** Encrypts the JSON form of `value`. */
  encrypt(value: WireValue): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64")}`;
  }

  /** Decrypts a ciphertext made by {@link SecretsManager.encrypt}; throws on a wrong passphrase. */
  decrypt(ciphertext: string): WireValue {
    const [version, payload] = ciphertext.split(":");
    if (version !== VERSION || payload === undefined) throw new Error(`unsupported ciphertext "${version}"`);
    const raw = Buffer.from(payload, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(text.toString("utf8")) as WireValue;
    } catch {
      throw new Error("failed to decrypt a secret in the state file: incorrect passphrase");
    }
  }

  /** Replaces every wire secret in `v` by its encrypted form. */
  encryptDeep(v: WireValue): WireValue {
    if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, ciphertext: this.encrypt(v.value) };
    if (Array.isArray(v)) return v.map((x) => this.encryptDeep(x));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.encryptDeep(x)]));
    }
    return v;
  }

  /** Replaces every encrypted secret in `v` by a wire secret holding the plain value. */
  decryptDeep(v: WireValue): WireValue {
    if (isSecret(v)) {
      const ciphertext = v["ciphertext"];
      return {
        [SIG_KEY]: SECRET_SIG,
        value: typeof ciphertext === "string" ? this.decrypt(ciphertext) : v.value,
      };
    }
    if (Array.isArray(v)) return v.map((x) => this.decryptDeep(x));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.decryptDeep(x)]));
    }
    return v;
  }
}
