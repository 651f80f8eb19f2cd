/**
 * What every lookup function shares: the Promise form runs the implementation, loaded only when called (importing
 * the package loads no `provider/` file), with the program's stack config; the Output form takes `Input`
 * arguments, as Pulumi's own `getXOutput` functions do.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LookupContext } from "../provider/core/lookup";

/** Arguments whose every property may be an `Input` (an `Output` of another resource, a Promise). */
export type LookupInputs<Args> = { [K in keyof Args]: pulumi.Input<Args[K]> };

/** Options of a lookup's Output form. */
export interface LookupOutputOptions {
  /** Resources the lookup waits for (until each is created or updated), as `dependsOn` makes a resource wait. */
  dependsOn?: pulumi.Input<pulumi.Resource> | pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** The program's stack config, as the providers read it from the host's `configure()`. */
const programConfig: LookupContext["config"] = { get: (key) => pulumi.runtime.getConfig(key) };

/** Runs a lookup's implementation with the program's config. */
export function runLookup<Args, Result>(
  implementation: (args: Args, context: LookupContext) => Promise<unknown>,
  args: Args,
): Promise<Result> {
  return implementation(args, { config: programConfig }) as Promise<Result>;
}

/** The Output form of `lookup`: waits for the arguments' values and for `opts.dependsOn`. */
export function lookupOutput<Args, Result>(
  lookup: (args: Args) => Promise<Result>,
  args: LookupInputs<Args>,
  opts: LookupOutputOptions = {},
): pulumi.Output<Result> {
  const waited = pulumi
    .output(opts.dependsOn ?? [])
    .apply((dependencies) =>
      pulumi.all(
        (Array.isArray(dependencies) ? dependencies : [dependencies]).map((resource) =>
          pulumi.CustomResource.isInstance(resource) ? resource.id : resource.urn,
        ),
      ),
    );
  return pulumi
    .all([pulumi.output(args), waited])
    .apply(([values]) => lookup(values as Args)) as pulumi.Output<Result>;
}
