/** The resource classes, one namespace per system. */
export * as cinder from "./cinder";
export * as powervc from "./powervc";
export * as trilio from "./trilio";
export * as waldur from "./waldur";
export type { OpenStackConnectionArgs, TimeoutsArgs } from "./common";
export type { LookupInputs, LookupOutputOptions } from "./lookup";
