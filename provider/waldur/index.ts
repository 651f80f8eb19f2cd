/**
 * Waldur (waldur-mastermind): OpenStack snapshots with retention, retention policies over a volume's snapshots,
 * and restores into new volumes.
 */
export { snapshotProvider } from "./snapshot";
export { volumeRestorationProvider } from "./volume-restoration";
export { WaldurClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { snapshotModel, snapshotPreview, snapshotProvider } from "./snapshot";
import {
  snapshotRetentionModel,
  snapshotRetentionPreview,
  snapshotRetentionProvider,
} from "./snapshot-retention";
import {
  volumeRestorationModel,
  volumeRestorationPreview,
  volumeRestorationProvider,
} from "./volume-restoration";

/** The Waldur resource types. */
export const waldurResources: readonly RegisteredResource[] = [
  registration(snapshotModel, snapshotProvider, snapshotPreview),
  registration(volumeRestorationModel, volumeRestorationProvider, volumeRestorationPreview),
  registration(snapshotRetentionModel, snapshotRetentionProvider, snapshotRetentionPreview),
];
