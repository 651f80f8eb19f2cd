/**
 * Log lines from inside the dynamic-provider host.
 *
 * The host has no connection to the engine's log service, so a dynamic provider's console output is how progress
 * reaches the user: the Pulumi CLI shows a provider plugin's output as diagnostics. Every line names the resource
 * (or the service, for what no one resource owns) and is redacted.
 */
import { redact } from "./redact";

/** Where a resource's progress and warnings go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * The logger of what no one resource owns, such as a Keystone session every resource with the same credentials
 * shares: its lines name what they are about themselves ("Keystone POST https://…").
 */
export const hostLogger: Logger = {
  info: (message) => console.log(redact(message)),
  warn: (message) => console.error(redact(`warning: ${message}`)),
};

/** A logger whose lines start with the resource's label, e.g. `trilio.Restore "web-restore"`. */
export function resourceLogger(label: string): Logger {
  return {
    info: (message) => console.log(redact(`${label}: ${message}`)),
    warn: (message) => console.error(redact(`warning: ${label}: ${message}`)),
  };
}
