import type * as pulumi from "@pulumi/pulumi";
import type * as Implementation from "../../provider/powervc/flashcopy";
import type { FlashCopyMapping } from "../../provider/powervc/flashcopy";
import type { OpenStackConnectionArgs } from "../common";
import { runLookup } from "../lookup";

export type { FlashCopyMapping };

/** The arguments of {@link getFlashCopyMappings}. */
export interface GetFlashCopyMappingsArgs {
  /** The PowerVC volume. */
  volumeId: string;
  /** All of a mapping's properties (PowerVC's `details`). */
  details?: boolean;
  /**
   * Connection to PowerVC's Keystone, as a `powervc.InstanceSnapshot`'s: each setting not given falls back to stack
   * config, then `OS_*` (or clouds.yaml).
   */
  connection?: pulumi.Unwrap<OpenStackConnectionArgs>;
}

/**
 * The FlashCopy mappings of a PowerVC volume (Storwize-backed volumes only), typed. Call it from a program, for
 * example to wait until copies are done before relying on a snapshot:
 *
 * ```ts
 * const mappings = await powervc.getFlashCopyMappings({ volumeId });
 * const copying = mappings.some((m) => m.status === "copying");
 * ```
 */
export function getFlashCopyMappings(args: GetFlashCopyMappingsArgs): Promise<FlashCopyMapping[]> {
  // Loaded on the call: importing the package must not load the provider's implementation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const implementation: typeof Implementation = require("../../provider/powervc/flashcopy");
  return runLookup(implementation.getFlashCopyMappings, args);
}
