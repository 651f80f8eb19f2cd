/** Waldur (waldur-mastermind): OpenStack snapshots with retention, and restores into new volumes. */
export { snapshotProvider } from "./snapshot";
export { volumeRestorationProvider } from "./volume-restoration";
export { WaldurClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { snapshotModel, snapshotProvider } from "./snapshot";
import { volumeRestorationModel, volumeRestorationProvider } from "./volume-restoration";

/** The Waldur resource types. */
export const waldurResources: readonly RegisteredResource[] = [
  registration(snapshotModel, snapshotProvider),
  registration(volumeRestorationModel, volumeRestorationProvider),
];
