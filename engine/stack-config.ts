/** A stack's configuration file, `Pulumi.<stack>.yaml`, read as the Pulumi CLI reads its `config:` map. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { ConfigValue } from "./types";

/**
 * The `config:` map of `<dir>/Pulumi.<stack>.yaml` (empty when there is no such file). YAML booleans, numbers,
 * lists and maps are kept as such (the engine passes them on as the CLI does); dates and other YAML types stay
 * text. A `secure:` value, encrypted by the Pulumi CLI, cannot be read here: that is an error naming the key.
 */
export function readStackConfig(dir: string, stack: string): Record<string, ConfigValue> {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const doc = yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.CORE_SCHEMA }) as
    { config?: Record<string, ConfigValue> } | null | undefined;
  const config = doc?.config ?? {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value) {
      throw new Error(
        `${file}: "${key}" is a secret encrypted by the Pulumi CLI (secure:), which this engine cannot ` +
          "decrypt. For a local run, give its value in plain text in that file, or leave it out and pass the " +
          "credential in the environment (OS_PASSWORD, WALDUR_TOKEN).",
      );
    }
  }
  return config;
}
