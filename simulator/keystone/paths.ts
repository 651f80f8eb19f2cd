/** Where Keystone is mounted on the simulator. */
export const KEYSTONE_PREFIX = "/identity";

/** Keystone v3's path on the simulator (`OS_AUTH_URL` is the base URL plus this). */
export const KEYSTONE_V3_PATH = `${KEYSTONE_PREFIX}/v3`;
