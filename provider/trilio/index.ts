/** TrilioVault for OpenStack (workloadmgr API). */
export { restoreProvider, RESTORE_TYPE, restoreDiffTable, RESTORE_DEFAULT_TIMEOUTS } from "./restore";
export { TrilioClient } from "./client";
