import { expect } from "chai";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { withChange, type DiffTable } from "../../../provider/core/diff";
import { asPartialFailure, isPartialFailure, ProviderError } from "../../../provider/core/errors";
import { identitySchema } from "../../../provider/core/identity";
import { openStackId } from "../../../provider/core/inputs";
import { registerSecret } from "../../../provider/core/redact";
import {
  defineResource,
  inputsOf,
  labelOf,
  outputsWithInputs,
  readInputs,
  sessionOpener,
  storedInputsOf,
  storedSessionInputs,
  type Props,
  type ResourceDefinition,
} from "../../../provider/core/resource";
import { UNKNOWN } from "../../../provider/core/values";
import { withEnvironment } from "../../helpers/environment";

/** The inputs of a small backup resource, in the shape every resource declares them. */
const inputsShape = z.object({
  __identity: identitySchema,
  connection: z
    .object({ authUrl: z.string().min(1).optional(), password: z.string().optional() })
    .strict()
    .optional(),
  volumeId: openStackId,
  name: z.string().min(1, { error: "must not be empty" }).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  force: z.boolean().optional(),
});
const schema = inputsShape.strict();
type Inputs = z.output<typeof schema>;

const table: DiffTable<Inputs> = {
  __identity: "ignore",
  connection: "update",
  volumeId: "replace",
  name: "update",
  metadata: "update",
  force: "ignore",
};

const VOLUME = "2e56d167-bad7-43c7-8ede-a613c3fe7844";
/** The same volume id as a user may have copied it: upper case, without dashes. */
const VOLUME_OTHER_FORM = "2E56D167BAD743C78EDEA613C3FE7844";
const OTHER_VOLUME = "9b0c1f2e-5d4a-4c3b-8a7f-6e5d4c3b2a19";
const BACKUP_ID = "3df1d432-8c3e-4d59-a4ae-6a1a8d1f6c52";
const identity = { type: "cinder.Backup", name: "nightly", project: "ops", stack: "prod" };

/** New inputs as the host hands them to check: with `__provider`, the serialised provider. */
function news(overrides: Props = {}): Props {
  return {
    __identity: identity,
    connection: { authUrl: "https://keystone.example:5000/v3" },
    volumeId: VOLUME,
    __provider: "exports.handler = …",
    ...overrides,
  };
}

/** Resolves the connection input: an authUrl is all it needs. */
function resolveConnection(input: unknown): { ok: true } | { ok: false; problems: string[] } {
  const connection = input as { authUrl?: string } | undefined;
  if (connection?.authUrl) return { ok: true };
  return {
    ok: false,
    problems: [
      "authUrl (OS_AUTH_URL) is not set: set it in the resource's `connection` input",
      "no credentials: set password (OS_PASSWORD)",
    ],
  };
}

/** The backup resource as a provider, recording what its remote checks and connection resolution were asked. */
function backupResource(overrides: Partial<ResourceDefinition<Inputs>> = {}) {
  const asked = {
    resolved: [] as unknown[],
    beforeCreate: [] as Inputs[],
    beforeUpdate: [] as { inputs: Inputs; changedKeys: string[]; olds: Props }[],
  };
  const provider = defineResource<Inputs>({
    type: "cinder.Backup",
    diffTable: table,
    schema,
    resolveConnection: (input) => {
      asked.resolved.push(input);
      return resolveConnection(input);
    },
    verifyBeforeCreate: async (inputs) => {
      asked.beforeCreate.push(inputs);
      return [];
    },
    verifyBeforeUpdate: async (inputs, changedKeys, olds) => {
      asked.beforeUpdate.push({ inputs, changedKeys, olds });
      return [];
    },
    create: async (props) => ({ id: BACKUP_ID, outs: { ...props, status: "available" } }),
    read: async (id, props) => ({ id, props: { ...props, status: "available" } }),
    update: async (_id, _olds, props) => ({ outs: { ...props, status: "available" } }),
    delete: async () => {},
    ...overrides,
  });
  return { provider, asked };
}

describe("defineResource: check", () => {
  it("returns the inputs with ids in the server's form, and no failures for valid inputs", async () => {
    const { provider } = backupResource();
    const result = await provider.check!({}, news({ volumeId: VOLUME_OTHER_FORM }));
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.deep.equal(news({ volumeId: VOLUME }));
  });

  it("names the property path of each input the schema refuses, and looks at nothing remote", async () => {
    const { provider, asked } = backupResource();
    const result = await provider.check!(
      {},
      news({ volumeId: "not/a/uuid", name: "", metadata: { tier: 1 }, nmae: "typo" }),
    );
    const failures = result.failures!;
    expect(failures.map((f) => f.property)).to.include.members(["volumeId", "name", "metadata.tier", "nmae"]);
    expect(failures.find((f) => f.property === "volumeId")?.reason).to.equal(
      "must be a UUID (8-4-4-4-12 hex digits)",
    );
    expect(failures.find((f) => f.property === "name")?.reason).to.equal("must not be empty");
    expect(failures.find((f) => f.property === "metadata.tier")?.reason).to.equal("must be text (a string)");
    expect(asked.beforeCreate).to.deep.equal([]);
  });

  it("lists what to set when the connection cannot be resolved, and looks at nothing remote", async () => {
    const { provider, asked } = backupResource();
    const result = await provider.check!({}, news({ connection: undefined }));
    expect(result.failures).to.deep.equal([
      {
        property: "connection",
        reason:
          "authUrl (OS_AUTH_URL) is not set: set it in the resource's `connection` input; " +
          "no credentials: set password (OS_PASSWORD)",
      },
    ]);
    expect(asked.beforeCreate).to.deep.equal([]);
  });

  it("passes a preview whose whole connection is an unknown output: it is resolved at up, once known", async () => {
    const { provider, asked } = backupResource();
    const result = await provider.check!({}, news({ connection: UNKNOWN }));
    expect(result.failures).to.deep.equal([]);
    expect(asked.resolved).to.deep.equal([]);
  });

  it("reports an invalid connection input once, by its path, without trying to resolve it", async () => {
    const { provider, asked } = backupResource();
    const result = await provider.check!({}, news({ connection: { authUrl: 5000 } }));
    expect(result.failures!.map((f) => f.property)).to.deep.equal(["connection.authUrl"]);
    expect(asked.resolved).to.deep.equal([]);
  });

  it("looks at the remote system before a create, with the parsed inputs, and reports what it finds", async () => {
    const notAvailable = [{ property: "volumeId", reason: "volume 2e56d167… is in-use: set force" }];
    const { provider, asked } = backupResource({
      verifyBeforeCreate: async (inputs) => {
        asked.beforeCreate.push(inputs);
        return notAvailable;
      },
    });
    const result = await provider.check!({}, news({ volumeId: VOLUME_OTHER_FORM, name: "nightly-db" }));
    expect(result.failures).to.deep.equal(notAvailable);
    expect(asked.beforeCreate).to.deep.equal([
      {
        __identity: identity,
        connection: { authUrl: "https://keystone.example:5000/v3" },
        volumeId: VOLUME,
        name: "nightly-db",
      },
    ]);
    expect(asked.beforeUpdate).to.deep.equal([]);
  });

  it("looks at the remote system before a replacement as before a create", async () => {
    const { provider, asked } = backupResource();
    await provider.check!(news({ volumeId: VOLUME, name: "a" }), news({ volumeId: OTHER_VOLUME, name: "b" }));
    expect(asked.beforeCreate.map((inputs) => inputs.volumeId)).to.deep.equal([OTHER_VOLUME]);
    expect(asked.beforeUpdate).to.deep.equal([]);
  });

  it("does not look at the remote system while an input is unknown (a preview)", async () => {
    const { provider, asked } = backupResource();
    const unknownVolume = await provider.check!({}, news({ volumeId: UNKNOWN }));
    const unknownTag = await provider.check!({}, news({ metadata: { tier: UNKNOWN } }));
    expect(unknownVolume.failures).to.deep.equal([]);
    expect(unknownTag.failures).to.deep.equal([]);
    expect(asked.beforeCreate).to.deep.equal([]);
  });

  it("does not look at the remote system when remote checks are switched off", async () => {
    const { provider, asked } = backupResource();
    const result = await withEnvironment({ DATAPROTECTION_REMOTE_CHECKS: "false" }, () =>
      provider.check!({}, news({ name: "" })),
    );
    expect(result.failures!.map((f) => f.property)).to.deep.equal(["name"]);
    const valid = await withEnvironment({ DATAPROTECTION_REMOTE_CHECKS: "false" }, () =>
      provider.check!({}, news()),
    );
    expect(valid.failures).to.deep.equal([]);
    expect(asked.beforeCreate).to.deep.equal([]);
  });

  it("before an update, asks about the changed inputs only, with the previous inputs", async () => {
    const { provider, asked } = backupResource();
    const olds = news({
      volumeId: VOLUME_OTHER_FORM,
      name: "before",
      metadata: { tier: "gold" },
      force: true,
    });
    const result = await provider.check!(olds, news({ name: "after", force: false }));
    expect(result.failures).to.deep.equal([]);
    expect(asked.beforeCreate).to.deep.equal([]);
    expect(asked.beforeUpdate).to.have.length(1);
    const [update] = asked.beforeUpdate;
    expect(update.changedKeys).to.have.members(["name", "metadata"]);
    expect(update.inputs).to.include({ volumeId: VOLUME, name: "after", force: false });
    // The removed input is in the previous inputs only.
    expect(update.inputs).not.to.have.property("metadata");
    expect(update.olds).to.deep.include({ name: "before", metadata: { tier: "gold" } });
  });

  it("reports what the pre-update check finds", async () => {
    const refusal = [{ property: "metadata", reason: "Cinder 3.40 cannot change metadata: it needs 3.43" }];
    const { provider } = backupResource({ verifyBeforeUpdate: async () => refusal });
    const result = await provider.check!(news(), news({ metadata: { tier: "gold" } }));
    expect(result.failures).to.deep.equal(refusal);
  });

  it("asks nothing remote when only ignored inputs change, or an id is written another way", async () => {
    const { provider, asked } = backupResource();
    const result = await provider.check!(
      news({ force: true }),
      news({ volumeId: VOLUME_OTHER_FORM, force: false, __identity: { ...identity, stack: "prod2" } }),
    );
    expect(result.failures).to.deep.equal([]);
    expect(asked.beforeCreate).to.deep.equal([]);
    expect(asked.beforeUpdate).to.deep.equal([]);
  });

  it('never throws: an error in a remote check becomes a failure of the property ""', async () => {
    const { provider } = backupResource({
      verifyBeforeCreate: async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.5:8776");
      },
      verifyBeforeUpdate: async () => {
        throw new ProviderError("could not list backups", { status: 503, requestId: "req-9" });
      },
    });
    const create = await provider.check!({}, news({ volumeId: VOLUME_OTHER_FORM }));
    expect(create.failures).to.deep.equal([
      { property: "", reason: "could not check the inputs: connect ECONNREFUSED 10.0.0.5:8776" },
    ]);
    expect(create.inputs).to.deep.equal(news());
    const update = await provider.check!(news(), news({ name: "renamed" }));
    expect(update.failures).to.deep.equal([
      {
        property: "",
        reason: "could not check the inputs: could not list backups (HTTP 503, request req-9)",
      },
    ]);
  });

  it("keeps secrets out of a failure made from an error", async () => {
    const secret = "resource-spec-check-secret-7f3a";
    registerSecret(secret);
    const { provider } = backupResource({
      verifyBeforeCreate: async () => {
        throw new Error(`Keystone refused password ${secret}`);
      },
    });
    const result = await provider.check!({}, news());
    expect(result.failures).to.deep.equal([
      { property: "", reason: "could not check the inputs: Keystone refused password [REDACTED]" },
    ]);
  });
});

describe("defineResource: diff", () => {
  it("comes from the diff table, with delete-before-replace from the definition", async () => {
    const { provider } = backupResource({ deleteBeforeReplace: true });
    const olds = { ...news({ name: "a" }), status: "available" };
    const replace = await provider.diff!(BACKUP_ID, olds, news({ volumeId: OTHER_VOLUME, name: "a" }));
    expect(replace).to.include({ changes: true, deleteBeforeReplace: true });
    expect(replace.replaces).to.deep.equal(["volumeId"]);
    const update = await provider.diff!(BACKUP_ID, olds, news({ name: "b", force: true }));
    expect(update).to.include({ changes: true, deleteBeforeReplace: false });
    expect(update.replaces).to.deep.equal([]);
    const none = await provider.diff!(BACKUP_ID, olds, news({ name: "a", force: true }));
    expect(none.changes).to.equal(false);
  });

  it("is no change when the state holds an id in another form than the inputs", async () => {
    const { provider } = backupResource();
    const olds = { ...news({ volumeId: VOLUME_OTHER_FORM }), status: "available" };
    const diff = await provider.diff!(BACKUP_ID, olds, news({ volumeId: VOLUME }));
    expect(diff.changes).to.equal(false);
    expect(diff.replaces).to.deep.equal([]);
  });

  it("lets the resource refine the table's diff with what the old outputs tell", async () => {
    const seen: { id: string; changes: boolean }[] = [];
    const { provider } = backupResource({
      refineDiff: (id, olds, _news, diff) => {
        seen.push({ id, changes: diff.changes });
        return olds.status === "error" ? withChange(diff, "status", "replace") : diff;
      },
    });
    const failed = await provider.diff!(BACKUP_ID, { ...news(), status: "error" }, news());
    expect(failed).to.include({ changes: true });
    expect(failed.replaces).to.deep.equal(["status"]);
    const available = await provider.diff!(BACKUP_ID, { ...news(), status: "available" }, news());
    expect(available.changes).to.equal(false);
    expect(seen).to.deep.equal([
      { id: BACKUP_ID, changes: false },
      { id: BACKUP_ID, changes: false },
    ]);
  });
});

describe("defineResource: errors", () => {
  /** A provider whose every operation fails with `error`. */
  function failingWith(error: unknown, verbs?: ResourceDefinition<Inputs>["verbs"]) {
    const fail = async (): Promise<never> => {
      throw error;
    };
    return backupResource({ verbs, create: fail, read: fail, update: fail, delete: fail }).provider;
  }

  /** Each operation of `provider` on the backup, with what it rejects with. */
  async function failures(provider: dynamic.ResourceProvider): Promise<Record<string, unknown>> {
    const props = news();
    return {
      create: await provider.create!(props).catch((e: unknown) => e),
      read: await provider.read!(BACKUP_ID, props).catch((e: unknown) => e),
      update: await provider.update!(BACKUP_ID, props, news({ name: "b" })).catch((e: unknown) => e),
      delete: await provider.delete!(BACKUP_ID, props).catch((e: unknown) => e),
    };
  }

  it("name the operation, the resource and its id", async () => {
    const errors = await failures(failingWith(new Error("quota exceeded")));
    expect((errors.create as Error).message).to.equal(
      'Error creating cinder.Backup "nightly": quota exceeded',
    );
    expect((errors.read as Error).message).to.equal(
      `Error reading cinder.Backup "nightly" (id ${BACKUP_ID}): quota exceeded`,
    );
    expect((errors.update as Error).message).to.equal(
      `Error updating cinder.Backup "nightly" (id ${BACKUP_ID}): quota exceeded`,
    );
    expect((errors.delete as Error).message).to.equal(
      `Error deleting cinder.Backup "nightly" (id ${BACKUP_ID}): quota exceeded`,
    );
    for (const error of Object.values(errors)) {
      expect(ProviderError.isInstance(error)).to.equal(true);
      // An `id` would make the host record a partially created resource.
      expect(isPartialFailure(error)).to.equal(false);
      expect(error).not.to.have.property("id");
    }
  });

  it("use the resource's own verbs where it has them", async () => {
    const errors = await failures(
      failingWith(new Error("busy"), { create: "backing up", delete: "removing" }),
    );
    expect((errors.create as Error).message).to.equal('Error backing up cinder.Backup "nightly": busy');
    expect((errors.delete as Error).message).to.match(/^Error removing cinder\.Backup "nightly" \(id /);
    expect((errors.read as Error).message).to.match(/^Error reading /);
  });

  it("keep the HTTP details and the more specific context of a provider error", async () => {
    const refusal = new ProviderError("volume is in-use", {
      operation: "snapshotting",
      status: 400,
      requestId: "req-7e18",
    });
    const errors = await failures(failingWith(refusal));
    expect(errors.update).to.include({ status: 400, requestId: "req-7e18", reason: "volume is in-use" });
    expect((errors.update as Error).message).to.equal(
      `Error snapshotting cinder.Backup "nightly" (id ${BACKUP_ID}): volume is in-use (HTTP 400, request req-7e18)`,
    );
  });

  it("name the bare type when the state has no identity", async () => {
    const provider = failingWith(new Error("gone"));
    const read = await provider.read!(BACKUP_ID, {}).catch((e: unknown) => e);
    expect((read as Error).message).to.equal(`Error reading cinder.Backup (id ${BACKUP_ID}): gone`);
    const del = await provider.delete!(BACKUP_ID, { volumeId: VOLUME }).catch((e: unknown) => e);
    expect((del as Error).message).to.equal(`Error deleting cinder.Backup (id ${BACKUP_ID}): gone`);
  });

  it("never show a secret", async () => {
    const secret = "resource-spec-error-secret-91c2";
    registerSecret(secret);
    const errors = await failures(failingWith(new Error(`401 for token ${secret}`)));
    for (const error of Object.values(errors)) {
      expect((error as Error).message).not.to.include(secret);
      expect((error as Error).message).to.match(/: 401 for token \[REDACTED\]$/);
    }
  });

  it("pass a partially created resource through with its id and properties", async () => {
    const outputs = { ...news(), status: "error", failReason: "quota" };
    const partial = asPartialFailure(
      new ProviderError("backup bk-1 went to status error: quota"),
      "bk-1",
      outputs,
      news(),
    );
    const errors = await failures(failingWith(partial));
    for (const [operation, verb] of [
      ["create", "creating"],
      ["update", "updating"],
    ]) {
      const error = errors[operation];
      expect(isPartialFailure(error), operation).to.equal(true);
      const failure = error as ProviderError & { id: string; properties: Props; reasons: string[] };
      expect(failure.id).to.equal("bk-1");
      expect(failure.properties).to.deep.equal(outputs);
      expect(failure.message).to.equal(
        `Error ${verb} cinder.Backup "nightly" (id bk-1): backup bk-1 went to status error: quota`,
      );
      expect(failure.reasons).to.deep.equal([failure.message]);
    }
  });
});

describe("defineResource: operations", () => {
  it("hand each operation what the host gave it, and return its result", async () => {
    const seen: unknown[] = [];
    const { provider } = backupResource({
      read: async (id, props) => {
        seen.push(props);
        return { id, props: { status: "available" } };
      },
      delete: async (id, props) => void seen.push({ id, props }),
    });
    expect(await provider.create!(news())).to.deep.equal({
      id: BACKUP_ID,
      outs: { ...news(), status: "available" },
    });
    // A read without state (an import) gets an empty bag.
    expect(await provider.read!(BACKUP_ID)).to.deep.equal({ id: BACKUP_ID, props: { status: "available" } });
    await provider.delete!(BACKUP_ID, news());
    expect(seen).to.deep.equal([{}, { id: BACKUP_ID, props: news() }]);
  });
});

describe("storedSessionInputs", () => {
  it("takes identity and connection as the state holds them, without validating the other inputs", () => {
    const stored = storedSessionInputs({
      __identity: { name: "nightly" },
      connection: { authUrl: "https://keystone.example:5000/v3", retiredSetting: true },
      volumeId: "written under an older, looser rule",
      status: "available",
    });
    expect(stored).to.deep.equal({
      __identity: { name: "nightly" },
      connection: { authUrl: "https://keystone.example:5000/v3", retiredSetting: true },
    });
    expect(storedSessionInputs({ __identity: identity })).to.deep.equal({
      __identity: { name: "nightly" },
      connection: undefined,
    });
  });

  it("refuses a state without __identity.name: it was not written by this provider", () => {
    for (const props of [{}, { __identity: {} }, { __identity: "nightly" }, { __identity: { name: 7 } }]) {
      expect(() => storedSessionInputs(props), JSON.stringify(props)).to.throw(
        ProviderError,
        "the resource's state has no __identity.name: it was not written by this provider",
      );
    }
  });

  it("refuses a state whose connection is not an object", () => {
    for (const connection of ["https://keystone.example", null, [], 3]) {
      expect(() => storedSessionInputs({ __identity: identity, connection }), String(connection)).to.throw(
        ProviderError,
        "the resource's state has a connection that is not an object",
      );
    }
  });
});

describe("sessionOpener", () => {
  class FakeClient {
    static built = 0;
    constructor(
      readonly connection: { url: string },
      readonly options: { log?: (line: string) => void },
    ) {
      FakeClient.built++;
    }
  }
  const resolve = (input: { authUrl?: string } | undefined) => {
    if (!input?.authUrl) throw new ProviderError("authUrl (OS_AUTH_URL) is not set");
    return { url: input.authUrl };
  };
  const open = sessionOpener("cinder.Backup", resolve, FakeClient);

  /** The lines `work` writes to the console. */
  function consoleLines(work: () => void): string[] {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      work();
    } finally {
      console.log = original;
    }
    return lines;
  }

  it("builds the client on the resolved connection, logging lines that name the resource", () => {
    const inputs = { __identity: identity, connection: { authUrl: "https://keystone.example" } };
    const session = open(inputs);
    expect(session.inputs).to.equal(inputs);
    expect(session.client.connection).to.deep.equal({ url: "https://keystone.example" });
    const lines = consoleLines(() => {
      session.client.options.log!("GET /v3/backups/detail");
      session.log.info("waiting for backup bk-1");
    });
    expect(lines).to.deep.equal([
      'cinder.Backup "nightly": GET /v3/backups/detail',
      'cinder.Backup "nightly": waiting for backup bk-1',
    ]);
  });

  it("fails when the connection cannot be resolved", () => {
    expect(() => open({ __identity: identity })).to.throw(ProviderError, "authUrl (OS_AUTH_URL) is not set");
  });

  it("opens a stored session on the state's identity and connection alone", () => {
    const session = open.stored({
      __identity: identity,
      connection: { authUrl: "https://keystone.example" },
      volumeId: "no longer valid",
    });
    expect(session.inputs).to.deep.equal({
      __identity: { name: "nightly" },
      connection: { authUrl: "https://keystone.example" },
    });
    expect(session.client.connection).to.deep.equal({ url: "https://keystone.example" });
  });

  it("refuses a state it cannot read before building a client", () => {
    const before = FakeClient.built;
    expect(() => open.stored({ connection: { authUrl: "https://keystone.example" } })).to.throw(
      ProviderError,
      /no __identity\.name/,
    );
    expect(FakeClient.built).to.equal(before);
  });
});

describe("storedInputsOf", () => {
  it("keeps each stored input that parses on its own, in its parsed form", () => {
    const stored = storedInputsOf(inputsShape, {
      volumeId: VOLUME_OTHER_FORM,
      name: "nightly-db",
      metadata: { tier: "gold" },
    });
    expect(stored).to.deep.equal({ volumeId: VOLUME, name: "nightly-db", metadata: { tier: "gold" } });
  });

  it("leaves out an input its rule now refuses, and what the shape does not declare", () => {
    const stored = storedInputsOf(inputsShape, {
      volumeId: VOLUME,
      name: "",
      metadata: { tier: 1 },
      force: undefined,
      status: "available",
    });
    expect(stored).to.deep.equal({ volumeId: VOLUME });
  });
});

describe("readInputs", () => {
  it("reads the inputs from a bag that also holds outputs, dropping the outputs", () => {
    const inputs = readInputs(inputsShape, {
      ...news({ volumeId: VOLUME_OTHER_FORM }),
      status: "available",
      size: 10,
    });
    expect(inputs).to.deep.equal({
      __identity: identity,
      connection: { authUrl: "https://keystone.example:5000/v3" },
      volumeId: VOLUME,
    });
  });

  it("fails naming the property path of a bad value", () => {
    expect(() => readInputs(inputsShape, news({ metadata: { tier: 1 } }))).to.throw(
      ProviderError,
      /^the resource's inputs are invalid: metadata\.tier: /,
    );
  });
});

describe("outputsWithInputs", () => {
  it("echoes the inputs the table declares, then the outputs", () => {
    const outputs = outputsWithInputs(
      table,
      { ...news({ name: "nightly-db", force: undefined }), status: "creating" },
      { status: "available", size: 10 },
    );
    expect(outputs).to.deep.equal({
      __identity: identity,
      connection: { authUrl: "https://keystone.example:5000/v3" },
      volumeId: VOLUME,
      name: "nightly-db",
      status: "available",
      size: 10,
    });
    expect(outputs).not.to.have.property("force");
  });

  it("lets an output override the echoed input of the same name", () => {
    expect(outputsWithInputs(table, { volumeId: VOLUME, name: "mine" }, { name: "server's" })).to.deep.equal({
      volumeId: VOLUME,
      name: "server's",
    });
  });
});

describe("inputsOf", () => {
  it("keeps the input properties of a bag that also holds outputs", () => {
    expect(inputsOf(table, { ...news({ name: "a" }), status: "available" })).to.deep.equal({
      __identity: identity,
      connection: { authUrl: "https://keystone.example:5000/v3" },
      volumeId: VOLUME,
      name: "a",
    });
  });
});

describe("labelOf", () => {
  it("names a resource by its type and name, or by its type alone without an identity", () => {
    expect(labelOf("cinder.Backup", { __identity: identity })).to.equal('cinder.Backup "nightly"');
    expect(labelOf("cinder.Backup", {})).to.equal("cinder.Backup");
    expect(labelOf("cinder.Backup", { __identity: { name: "" } })).to.equal("cinder.Backup");
  });
});
