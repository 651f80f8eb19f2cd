import { type WaldurResourceState } from "./models";

/** The spelling servers before late 2024 use for each state. */
const LEGACY_NAMES: Readonly<Record<WaldurResourceState, string>> = {
  CREATION_SCHEDULED: "Creation Scheduled",
  CREATING: "Creating",
  UPDATE_SCHEDULED: "Update Scheduled",
  UPDATING: "Updating",
  DELETION_SCHEDULED: "Deletion Scheduled",
  DELETING: "Deleting",
  OK: "OK",
  ERRED: "Erred",
};

/** Every state, current spelling. */
export const RESOURCE_STATES = Object.keys(LEGACY_NAMES) as WaldurResourceState[];

/** A state as the API sends it: current spelling, or the legacy one when `legacy` is set. */
export function stateName(state: WaldurResourceState, legacy: boolean): string {
  return legacy ? LEGACY_NAMES[state] : state;
}

/** The state a name stands for, in either spelling (as the `?state=` filter accepts it). */
export function parseStateName(name: string): WaldurResourceState | undefined {
  return RESOURCE_STATES.find((state) => state === name || LEGACY_NAMES[state] === name);
}

/** The 409 message of an operation allowed only in `states`: `Valid states for operation: OK, ERRED.` */
export function validStatesMessage(states: readonly WaldurResourceState[], legacy: boolean): string {
  return `Valid states for operation: ${states.map((state) => stateName(state, legacy)).join(", ")}.`;
}
