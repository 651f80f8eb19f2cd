// Every resource type with an input that lives on the server has its generated field tests: a target in
// ../field-targets.ts and a spec file here that runs them.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { fieldsByType } from "../../../provider";
import { FIELD_TARGETS } from "../field-targets";

/** The spec file of `type`'s field tests: "waldur.VolumeRestoration" → waldur-volume-restoration.spec. */
const specOf = (type: string) =>
  path.join(
    __dirname,
    `${type
      .replace(".", "-")
      .replace(/([a-z])([A-Z])/g, "$1-$2")
      .toLowerCase()}.spec.js`,
  );

describe("the generated field tests", () => {
  for (const [type, fields] of Object.entries(fieldsByType)) {
    const serverHeld = Object.values(fields).some((field) => field.server && "updates" in field.change);
    if (!serverHeld) continue;
    it(`cover ${type}, whose inputs live on the server`, () => {
      expect(FIELD_TARGETS.map((target) => target.type)).to.include(type);
      expect(fs.existsSync(specOf(type)), specOf(type)).to.equal(true);
    });
  }
});
