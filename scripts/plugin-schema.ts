/**
 * `npm run schema`: writes the provider plugin's package schema, provider/plugin/schema.json, from the field
 * declarations, the lookups and the SDK's declarations (see ./plugin-schema/package-schema.ts), formatted as
 * Prettier does. `npm test` checks that the committed file is what this writes (tests/plugin/schema.spec.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packageSchema, ROOT } from "./plugin-schema/package-schema";

/** Where the schema is committed, beside the plugin that serves it. */
export const SCHEMA_FILE = path.join(ROOT, "provider/plugin/schema.json");

async function main(): Promise<void> {
  const text = `${JSON.stringify(packageSchema(), null, 2)}\n`;
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  fs.writeFileSync(SCHEMA_FILE, await prettier.format(text, { ...options, filepath: SCHEMA_FILE }));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
