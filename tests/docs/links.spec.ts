// The links of the documents users and contributors read: every relative link names a file of the repository,
// and every `#anchor` a heading of the document it points into (as GitHub makes anchors from headings).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../../..");
const DOCUMENTS = [
  "README.md",
  "CONTRIBUTING.md",
  "docs/architecture.md",
  "engine/README.md",
  "simulator/README.md",
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsIn(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => anchorOf(heading ?? "")));
}

/** The targets of the inline links `[text](target)` outside code blocks, except web addresses. */
function linksIn(file: string): string[] {
  const text = fs.readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target ?? "")
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe("the documents' links", () => {
  for (const document of DOCUMENTS) {
    it(`${document}: every relative link and anchor leads somewhere`, () => {
      const from = path.join(ROOT, document);
      const broken = linksIn(from).filter((link) => {
        const [file = "", anchor] = link.split("#");
        const target = file === "" ? from : path.resolve(path.dirname(from), file);
        if (!fs.existsSync(target)) return true;
        return anchor !== undefined && target.endsWith(".md") && !anchorsIn(target).has(anchor);
      });
      expect(broken).to.deep.equal([]);
    });
  }
});
