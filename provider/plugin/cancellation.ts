/**
 * `Cancel`: the engine is shutting down (Ctrl-C, `pulumi cancel`) and asks the plugin to stop what it waits for.
 * Every wait of the resource code sleeps on the process clock (see ../core/clock), so a clock whose sleeps end with
 * an error once cancelled stops them all, with no change to the waits themselves. The error goes the way any
 * failed wait goes: a create whose object exists records it as partially created (its id is kept, never lost).
 */
import { type Clock } from "../core/clock";
import { ProviderError } from "../core/errors";

/** A clock over `base` whose sleeps fail, at once and from then on, when `signal` aborts. */
export function cancellableClock(base: Clock, signal: AbortSignal): Clock {
  return {
    now: () => base.now(),
    random: base.random,
    sleep(ms) {
      if (signal.aborted) return Promise.reject(cancelled());
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(cancelled());
        };
        const timer = setTimeout(
          () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

function cancelled(): ProviderError {
  return new ProviderError(
    "the wait was cancelled: the Pulumi engine asked the provider to stop (Ctrl-C or `pulumi cancel`); " +
      "run `pulumi refresh`, then `pulumi up` to finish",
  );
}
