/** `refresh`: reads every resource in the state through its provider and records what it reports. */
import { performance } from "node:perf_hooks";
import { providerOutputs, refOf, withSecretOutputs, type OperationEnv } from "./operations";
import type { ReadResult } from "./host";
import type { HostSession } from "./host-session";
import type { StateResource } from "./state";
import { annotateSecrets, wireEqual } from "./wire";

/**
 * Refreshes all resources in parallel (within the run's limit). A resource the provider reports gone (empty
 * ID) is removed from the state; otherwise its outputs, and its inputs if `Read` returns them, are updated.
 */
export async function refreshAll(env: OperationEnv): Promise<void> {
  const resources = env.store.resources.filter((r) => !r.delete);
  await Promise.all(resources.map((res) => env.ctx.limiter.run(() => refreshOne(env, res))));
}

async function refreshOne(env: OperationEnv, res: StateResource): Promise<void> {
  const { ctx, store } = env;
  const start = { urn: res.urn, type: res.type, name: res.name };
  if (!res.custom) {
    await ctx.runStep({ ...start, op: "same" }, () => Promise.resolve());
    return;
  }
  const t0 = performance.now();
  let result: ReadResult;
  let session: HostSession;
  try {
    session = env.providers.of(res.type);
    const provider = await session.get();
    result = await provider.read(
      refOf(res),
      res.id,
      session.forProvider(res.outputs),
      session.forProvider(res.inputs),
    );
  } catch (e) {
    await ctx.runStep({ ...start, op: "refresh-update" }, () => Promise.reject(e), t0);
    return;
  }
  if (result.id === "") {
    await ctx.runStep({ ...start, op: "refresh-delete" }, () => Promise.resolve(store.remove(res)), t0);
    return;
  }
  const outputs = withSecretOutputs({
    ...res,
    outputs: providerOutputs(session, result.properties, res.outputs),
  });
  const inputs = result.inputs ? annotateSecrets(result.inputs, res.inputs) : res.inputs;
  const changed = result.id !== res.id || !wireEqual(outputs, res.outputs) || !wireEqual(inputs, res.inputs);
  await ctx.runStep(
    { ...start, op: changed ? "refresh-update" : "same" },
    (step) => {
      step.id = result.id;
      Object.assign(res, { id: result.id, outputs, inputs });
      store.changed(res);
      return Promise.resolve();
    },
    t0,
  );
}
