// The resource model: what every resource derives from its field declarations. A small "thing" resource on an
// in-memory server (the model does no HTTP: its client is whatever the resource gives it).
import { expect } from "chai";
import { z } from "zod";
import { useClock, type Clock } from "../../../provider/core/clock";
import {
  adoptField,
  connectionKind,
  defaultedNameField,
  markedDescriptionField,
  metadataField,
  withCommonFields,
} from "../../../provider/core/common-fields";
import { diffTableOf, field, inputTable } from "../../../provider/core/fields";
import { describeWithMarker } from "../../../provider/core/identity";
import { resourceModel } from "../../../provider/core/model";
import { ProviderError } from "../../../provider/core/errors";

/** The thing as its server holds it. */
interface Thing {
  id: string;
  name?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
}

/** The API client the model builds sessions with: an in-memory server of things. */
class ThingClient {
  static things = new Map<string, Thing>();
  constructor(
    readonly connection: { url: string },
    readonly options: { log?: (line: string) => void },
  ) {}
  async getThing(id: string): Promise<Thing | undefined> {
    return ThingClient.things.get(id);
  }
}

const testConnection = connectionKind({
  name: "Thing",
  schema: z.object({ url: z.string().optional() }).strict(),
  doc: "see [Thing connection](#thing-connection)",
  resolve: (input: { url?: string } | undefined) =>
    input?.url ? { ok: true, connection: { url: input.url } } : { ok: false, problems: ["url is not set"] },
});

const thingFields = withCommonFields("ThingService", testConnection, ["2h", "10m", "1h30m"], {
  sourceId: field(z.string().min(1), { replaces: "another source is another thing", doc: "the source" }),
  adoptThingId: adoptField(z.string().min(1), "thing", "manage an existing thing instead"),
  name: defaultedNameField("thing", { max: 64, updates: "PUT" }),
  description: markedDescriptionField({ max: 100, updates: "PUT" }),
  metadata: metadataField("ThingService", { updates: "PUT", doc: "map of strings" }),
  force: field(z.boolean().optional(), { ignored: "only matters when the thing is made", doc: "boolean" }),
});

const model = resourceModel("test.Thing", thingFields, ThingClient);

const identity = { type: "test.Thing", name: "my-thing", project: "p", stack: "s" };
const connection = { url: "https://things.example" };
const MARKER = "pulumi:0123456789abcdefghi";

describe("withCommonFields", () => {
  it("puts the identity first, the resource's own fields, then timeouts with their defaults and the connection", () => {
    expect(Object.keys(thingFields)).to.deep.equal([
      "__identity",
      "sourceId",
      "adoptThingId",
      "name",
      "description",
      "metadata",
      "force",
      "timeouts",
      "connection",
    ]);
    expect(thingFields.timeouts.defaults).to.deep.equal({
      create: 2 * 3_600_000,
      update: 10 * 60_000,
      delete: 90 * 60_000,
    });
    const rows = Object.fromEntries(
      inputTable(thingFields).map(([input, what, change]) => [input, [what, change]]),
    );
    expect(rows["`timeouts`"]).to.deep.equal([
      "`{ create?, update?, delete? }`, defaults 2h, 10m, 1h30m",
      "state only: deadlines of this provider's waits",
    ]);
    expect(rows["`connection`"]).to.deep.equal([
      "see [Thing connection](#thing-connection)",
      "state only: how this provider reaches ThingService",
    ]);
    expect(rows["`adoptThingId`"]![1]).to.equal("**replaces**: another thing to manage");
    expect(rows["`metadata`"]![1]).to.equal(
      "update: PUT; removed: cleared; a key removed is removed in ThingService",
    );
  });

  it("declares what a change of each input means: replace, update in place, or nothing", () => {
    expect(diffTableOf(thingFields)).to.deep.equal({
      __identity: "ignore",
      sourceId: "replace",
      adoptThingId: "replace",
      name: "update",
      description: "update",
      metadata: "update",
      force: "ignore",
      timeouts: "update",
      connection: "update",
    });
  });
});

describe("resourceModel", () => {
  let clock: Clock & { at: number };
  let restoreClock: () => void;
  beforeEach(() => {
    clock = { at: 1_000_000, now: () => clock.at, sleep: async (ms) => void (clock.at += ms) };
    restoreClock = useClock(clock);
    ThingClient.things.clear();
  });
  afterEach(() => restoreClock());

  it("begins an operation with the validated inputs, a session on the resolved connection, and its deadline", () => {
    const props = { __identity: identity, sourceId: "src", connection, timeouts: { update: "5m" }, extra: 1 };
    const update = model.begin("update", props);
    expect(update.inputs).to.not.have.property("extra");
    expect(update.deadline).to.equal(clock.at + 5 * 60_000);
    expect(update.session.inputs).to.equal(update.inputs);
    expect((update.session.client as ThingClient).connection).to.deep.equal(connection);
    expect(model.begin("delete", props).deadline, "the default").to.equal(clock.at + 90 * 60_000);
  });

  it("checks that the marker fits the server's limit, except on an adopted thing, and refuses undeclared inputs", () => {
    const check = (inputs: Record<string, unknown>) =>
      model.definition.schema.safeParse({ __identity: identity, sourceId: "src", ...inputs });
    const longest = "d".repeat(100 - 26);
    expect(check({ description: longest }).success).to.equal(true);
    const tooLong = check({ description: `${longest}d` });
    expect(tooLong.success).to.equal(false);
    expect(tooLong.error!.issues[0].path).to.deep.equal(["description"]);
    expect(tooLong.error!.issues[0].message).to.match(
      /ThingService keeps 100, and the resource adds a 26-character marker/,
    );
    expect(check({ description: `${longest}d`, adoptThingId: "t1" }).success).to.equal(true);
    expect(check({ bogus: true }).success).to.equal(false);
  });

  it("reads a delete's stored inputs tolerantly: what today's rules refuse is left out, not an error", () => {
    const stored = model.storedInputs({ __identity: identity, sourceId: "", timeouts: { delete: "2m" } });
    expect(stored).to.deep.equal({ __identity: identity, timeouts: { delete: 2 * 60_000 } });
  });

  it("refreshes from the server: drift comes back as inputs, undeclared ones stay undeclared, a gone thing is dropped", async () => {
    ThingClient.things.set("t1", {
      id: "t1",
      name: "renamed",
      description: describeWithMarker("edited", MARKER),
      metadata: { owner: "b" },
    });
    const stored = {
      __identity: identity,
      sourceId: "src",
      name: "my-thing",
      description: "mine",
      connection,
      marker: MARKER,
      status: "old",
    };
    const read = model.refresh(
      (client, id) => client.getThing(id),
      (thing, inputs, marker) => ({
        ...inputs,
        status: "read",
        seenMarker: marker ?? null,
        thingId: thing.id,
      }),
    );
    const result = await read("t1", stored);
    expect(result.id).to.equal("t1");
    expect(result.inputs).to.deep.equal({
      __identity: identity,
      sourceId: "src",
      name: "renamed",
      description: "edited",
      connection,
    });
    expect(result.props).to.include({ status: "read", seenMarker: MARKER, thingId: "t1" });
    expect(await read("gone", stored)).to.deep.equal({ id: "", props: {} });
  });

  it("updates only what differs from the server, and a removed input as its removal says", () => {
    const thing: Thing = {
      id: "t1",
      name: "my-thing",
      description: describeWithMarker("old", MARKER),
      metadata: { a: "1" },
    };
    const olds = { __identity: identity, sourceId: "src", description: "old", metadata: { a: "1" } };
    expect(model.changes(thing, olds, olds, MARKER)).to.deep.equal({});
    const news = { __identity: identity, sourceId: "src" };
    expect(model.changes(thing, olds, news, MARKER)).to.deep.equal({
      description: `[${MARKER}]`,
      metadata: {},
    });
  });

  it("leaves an adopted thing's undeclared name alone, and gives a made thing the resource's name back", () => {
    const thing: Thing = { id: "t1", name: "theirs", description: "", metadata: {} };
    const adopted = { __identity: identity, sourceId: "src", adoptThingId: "t1" };
    expect(model.changes(thing, adopted, adopted, undefined)).to.deep.equal({});
    const made = { __identity: identity, sourceId: "src" };
    expect(model.changes(thing, made, made, undefined)).to.deep.equal({ name: "my-thing" });
  });

  it("says a thing that is gone no longer exists, naming the service and what to run", () => {
    expect(model.mustExist({ id: "t1" }, "thing t1")).to.deep.equal({ id: "t1" });
    expect(() => model.mustExist(undefined, "thing t1"))
      .to.throw(ProviderError)
      .with.property(
        "message",
        "thing t1 no longer exists in ThingService; run `pulumi refresh` to drop it from the stack",
      );
  });

  it("resolves the connection for check, and fails an operation listing what to set", () => {
    expect(model.resolveConnection({})).to.deep.equal({ ok: false, problems: ["url is not set"] });
    expect(() => model.begin("create", { __identity: identity, sourceId: "src" })).to.throw(
      "the Thing connection is incomplete: url is not set",
    );
  });
});
