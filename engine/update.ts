/**
 * `up` and `preview`: turns each registration of the program into steps as the engine's step generator
 * does (Check, Diff, then create/update/replace/same), and deletes what the program no longer declares.
 */
import { performance } from "node:perf_hooks";
import { ProviderError, type HostHandle } from "./host";
import type { HostSession } from "./host-session";
import {
  deleteAll,
  deleteResource,
  providerOutputs,
  refOf,
  withPendingOperation,
  warnSecretId,
  withSecretOutputs,
  type OperationEnv,
} from "./operations";
import { applyIgnoreChanges, replaceOnChangesCovers } from "./resource-options";
import { Limiter, ReportedError } from "./run-context";
import type { ReadRequest, ReadResponse, RegistrationRequest, RegistrationResponse } from "./protocol";
import type { StateResource } from "./state";
import type { DetailedDiff, Step, StepOp } from "./types";
import { makeUrn, STACK_TYPE } from "./urn";
import { annotateSecrets, changedKeys, stripSecretsMap, wireEqual, type WireMap } from "./wire";

/** The decision taken for a custom resource before any change is made. */
interface Plan {
  op: Extract<StepOp, "create" | "update" | "replace" | "same">;
  /** The resource as it will be recorded (checked inputs, no outputs yet). */
  res: StateResource;
  old?: StateResource;
  diff?: DetailedDiff;
  deleteBeforeReplace?: boolean;
}

/** The key the engine uses for a replacement caused by init errors (`replaceOnChanges: ["#initerror"]`). */
const INIT_ERROR_KEY = "#initerror";

/**
 * One `up` or `preview`. As in the Pulumi engine, step generation (each resource's Check and Diff) runs one
 * resource at a time, in registration order (pulumi/pulumi#3302; Diff runs in parallel only with the opt-in
 * `PULUMI_PARALLEL_DIFF`), while the steps themselves run in parallel within the run's limit.
 */
export class UpdateDeployment {
  private readonly olds: Map<string, StateResource>;
  private readonly initial: StateResource[];
  private readonly registered = new Map<string, StateResource>();
  private readonly claimed = new Set<string>();
  private readonly stepGeneration = new Limiter(1);

  constructor(
    private readonly env: OperationEnv,
    private readonly stack: string,
    private readonly project: string,
  ) {
    this.initial = [...env.store.resources];
    this.olds = new Map(this.initial.filter((r) => !r.delete).map((r) => [r.urn, r]));
  }

  /** Serves a `RegisterResource` request. */
  async register(req: RegistrationRequest): Promise<RegistrationResponse> {
    const urn = makeUrn(this.stack, this.project, req.parent, req.type, req.name);
    if (this.claimed.has(urn))
      throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    this.claimed.add(urn);
    if (req.parent !== "" && !this.registered.has(req.parent)) {
      throw new Error(`could not find parent resource ${req.parent}`);
    }
    if (!req.custom) return this.registerComponent(urn, req);
    return this.env.ctx.limiter.run(() => this.registerCustom(urn, req));
  }

  /** Serves a `ReadResource` request (`Resource.get`): reads the resource through its provider. */
  async read(req: ReadRequest): Promise<ReadResponse> {
    const urn = makeUrn(this.stack, this.project, req.parent, req.type, req.name);
    const res = this.newState(urn, {
      ...req,
      custom: true,
      object: req.properties,
      propertyDependencies: {},
    });
    res.external = true;
    const step = await this.env.ctx.runStep(
      { urn, type: req.type, name: req.name, op: "read" },
      async (s) => {
        const session = this.env.providers.of(req.type);
        const host = await session.get();
        const result = await host.read(refOf(res), req.id, session.forProvider(req.properties), {});
        if (result.id === "") throw new Error(`resource '${req.id}' does not exist`);
        res.id = s.id = result.id;
        res.outputs = providerOutputs(session, result.properties, res.inputs);
        this.commit(res);
      },
    );
    if (step.failed) throw new Error(step.error);
    return { urn, properties: res.outputs };
  }

  /** Records the outputs a component or the stack registered. */
  outputs(urn: string, outputs: WireMap): void {
    const res = this.registered.get(urn);
    if (!res) return;
    res.outputs = outputs;
    if (res.type === STACK_TYPE) this.env.store.setOutputs(outputs);
    this.env.store.changed(res);
  }

  /**
   * After the program: deletes the resources it no longer declares and the old versions of replaced ones,
   * unless the program or a step failed (the CLI never deletes after a failed update).
   */
  async finish(): Promise<void> {
    if (this.env.ctx.failed) return;
    const live = new Set(this.env.store.resources);
    const condemned = this.initial.filter((r) => live.has(r) && (r.delete || !this.registered.has(r.urn)));
    await deleteAll(this.env, condemned);
  }

  private async registerComponent(urn: string, req: RegistrationRequest): Promise<RegistrationResponse> {
    const old = this.olds.get(urn);
    const res = this.newState(urn, req);
    res.outputs = old?.outputs ?? {};
    const op = !old ? "create" : wireEqual(old.inputs, res.inputs) ? "same" : "update";
    await this.env.ctx.runStep({ urn, type: req.type, name: req.name, op }, async () => this.commit(res));
    return { urn, id: "", object: {} };
  }

  private async registerCustom(urn: string, req: RegistrationRequest): Promise<RegistrationResponse> {
    const old = this.olds.get(urn);
    const start = { urn, type: req.type, name: req.name };
    const t0 = performance.now();
    let plan: Plan;
    try {
      this.env.providers.of(req.type);
      if (req.importId !== "")
        throw new Error("the test engine does not support the `import` resource option");
      plan = await this.stepGeneration.run(() => this.plan(urn, req, old));
    } catch (e) {
      const step = await this.env.ctx.runStep(
        { ...start, op: old ? "update" : "create" },
        () => Promise.reject(e),
        t0,
      );
      throw new Error(step.error, { cause: e });
    }
    if (plan.op === "replace" && plan.deleteBeforeReplace && plan.old && !plan.old.pendingReplacement) {
      const deleted = await deleteResource(this.env, { ...plan.old, delete: true });
      if (deleted.failed) throw new Error(deleted.error);
      plan.old.pendingReplacement = true;
      this.env.store.changed(plan.old);
    }
    const step = await this.env.ctx.runStep({ ...start, op: plan.op }, (s) => this.execute(plan, s), t0);
    if (step.failed) throw new Error(step.error);
    return { urn, id: plan.res.id, object: plan.res.outputs };
  }

  /** Check and Diff: what to do with the resource. */
  private async plan(urn: string, req: RegistrationRequest, old: StateResource | undefined): Promise<Plan> {
    const goal = old ? applyIgnoreChanges(req.object, old.inputs, req.ignoreChanges) : req.object;
    const res = this.newState(urn, { ...req, object: await this.check(urn, req, old?.inputs ?? {}, goal) });
    if (!old) return { op: "create", res };

    const session = this.env.providers.of(req.type);
    const host = await session.get();
    const forProvider = (m: WireMap): WireMap => session.forProvider(m);
    const result = await host.diff(
      refOf(res),
      old.id,
      forProvider(old.outputs),
      forProvider(res.inputs),
      forProvider(old.inputs),
      req.ignoreChanges,
    );
    const inputChanges = changedKeys(stripSecretsMap(old.inputs), stripSecretsMap(res.inputs));
    let changes = result.changes;
    let changed = result.diffs;
    if (changes === "unknown") {
      // Legacy behaviour: the provider did not say, the engine compares the inputs itself.
      changed = inputChanges;
      changes = changed.length > 0 ? "some" : "none";
    }
    const replaces = new Set(result.replaces);
    if (changes === "some")
      changed.filter((k) => replaceOnChangesCovers(req.replaceOnChanges, k)).forEach((k) => replaces.add(k));
    const initErrors = (old.initErrors?.length ?? 0) > 0;
    if (initErrors && replaceOnChangesCovers(req.replaceOnChanges, INIT_ERROR_KEY)) {
      replaces.add(INIT_ERROR_KEY);
      changes = "some";
    }
    const diff: DetailedDiff = { replaces: [...replaces], changedKeys: inputChanges };
    if (result.detailedDiff) diff.properties = result.detailedDiff;

    if (changes === "some" || old.pendingReplacement) {
      if (replaces.size > 0 || old.pendingReplacement) {
        if (old.protect && req.protect) {
          throw new Error(
            `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the ` +
              "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
          );
        }
        // The replacement is a new resource: its defaults are recomputed without the old inputs.
        res.inputs = await this.check(urn, req, {}, req.object);
        const deleteBeforeReplace = req.deleteBeforeReplace ?? result.deleteBeforeReplace;
        return { op: "replace", res, old, diff, deleteBeforeReplace };
      }
      return { op: "update", res, old, diff };
    }
    // Unchanged, but a previous create/update did not finish initializing: update again.
    if (initErrors) return { op: "update", res, old, diff };
    return { op: "same", res, old };
  }

  /** `Check`; failures become a step error (`property: reason`, one per line). */
  private async check(urn: string, req: RegistrationRequest, olds: WireMap, news: WireMap): Promise<WireMap> {
    const session = this.env.providers.of(req.type);
    const host = await session.get();
    const ref = { urn, name: req.name, type: req.type };
    const result = await host.check(ref, session.forProvider(olds), session.forProvider(news));
    if (result.failures.length > 0) {
      for (const f of result.failures) {
        this.env.ctx.diagnostic({ severity: "error", message: describeFailure(f), source: "provider", urn });
      }
      throw new ReportedError(result.failures.map(describeFailure).join("\n"));
    }
    return session.annotatesSecrets ? annotateSecrets(result.inputs, news) : result.inputs;
  }

  /** Carries out a plan (without provider changes in a preview). */
  private async execute(plan: Plan, step: Step): Promise<void> {
    const { res, old } = plan;
    step.detailedDiff = plan.diff;
    if (plan.op === "same" && old) {
      res.id = old.id;
      res.outputs = old.outputs;
    } else if (plan.op === "update" && old) {
      await this.update(res, old);
    } else {
      // A replacement's old version stays in the state, marked for deletion, until it is deleted.
      await this.create(res, () => {
        if (!old) return;
        old.delete = true;
        this.env.store.changed(old);
      });
      if (old && plan.deleteBeforeReplace) this.env.store.remove(old);
    }
    step.id = res.id || undefined;
    this.commit(res);
    warnSecretId(this.env, res);
  }

  /**
   * `Create`. In a preview, a provider that supports previews answers with `preview` set; for the others (the
   * dynamic-provider host) the engine shows the inputs as the state. The result, or a partial failure, is recorded
   * before the pending operation is cleared.
   */
  private async create(res: StateResource, beforeRecord: () => void): Promise<void> {
    const session = this.env.providers.of(res.type);
    if (this.env.ctx.preview) {
      res.outputs = await this.previewOutputs(session, res, (host, inputs) =>
        host.create(refOf(res), inputs, true),
      );
      beforeRecord();
      return;
    }
    const host = await session.get();
    await withPendingOperation(this.env.store, { urn: res.urn, type: "creating" }, async () => {
      try {
        const inputs = session.forProvider(res.inputs);
        const created = await host.create(refOf(res), inputs, false, res.customTimeouts?.create);
        this.record(res, created.id, created.properties, beforeRecord);
      } catch (e) {
        const failure = e instanceof ProviderError ? e.initFailure : undefined;
        if (failure) this.record(res, failure.id, failure.properties, beforeRecord, failure.reasons);
        throw e;
      }
    });
  }

  /** `Update` (in a preview, as {@link create} previews). */
  private async update(res: StateResource, old: StateResource): Promise<void> {
    res.id = old.id;
    const session = this.env.providers.of(res.type);
    const forProvider = (m: WireMap): WireMap => session.forProvider(m);
    if (this.env.ctx.preview) {
      res.outputs = await this.previewOutputs(session, res, (host, inputs) =>
        host.update(refOf(res), old.id, forProvider(old.outputs), inputs, forProvider(old.inputs), true),
      );
      return;
    }
    const host = await session.get();
    await withPendingOperation(this.env.store, { urn: res.urn, type: "updating" }, async () => {
      try {
        const olds = forProvider(old.outputs);
        const updated = await host.update(
          refOf(res),
          old.id,
          olds,
          forProvider(res.inputs),
          forProvider(old.inputs),
          false,
          res.customTimeouts?.update,
        );
        this.record(res, old.id, updated.properties);
      } catch (e) {
        const failure = e instanceof ProviderError ? e.initFailure : undefined;
        if (failure) this.record(res, old.id, failure.properties, undefined, failure.reasons);
        throw e;
      }
    });
  }

  /**
   * The outputs a preview shows: the provider's preview answer when it supports previews, else the inputs (every
   * property the provider computes is then unknown to the program).
   */
  private async previewOutputs(
    session: HostSession,
    res: StateResource,
    preview: (host: HostHandle, inputs: WireMap) => Promise<{ properties: WireMap }>,
  ): Promise<WireMap> {
    const host = await session.get();
    if (!session.supportsPreview) return res.inputs;
    const answer = await preview(host, session.forProvider(res.inputs));
    return providerOutputs(session, answer.properties, res.inputs);
  }

  /** Records a provider's answer (or partial failure, with its reasons) in the state. */
  private record(
    res: StateResource,
    id: string,
    outputs: WireMap,
    beforeRecord?: () => void,
    initErrors?: string[],
  ): void {
    res.id = id;
    res.outputs = providerOutputs(this.env.providers.of(res.type), outputs, res.inputs);
    if (initErrors) res.initErrors = initErrors;
    beforeRecord?.();
    this.commit(res);
  }

  /** Records the resource's new state (with its additional secret outputs marked). */
  private commit(res: StateResource): void {
    res.outputs = withSecretOutputs(res);
    this.registered.set(res.urn, res);
    this.env.store.upsert(res);
  }

  private newState(
    urn: string,
    req: Omit<RegistrationRequest, "ignoreChanges" | "replaceOnChanges" | "importId" | "customTimeouts"> &
      Pick<RegistrationRequest, "customTimeouts">,
  ): StateResource {
    const res: StateResource = {
      urn,
      type: req.type,
      name: req.name,
      custom: req.custom,
      id: "",
      parent: req.parent,
      inputs: req.object,
      outputs: {},
      dependencies: req.dependencies,
      propertyDependencies: req.propertyDependencies,
      provider: req.provider,
      retainOnDelete: req.retainOnDelete,
      protect: req.protect,
      deleteBeforeReplace: req.deleteBeforeReplace,
    };
    if (req.customTimeouts) res.customTimeouts = req.customTimeouts;
    if (req.additionalSecretOutputs.length > 0) res.additionalSecretOutputs = req.additionalSecretOutputs;
    return res;
  }
}

function describeFailure(f: { property: string; reason: string }): string {
  return f.property ? `${f.property}: ${f.reason}` : f.reason;
}
