/** Resource operations shared by `up`, `destroy` and `refresh`: pending-operation records, outputs, deletes. */
import { deletionWaves } from "./graph";
import { ProviderError, type ResourceRef } from "./host";
import type { HostSession } from "./host-session";
import type { ProviderRegistry } from "./provider-registry";
import type { RunContext } from "./run-context";
import type { PendingOperation, StateResource, StateStore } from "./state";
import type { Step } from "./types";
import { annotateSecrets, isSecret, markSecretKeys, type WireMap } from "./wire";

/** What a run's operations work with. */
export interface OperationEnv {
  ctx: RunContext;
  store: StateStore;
  /** The provider of each resource type. */
  providers: ProviderRegistry;
}

/** The request fields that name a resource. */
export function refOf(res: Pick<StateResource, "urn" | "name" | "type">): ResourceRef {
  return { urn: res.urn, name: res.name, type: res.type };
}

/**
 * Runs a provider call with a pending operation recorded in the state file, as the CLI does. The record is
 * cleared when the call answers (success or error) and left behind when the host could not answer, since
 * the outcome is then unknown.
 */
export async function withPendingOperation<T>(
  store: StateStore,
  op: PendingOperation,
  call: () => Promise<T>,
): Promise<T> {
  store.beginOperation(op);
  try {
    const result = await call();
    store.endOperation(op);
    return result;
  } catch (e) {
    if (!(e instanceof ProviderError && e.unreachable)) store.endOperation(op);
    throw e;
  }
}

/**
 * A provider's outputs as the engine records them: when the provider could not see secrets, the secretness
 * of the inputs it was sent is copied back onto same-named outputs.
 */
export function providerOutputs(provider: HostSession, outputs: WireMap, inputs: WireMap): WireMap {
  return provider.annotatesSecrets ? annotateSecrets(outputs, inputs) : outputs;
}

/**
 * The resource's outputs as the engine's step executor records them after every step: its
 * `additionalSecretOutputs` marked secret, and any output whose same-named input is a secret too.
 */
export function withSecretOutputs(res: StateResource): WireMap {
  const keys = (res.additionalSecretOutputs ?? []).filter((k) => k !== "id");
  const secretInputs = Object.keys(res.inputs).filter((k) => isSecret(res.inputs[k]));
  return markSecretKeys(res.outputs, [...keys, ...secretInputs]);
}

/** The engine's warning for `additionalSecretOutputs: ["id"]` (it cannot be made secret). */
export function warnSecretId(env: OperationEnv, res: StateResource): void {
  if (!res.additionalSecretOutputs?.includes("id")) return;
  env.ctx.diagnostic({
    severity: "warning",
    message: "The 'id' property cannot be made secret. See pulumi/pulumi#2717 for more details.",
    source: "engine",
    urn: res.urn,
  });
}

/**
 * Deletes one resource: refuses protected ones, calls the provider's `Delete` for custom resources the
 * engine owns (not for retained, read or already-deleted ones), then drops it from the state. A preview only
 * records the step. Does not take a parallelism slot.
 */
export function deleteResource(env: OperationEnv, res: StateResource): Promise<Step> {
  const { ctx, store } = env;
  const start = {
    urn: res.urn,
    type: res.type,
    name: res.name,
    op: "delete" as const,
    replacing: res.delete,
  };
  return ctx.runStep(start, async (step) => {
    step.id = res.id || undefined;
    if (res.protect && !res.delete) {
      throw new Error(
        `resource "${res.urn}" cannot be deleted because it is protected. To unprotect the resource, ` +
          "either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
      );
    }
    if (ctx.preview) return;
    if (res.custom && !res.external && !res.retainOnDelete && !res.pendingReplacement) {
      const session = env.providers.of(res.type);
      const provider = await session.get();
      const forProvider = (m: WireMap): WireMap => session.forProvider(m);
      await withPendingOperation(store, { urn: res.urn, type: "deleting" }, () =>
        provider.delete(
          refOf(res),
          res.id,
          forProvider(res.outputs),
          forProvider(res.inputs),
          res.customTimeouts?.delete,
        ),
      );
    }
    store.remove(res);
  });
}

/**
 * Deletes `condemned` resources, dependents first, each wave in parallel within the run's limit. Stops after
 * a wave in which a delete failed (the dependencies of a resource that could not be deleted must stay).
 */
export async function deleteAll(env: OperationEnv, condemned: readonly StateResource[]): Promise<void> {
  for (const wave of deletionWaves(condemned)) {
    const steps = await Promise.all(wave.map((res) => env.ctx.limiter.run(() => deleteResource(env, res))));
    if (steps.some((s) => s.failed)) return;
  }
}
