/**
 * The package's two faces the fault matrix runs on: the dynamic providers (a TypeScript program's
 * `pulumi.dynamic.Resource`s, run by the dynamic-provider host) and the provider plugin (`pulumi.CustomResource`s
 * of `openstack-dataprotection`, run by its executable). Both run the same resource code, so the same cells and
 * books hold on each.
 */
import { DYNAMIC_PROGRAM, PLUGIN_PROGRAM, type TestProgram } from "../e2e/stack";

/** One face: the program whose resources the matrix declares, and where its figures go. */
export interface MatrixFace {
  /** Its key in the report ("dynamic", "plugin"). */
  readonly id: string;
  /** What it is, in the table's heading and the suite's title. */
  readonly title: string;
  readonly program: TestProgram;
  /** The report's name: `reports/reliability/<report>.json`. */
  readonly report: string;
}

/** The dynamic providers (tests/projects/resources). */
export const DYNAMIC_FACE: MatrixFace = {
  id: "dynamic",
  title: "dynamic providers",
  program: DYNAMIC_PROGRAM,
  report: "fault-matrix",
};

/** The provider plugin (tests/projects/plugin-resources on bin/pulumi-resource-openstack-dataprotection). */
export const PLUGIN_FACE: MatrixFace = {
  id: "plugin",
  title: "provider plugin",
  program: PLUGIN_PROGRAM,
  report: "fault-matrix-plugin",
};
