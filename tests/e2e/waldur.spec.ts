// waldur.Snapshot and waldur.VolumeRestoration end to end: real Pulumi programs, the real dynamic-provider host,
// the simulator over HTTP. Each scenario asserts what a user sees and what Waldur received.
import { expect } from "chai";
import { WALDUR_LATE_2024, WALDUR_SEED, type WaldurBehaviour } from "../../simulator";
import { shown, summaryOf, TestStack, type DeclaredResource } from "./stack";

const DAY_MS = 24 * 60 * 60_000;
const [SCHEDULE_1, SCHEDULE_2, SCHEDULE_3] = WALDUR_SEED.scheduleSnapshotUuids;

/**
 * The servers every scenario runs against: Waldur as documented, and as a real late-2024 waldur-mastermind
 * answered (no description on restoration records, orders through pending-project, every PATCH through the
 * update executor).
 */
const MODES: readonly { name: string; behaviour: Partial<WaldurBehaviour> }[] = [
  { name: "as documented", behaviour: {} },
  { name: "as a late-2024 server answers", behaviour: WALDUR_LATE_2024 },
];

/** Short operations, so scenarios take seconds. */
async function startStackIn(
  mode: Partial<WaldurBehaviour>,
  options: Parameters<typeof TestStack.start>[0] = {},
): Promise<TestStack> {
  const stack = await TestStack.start(options);
  stack.sim.waldur.setBehaviour({
    ...mode,
    snapshotCreateMs: 300,
    volumeCreateMs: 300,
    updateMs: 300,
    deleteMs: 300,
    orderMs: 300,
  });
  return stack;
}

function adopted(uuid: string, index: number, extra: Record<string, unknown> = {}): DeclaredResource {
  return {
    type: "waldur.Snapshot",
    name: `schedule-${index + 1}`,
    args: { adoptSnapshotUuid: uuid, retention: { days: 30 }, ...extra },
  };
}

function fromVolume(volumeUuid: string, extra: Record<string, unknown> = {}): DeclaredResource {
  return { type: "waldur.Snapshot", name: "nightly", args: { volumeUuid, name: "nightly", ...extra } };
}

function restoration(snapshotRef: unknown, extra: Record<string, unknown> = {}): DeclaredResource {
  return {
    type: "waldur.VolumeRestoration",
    name: "drill",
    args: { snapshotUuid: snapshotRef, name: "db-data-drill", description: "restore drill", ...extra },
  };
}

/** The PATCH requests Waldur received for one snapshot, as their bodies. */
function patchesOf(stack: TestStack, uuid: string): Record<string, unknown>[] {
  return stack
    .requestsTo("waldur", "PATCH")
    .filter((r) => r.path.endsWith(`/openstack-snapshots/${uuid}/`))
    .map((r) => r.body as Record<string, unknown>);
}

/** Whole days between a snapshot's creation and its kept_until (retention is set to the second). */
function retentionDays(snapshot: { createdAt: number; keptUntil: string | null }): number {
  return Math.round((Date.parse(String(snapshot.keptUntil)) - snapshot.createdAt) / DAY_MS);
}

function snapshotState(stack: TestStack, uuid: string) {
  return stack.sim.waldur.state.snapshots.find((s) => s.uuid === uuid);
}

for (const mode of MODES) describeAgainst(mode);

function describeAgainst(mode: (typeof MODES)[number]): void {
  const startStack = (options: Parameters<typeof TestStack.start>[0] = {}) =>
    startStackIn(mode.behaviour, options);

  describe(`waldur end to end (${mode.name})`, function () {
    this.timeout(120_000);

    describe("codified retention of scheduled snapshots", () => {
      let stack: TestStack;
      before(async () => (stack = await startStack({ secretsInConfig: true })));
      after(async () => stack.dispose());

      const three = (days = 30) =>
        [SCHEDULE_1, SCHEDULE_2, SCHEDULE_3].map((uuid, i) => adopted(uuid, i, { retention: { days } }));

      it("adopts three scheduled snapshots and sets 30 days of retention from each one's creation", async () => {
        const result = await stack.run("up", three());
        expect(result.ok, shown(result)).to.equal(true);
        expect(summaryOf(result, "waldur.Snapshot")).to.deep.equal({ create: 3 });
        expect(stack.sim.waldur.snapshotCreates).to.equal(0);
        for (const uuid of [SCHEDULE_1, SCHEDULE_2, SCHEDULE_3]) {
          const snapshot = snapshotState(stack, uuid)!;
          expect(retentionDays(snapshot)).to.equal(30);
          expect(patchesOf(stack, uuid)).to.deep.equal([{ kept_until: snapshot.keptUntil }]);
        }
        expect(stack.stateText()).to.not.contain(stack.sim.waldur.token);
      });

      it("a second up changes nothing: the retention is stable across runs", async () => {
        const before = stack.requestsTo("waldur", "PATCH").length;
        const result = await stack.run("up", three());
        expect(result.ok, shown(result)).to.equal(true);
        expect(summaryOf(result, "waldur.Snapshot")).to.deep.equal({ same: 3 });
        expect(stack.requestsTo("waldur", "PATCH")).to.have.length(before);
      });

      it("changing retention.days is an update: a PATCH of kept_until only, no replace", async () => {
        const result = await stack.run("up", three(45));
        expect(result.ok, shown(result)).to.equal(true);
        expect(summaryOf(result, "waldur.Snapshot")).to.deep.equal({ update: 3 });
        const patches = patchesOf(stack, SCHEDULE_1);
        expect(Object.keys(patches[patches.length - 1])).to.deep.equal(["kept_until"]);
        const snapshot = snapshotState(stack, SCHEDULE_1)!;
        expect(retentionDays(snapshot)).to.equal(45);
      });

      it("a rename is a PATCH of the name only", async () => {
        const declared = three(45);
        declared[0].args.name = "db-data-monthly";
        const result = await stack.run("up", declared);
        expect(result.ok, shown(result)).to.equal(true);
        expect(summaryOf(result, "waldur.Snapshot")).to.deep.equal({ update: 1, same: 2 });
        expect(patchesOf(stack, SCHEDULE_1).pop()).to.deep.equal({ name: "db-data-monthly" });
        expect(snapshotState(stack, SCHEDULE_1)?.name).to.equal("db-data-monthly");
      });

      it("a kept_until changed outside Pulumi shows on refresh, and the next up puts it back", async () => {
        const declared = three(45);
        declared[0].args.name = "db-data-monthly";
        const declaredKeptUntil = snapshotState(stack, SCHEDULE_2)!.keptUntil;
        stack.sim.waldur.setKeptUntil(SCHEDULE_2, "2099-01-01T00:00:00Z");
        const refresh = await stack.run("refresh", declared);
        expect(refresh.ok, shown(refresh)).to.equal(true);
        const recorded = stack.resourcesOf("waldur.Snapshot").find((r) => r.id === SCHEDULE_2)!;
        expect(recorded.outputs.effectiveKeptUntil).to.equal("2099-01-01T00:00:00Z");
        const preview = await stack.run("preview", declared);
        expect(summaryOf(preview, "waldur.Snapshot")).to.deep.equal({ update: 1, same: 2 });
        const up = await stack.run("up", declared);
        expect(up.ok, shown(up)).to.equal(true);
        expect(snapshotState(stack, SCHEDULE_2)?.keptUntil).to.equal(declaredKeptUntil);
      });

      it("destroy releases adopted snapshots: they stay in Waldur", async () => {
        const result = await stack.run("destroy", []);
        expect(result.ok, shown(result)).to.equal(true);
        expect(stack.requestsTo("waldur", "DELETE")).to.have.length(0);
        for (const uuid of [SCHEDULE_1, SCHEDULE_2, SCHEDULE_3])
          expect(snapshotState(stack, uuid)).to.not.equal(undefined);
        expect(shown(result)).to.match(/released adopted snapshot/);
      });
    });

    describe("snapshots of a volume, and restores", () => {
      let stack: TestStack;
      beforeEach(async () => (stack = await startStack()));
      afterEach(async () => stack.dispose());

      it("creates a snapshot; changing the volume replaces it (new snapshot, old one deleted)", async () => {
        const first = await stack.run("up", [
          fromVolume(WALDUR_SEED.dbDataVolumeUuid, { retention: { days: 7 } }),
        ]);
        expect(first.ok, shown(first)).to.equal(true);
        const [created] = stack.resourcesOf("waldur.Snapshot");
        expect(created.outputs).to.include({ state: "OK", sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid });
        const moved = await stack.run("up", [
          fromVolume(WALDUR_SEED.scratchVolumeUuid, { retention: { days: 7 } }),
        ]);
        expect(moved.ok, shown(moved)).to.equal(true);
        expect(summaryOf(moved, "waldur.Snapshot")).to.deep.equal({ replace: 1 });
        expect(snapshotState(stack, created.id)).to.equal(undefined);
        expect(stack.resourcesOf("waldur.Snapshot")[0].outputs.sourceVolumeUuid).to.equal(
          WALDUR_SEED.scratchVolumeUuid,
        );
        expect(stack.sim.waldur.snapshotCreates).to.equal(2);
      });

      it("restores into a new volume; destroy terminates only that volume, through its marketplace order", async () => {
        const snapshot = fromVolume(WALDUR_SEED.dbDataVolumeUuid);
        const declared = [snapshot, restoration({ $ref: "nightly.uuid" })];
        const up = await stack.run("up", declared);
        expect(up.ok, shown(up)).to.equal(true);
        const [volume] = stack.resourcesOf("waldur.VolumeRestoration");
        const [nightly] = stack.resourcesOf("waldur.Snapshot");
        expect(volume.outputs).to.include({
          state: "OK",
          runtimeState: "available",
          volumeName: "db-data-drill",
        });
        expect(volume.outputs.restoration).to.not.equal(null);
        const otherVolumes = stack.sim.waldur.state.volumes
          .filter((v) => v.uuid !== volume.id)
          .map((v) => v.uuid);
        const destroy = await stack.run("destroy", []);
        expect(destroy.ok, shown(destroy)).to.equal(true);
        expect(stack.sim.waldur.terminations).to.equal(1);
        expect(stack.sim.waldur.state.volumes.map((v) => v.uuid)).to.deep.equal(otherVolumes);
        // The snapshot this stack created is deleted; nothing else is.
        expect(stack.requestsTo("waldur", "DELETE").map((r) => r.path)).to.deep.equal([
          `/waldur/api/openstack-snapshots/${nightly.id}/`,
        ]);
      });

      it("a restored volume with no marketplace resource fails destroy with a message that says what to do", async () => {
        stack.sim.waldur.setBehaviour({ restoredVolumesInMarketplace: false });
        const up = await stack.run("up", [restoration(SCHEDULE_1)]);
        expect(up.ok, shown(up)).to.equal(true);
        const destroy = await stack.run("destroy", []);
        expect(destroy.ok).to.equal(false);
        expect(shown(destroy)).to.match(
          /volume db-data-drill \([0-9a-f]{32}\) has no marketplace resource.*delete it in Waldur, or set the retainOnDelete/,
        );
        expect(stack.resourcesOf("waldur.VolumeRestoration")).to.have.length(1);
      });

      it("a busy snapshot (409) is waited out, not surfaced", async () => {
        const up = await stack.run("up", [adopted(SCHEDULE_1, 0)]);
        expect(up.ok, shown(up)).to.equal(true);
        // The snapshot turns busy just as the update has read it, so the PATCH that follows meets a 409.
        let busy = false;
        const stop = stack.sim.onRequest((request) => {
          if (
            !busy &&
            request.method === "GET" &&
            request.path.endsWith(`/openstack-snapshots/${SCHEDULE_1}/`)
          ) {
            busy = true;
            stack.sim.waldur.makeBusy(SCHEDULE_1, 1500);
          }
        });
        const result = await stack.run("up", [adopted(SCHEDULE_1, 0, { retention: { days: 60 } })]);
        stop();
        expect(result.ok, shown(result)).to.equal(true);
        expect(stack.requestsTo("waldur", "PATCH").map((r) => r.status)).to.include(409);
        expect(shown(result)).to.match(
          /is busy \(UPDAT\w+; 409 "Valid states for operation: OK\."\): trying again in/,
        );
      });

      it("replacing a restoration restores into a new volume, then terminates only the old one", async () => {
        const first = await stack.run("up", [restoration(SCHEDULE_1, { triggers: { drill: "1" } })]);
        expect(first.ok, shown(first)).to.equal(true);
        const [old] = stack.resourcesOf("waldur.VolumeRestoration");
        const second = await stack.run("up", [restoration(SCHEDULE_1, { triggers: { drill: "2" } })]);
        expect(second.ok, shown(second)).to.equal(true);
        expect(summaryOf(second, "waldur.VolumeRestoration")).to.deep.equal({ replace: 1 });
        const [now] = stack.resourcesOf("waldur.VolumeRestoration");
        expect(now.id).to.not.equal(old.id);
        const volumes = stack.sim.waldur.state.volumes.map((v) => v.uuid);
        expect(volumes).to.include(now.id).and.not.include(old.id);
        expect(stack.sim.waldur.restores).to.equal(2);
        expect(stack.sim.waldur.terminations).to.equal(1);
      });

      it("a volume restored by hand from the same snapshot, under the same name, is never adopted", async () => {
        const byHand = await fetch(`${stack.sim.waldur.apiUrl}openstack-snapshots/${SCHEDULE_1}/restore/`, {
          method: "POST",
          headers: { authorization: `Token ${stack.sim.waldur.token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: "db-data-drill", description: "restore drill" }),
        });
        expect(byHand.status).to.equal(201);
        const lookAlike = ((await byHand.json()) as { uuid: string }).uuid;
        const up = await stack.run("up", [restoration(SCHEDULE_1)]);
        expect(up.ok, shown(up)).to.equal(true);
        const [mine] = stack.resourcesOf("waldur.VolumeRestoration");
        expect(mine.id).to.not.equal(lookAlike);
        expect(shown(up)).to.not.match(/adopting/);
        const destroy = await stack.run("destroy", []);
        expect(destroy.ok, shown(destroy)).to.equal(true);
        expect(stack.sim.waldur.state.volumes.map((v) => v.uuid))
          .to.include(lookAlike)
          .and.not.include(mine.id);
      });

      it("a uuid written dashed or in upper case is the same snapshot: no change", async () => {
        const dashed = SCHEDULE_1.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-").toUpperCase();
        const up = await stack.run("up", [adopted(dashed, 0)]);
        expect(up.ok, shown(up)).to.equal(true);
        expect(stack.resourcesOf("waldur.Snapshot")[0].id).to.equal(SCHEDULE_1);
        const preview = await stack.run("preview", [adopted(SCHEDULE_1, 0)]);
        expect(summaryOf(preview, "waldur.Snapshot")).to.deep.equal({ same: 1 });
      });

      it("an ERRED snapshot is recorded with its uuid and Waldur's error message", async () => {
        stack.sim.waldur.setBehaviour({
          snapshotOutcomes: [{ state: "ERRED", errorMessage: "Cinder quota exceeded" }],
        });
        const result = await stack.run("up", [fromVolume(WALDUR_SEED.dbDataVolumeUuid)]);
        expect(result.ok).to.equal(false);
        const [recorded] = stack.resourcesOf("waldur.Snapshot");
        expect(recorded.id).to.match(/^[0-9a-f]{32}$/);
        expect(recorded.initErrors?.[0]).to.contain("Cinder quota exceeded");
        expect(shown(result)).to.contain(`Error creating waldur.Snapshot "nightly" (id ${recorded.id})`);
      });

      it("bad inputs fail in preview with their property, and no request is sent", async () => {
        const result = await stack.run("preview", [
          fromVolume("not-a-uuid", { keptUntil: "2001-01-01T00:00:00Z" }),
          adopted(SCHEDULE_1, 0, { volumeUuid: WALDUR_SEED.scratchVolumeUuid, keptUntil: null }),
          restoration(SCHEDULE_2, { description: "d".repeat(1975) }),
        ]);
        expect(result.ok).to.equal(false);
        const text = shown(result);
        // Waldur keeps 2,000 characters, and the marker takes 26 of them: Waldur would answer 400.
        expect(text).to.match(/description: is 1975 characters, and at most 1974 fit: Waldur keeps 2000/);
        expect(text).to.match(/volumeUuid: must be a Waldur uuid/);
        expect(text).to.match(/keptUntil: 2001-01-01T00:00:00Z is in the past: Waldur deletes a snapshot/);
        expect(text).to.match(/adoptSnapshotUuid: set volumeUuid or adoptSnapshotUuid, not both/);
        expect(text).to.match(/retention: set keptUntil or retention, not both/);
        expect(stack.requestsTo("waldur")).to.have.length(0);
      });

      it("works with servers that spell states the old way (Creation Scheduled, OK, Erred)", async () => {
        stack.sim.waldur.setBehaviour({ legacyStateNames: true });
        const up = await stack.run("up", [
          fromVolume(WALDUR_SEED.dbDataVolumeUuid, { description: "legacy" }),
        ]);
        expect(up.ok, shown(up)).to.equal(true);
        expect(stack.resourcesOf("waldur.Snapshot")[0].outputs.state).to.equal("OK");
        const renamed = await stack.run("up", [
          fromVolume(WALDUR_SEED.dbDataVolumeUuid, { description: "renamed" }),
        ]);
        expect(renamed.ok, shown(renamed)).to.equal(true);
        expect(summaryOf(renamed, "waldur.Snapshot")).to.deep.equal({ update: 1 });
      });
    });
  });
}
