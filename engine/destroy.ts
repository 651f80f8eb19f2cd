/** `destroy`: deletes every resource in the state, dependents first, without running the program. */
import { deleteAll, type OperationEnv } from "./operations";

/** Deletes everything; the stack outputs go when the stack resource does. */
export async function destroyAll(env: OperationEnv): Promise<void> {
  await deleteAll(env, [...env.store.resources]);
  if (env.store.resources.length === 0) {
    env.store.setOutputs({});
  }
}
