/** TrilioVault for OpenStack (workloadmgr API). */
export { restoreProvider } from "./restore";
export { TrilioClient } from "./client";

import { registration, type RegisteredResource } from "../core/model";
import { restoreModel, restorePreview, restoreProvider } from "./restore";

/** The TrilioVault resource types. */
export const trilioResources: readonly RegisteredResource[] = [
  registration(restoreModel, restoreProvider, restorePreview),
];
