/** The Pulumi project file (`Pulumi.yaml`). */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** The fields of `Pulumi.yaml` the engine uses. */
export interface ProjectFile {
  name: string;
  runtime: string;
  main?: string;
}

/** Reads `<dir>/Pulumi.yaml`. */
export function readProjectFile(dir: string): ProjectFile {
  const file = path.join(dir, "Pulumi.yaml");
  const doc = yaml.load(fs.readFileSync(file, "utf8")) as
    { name?: string; runtime?: string | { name?: string }; main?: string } | undefined;
  if (!doc?.name) throw new Error(`${file} has no project name`);
  const runtime = typeof doc.runtime === "string" ? doc.runtime : (doc.runtime?.name ?? "");
  if (runtime !== "nodejs") throw new Error(`${file}: runtime "${runtime}" is not supported (nodejs only)`);
  return { name: doc.name, runtime, main: doc.main };
}
