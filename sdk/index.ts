/** The resource classes, one namespace per system. */
export * as trilio from "./trilio";
export type { OpenStackConnectionArgs, TimeoutsArgs } from "./common";
