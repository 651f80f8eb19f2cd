// Fixture program of the test engine's own tests. The resources it declares come from the stack config
// `things` (a JSON list); a tiny dynamic provider, written inline so that it serializes on its own, records
// every call it gets (with its process ID and times) as a JSON line in the file named by `callLog`.
import * as pulumi from "@pulumi/pulumi";

/** One resource of the program, as given in the `things` config. */
interface ThingSpec {
  name: string;
  /** Change → update; negative → check failure. */
  size?: number;
  /** Change → replace. */
  key?: string;
  /** Passed as a secret input `password`. */
  secret?: string;
  /** Name of an earlier thing whose `remoteId` becomes this one's `upstream` input. */
  upstream?: string;
  /** Create, update and delete take this long. */
  slowMs?: number;
  /** Check takes this long. */
  slowCheckMs?: number;
  /** Create fails after creating (`ErrorResourceInitFailed`). */
  partial?: boolean;
  /** Create fails with this message. */
  failCreate?: string;
  /** Name of a component resource to parent the thing under. */
  parent?: string;
  /** Diff answers nothing (DIFF_UNKNOWN): the engine compares the inputs itself. */
  legacyDiff?: boolean;
  options?: pulumi.CustomResourceOptions;
}

/** Inputs of a Thing. */
interface ThingArgs {
  label: string;
  size: number;
  key: string;
  password?: pulumi.Input<string>;
  upstream?: pulumi.Input<string>;
  slowMs?: number;
  slowCheckMs?: number;
  partial?: boolean;
  failCreate?: string;
  legacyDiff?: boolean;
}

function makeProvider(): pulumi.dynamic.ResourceProvider {
  // Filled by configure() from the stack configuration; captured by value with the provider.
  const settings = { callLog: "", readGone: [] as string[], deleteBeforeReplace: false, created: 0 };

  function record(method: string, startedAt: number, data: Record<string, unknown>): void {
    if (!settings.callLog) return;
    const line = { method, pid: process.pid, start: startedAt, end: Date.now(), ...data };
    // A require inside the function: the provider is serialized with its closure and must bring its own modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("fs").appendFileSync(settings.callLog, JSON.stringify(line) + "\n");
  }

  function sleep(ms: unknown): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, typeof ms === "number" ? ms : 0));
  }

  function changed(olds: Record<string, unknown>, news: Record<string, unknown>, key: string): boolean {
    return JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
  }

  return {
    async configure(req) {
      settings.callLog = req.config.get("callLog") ?? "";
      settings.readGone = JSON.parse(req.config.get("readGone") ?? "[]");
      settings.deleteBeforeReplace = req.config.get("deleteBeforeReplace") === "true";
      record("configure", Date.now(), {
        keys: Object.keys((req.config as unknown as { rawConfig: object }).rawConfig),
      });
    },
    async check(olds, news) {
      const t0 = Date.now();
      await sleep(news.slowCheckMs);
      const failures =
        typeof news.size === "number" && news.size < 0
          ? [{ property: "size", reason: "size must not be negative" }]
          : [];
      record("check", t0, { label: news.label, olds, news });
      return { inputs: news, failures };
    },
    async diff(id, olds, news) {
      const t0 = Date.now();
      const keys = ["label", "size", "key", "password", "upstream", "partial", "slowMs", "failCreate"];
      const replaces = changed(olds, news, "key") ? ["key"] : [];
      const changes = keys.some((k) => changed(olds, news, k));
      record("diff", t0, { label: news.label, id, olds, news });
      if (news.legacyDiff) return {};
      return { changes, replaces, deleteBeforeReplace: settings.deleteBeforeReplace };
    },
    async create(inputs) {
      const t0 = Date.now();
      record("create-started", t0, { label: inputs.label });
      await sleep(inputs.slowMs);
      if (inputs.failCreate) {
        record("create", t0, { label: inputs.label, inputs, failed: true });
        throw new Error(inputs.failCreate);
      }
      const id = `thing-${inputs.label}-${process.pid}-${++settings.created}`;
      console.log(`created ${id}`);
      const outs = { ...inputs, remoteId: `remote-${id}`, token: `token-${inputs.label}` };
      record("create", t0, { label: inputs.label, inputs, id });
      if (inputs.partial) {
        const err = new Error(`thing ${inputs.label} was created but did not become ready`);
        Object.assign(err, {
          id,
          properties: { ...outs, ready: false },
          reasons: ["timed out waiting for readiness"],
        });
        throw err;
      }
      return { id, outs };
    },
    async read(id, props) {
      const t0 = Date.now();
      const gone = settings.readGone.includes(props.label);
      record("read", t0, { label: props.label, id, props, gone });
      return gone ? { id: "", props: {} } : { id, props };
    },
    async update(id, olds, news) {
      const t0 = Date.now();
      await sleep(news.slowMs);
      record("update", t0, { label: news.label, id, olds, news });
      return { outs: { ...news, remoteId: olds.remoteId, token: `token-${news.label}`, ready: true } };
    },
    async delete(id, props) {
      const t0 = Date.now();
      await sleep(props.slowMs);
      record("delete", t0, { label: props.label, id, props });
    },
  };
}

const provider = makeProvider();

class Thing extends pulumi.dynamic.Resource {
  declare readonly remoteId: pulumi.Output<string>;
  declare readonly token: pulumi.Output<string>;
  declare readonly password: pulumi.Output<string | undefined>;

  constructor(name: string, args: ThingArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { remoteId: undefined, token: undefined, ...args }, opts, "fixture", "Thing");
  }
}

class Group extends pulumi.ComponentResource {
  constructor(name: string) {
    super("fixture:index:Group", name, {}, {});
    this.registerOutputs({});
  }
}

const config = new pulumi.Config();
const specs: ThingSpec[] = JSON.parse(config.get("things") ?? "[]");
const groups = new Map<string, Group>();
const things = new Map<string, Thing>();
for (const spec of specs) {
  if (spec.parent && !groups.has(spec.parent)) groups.set(spec.parent, new Group(spec.parent));
  const upstream = spec.upstream ? things.get(spec.upstream)?.remoteId : undefined;
  const args: ThingArgs = {
    label: spec.name,
    size: spec.size ?? 1,
    key: spec.key ?? "k1",
    password: spec.secret === undefined ? undefined : pulumi.secret(spec.secret),
    upstream,
    slowMs: spec.slowMs,
    slowCheckMs: spec.slowCheckMs,
    partial: spec.partial,
    failCreate: spec.failCreate,
    legacyDiff: spec.legacyDiff,
  };
  const parent = spec.parent ? groups.get(spec.parent) : undefined;
  things.set(spec.name, new Thing(spec.name, args, { ...spec.options, parent }));
}

if (config.get("logRemoteIds") === "true") {
  things.forEach((t, name) =>
    t.remoteId.apply((id) => {
      console.log(`${name} remoteId=${id}`);
      void pulumi.log.info(`${name} is ready`, t);
    }),
  );
}

export const greeting = config.get("greeting") ?? "hello";
export const secretGreeting = pulumi.secret("psst");
export const remoteIds = Object.fromEntries([...things].map(([name, t]) => [name, t.remoteId]));
