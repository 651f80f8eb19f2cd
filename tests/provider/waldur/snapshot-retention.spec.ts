// waldur.SnapshotRetention over HTTP against the simulator: what each path a user takes after the first `up` does
// to the snapshots (new snapshots, drift, a changed rule or grace, leaveAlone, a name prefix, refresh, destroy),
// what preview prints, and that it works on every Waldur the simulator models.
import { expect } from "chai";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { providerFor } from "../../../provider";
import type { TableDiff } from "../../../provider/core/diff";
import { evaluateRetention } from "../../../provider/waldur/retention-rule";
import {
  ManualClock,
  startSimulator,
  WALDUR_LATE_2024,
  WALDUR_SEED,
  type Simulator,
} from "../../../simulator";
import { withEnvironment } from "../../helpers/environment";

type Props = Record<string, unknown>;

const DAY = 24 * 3600 * 1000;
const TYPE = "waldur.SnapshotRetention";
const VOLUME = WALDUR_SEED.scratchVolumeUuid;
const provider = (): dynamic.ResourceProvider => providerFor(TYPE);

/** What `fn` printed on the console (the provider's log lines), and its result. */
async function printed<T>(fn: () => Promise<T>): Promise<{ lines: string; result: T }> {
  const original = console.log;
  const lines: string[] = [];
  console.log = (line: string) => void lines.push(String(line));
  try {
    return { result: await fn(), lines: lines.join("\n") };
  } finally {
    console.log = original;
  }
}

describe("waldur.SnapshotRetention (against the simulator)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let clock: ManualClock;
  const now = () => clock.now();

  /** `days` daily snapshots of the scratch volume (the newest yesterday at 02:00 UTC, each kept 60 days); uuids, newest first. */
  function dailySnapshots(days: number, prefix = "daily"): string[] {
    const midnight = Math.floor(now() / DAY) * DAY;
    return Array.from({ length: days }, (_, index) => {
      const createdAt = midnight - (index + 1) * DAY + 2 * 3600 * 1000;
      const name = `${prefix}-${new Date(createdAt).toISOString().slice(0, 10)}`;
      const keptUntil = new Date(createdAt + 60 * DAY).toISOString();
      return sim.waldur.addSnapshot({ sourceVolume: VOLUME, name, createdAt, keptUntil }).uuid;
    });
  }

  function inputs(extra: Props = {}): Props {
    return {
      __identity: { type: TYPE, name: "scratch-policy", project: "p", stack: "dev" },
      sourceVolumeUuid: VOLUME,
      rule: { keepLast: 3, daily: 7, weekly: 4 },
      connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
      ...extra,
    };
  }

  /** `kept_until` of each snapshot of the scratch volume, by uuid, as Waldur holds it. */
  function keptUntil(): Map<string, string | null> {
    const snapshots = sim.waldur.state.snapshots.filter((s) => s.sourceVolumeUuid === VOLUME);
    return new Map(snapshots.map((s) => [s.uuid, s.keptUntil]));
  }

  /** The requests during `fn` that change something, as `METHOD uuid`. */
  async function changes<T>(fn: () => Promise<T>): Promise<{ sent: string[]; result: T }> {
    const before = sim.requests.length;
    const result = await fn();
    const sent = sim.requests
      .slice(before)
      .filter((request) => request.method !== "GET" && request.service === "waldur")
      .map((request) => `${request.method} ${request.path.split("/").at(-2)}`);
    return { sent, result };
  }

  /** Checks and creates the policy; its id and outputs. */
  async function create(props: Props) {
    const checked = await provider().check!({}, props);
    expect(checked.failures ?? []).to.deep.equal([]);
    const created = await provider().create!(checked.inputs);
    return { id: created.id, outs: created.outs as Props, inputs: checked.inputs as Props };
  }

  /** What preview decides for `news` over a policy whose state is `outs`. */
  async function diff(id: string, outs: Props, news: Props): Promise<TableDiff> {
    return (await provider().diff!(id, outs, news)) as TableDiff;
  }

  beforeEach(async () => {
    clock = new ManualClock(Date.parse("2026-12-07T09:30:00Z"));
    // Tokens that outlive the days the clock jumps; snapshots made at once (the clock does not run by itself).
    sim = await startSimulator({ clock, waldur: { tokenIdleTimeoutMs: Infinity, snapshotCreateMs: 0 } });
  });
  afterEach(() => sim.close());

  it("the first up keeps what the rule keeps (kept_until null), gives the others now + grace, and PATCHes only those", async () => {
    const uuids = dailySnapshots(40);
    const { result: policy, sent } = await changes(() => create(inputs()));
    const expected = evaluateRetention(
      sim.waldur.state.snapshots
        .filter((s) => s.sourceVolumeUuid === VOLUME)
        .map((s) => ({
          uuid: s.uuid,
          name: s.name,
          created: new Date(s.createdAt).toISOString(),
          keptUntil: null,
          state: "OK",
        })),
      { keepLast: 3, daily: 7, weekly: 4 },
      { now: now(), graceDays: 7 },
    );
    const kept = expected.decisions.filter((d) => d.verdict === "kept").map((d) => d.snapshot.uuid);
    expect(kept).to.have.length(10); // 7 days (covering the last 3), then 3 more weeks
    const held = keptUntil();
    for (const uuid of uuids) {
      expect(held.get(uuid), uuid).to.equal(kept.includes(uuid) ? null : "2026-12-14T09:30:00Z");
    }
    expect(sent).to.have.length(40); // every snapshot had a schedule's date: each one changes once
    expect(policy.outs).to.include({ snapshotCount: 40, keptCount: 10, leavingCount: 30, leftAloneCount: 0 });
    expect(policy.outs.kept).to.deep.equal(kept);
    expect(policy.id).to.equal(VOLUME);
  });

  it("a second preview and up over the same snapshots change nothing and send no PATCH", async () => {
    dailySnapshots(20);
    const policy = await create(inputs());
    clock.advance(3600_000);
    const { sent, result } = await changes(async () => {
      const decided = await diff(policy.id, policy.outs, policy.inputs);
      const updated = await provider().update!(policy.id, policy.outs, policy.inputs);
      return { decided, updated };
    });
    expect(result.decided.changes).to.equal(false);
    expect(sent).to.deep.equal([]);
    expect(result.updated.outs).to.deep.equal({ ...policy.outs });
  });

  it("a snapshot made after the last up shows in the next preview and is kept; the one it displaces starts leaving", async () => {
    const uuids = dailySnapshots(10);
    const policy = await create(inputs({ rule: { keepLast: 3 } }));
    clock.advance(DAY);
    // As a schedule makes it: kept for its retention_time.
    const createdAt = now() - 3600_000;
    const keptBySchedule = new Date(createdAt + 7 * DAY).toISOString().replace(".000Z", "Z");
    const fresh = sim.waldur.addSnapshot({
      sourceVolume: VOLUME,
      name: "daily-new",
      createdAt,
      keptUntil: keptBySchedule,
    }).uuid;
    const { lines, result } = await printed(() => diff(policy.id, policy.outs, policy.inputs));
    expect(result.changes, "preview reports an update").to.equal(true);
    expect(result.replaces).to.deep.equal([]);
    expect(lines).to.contain("kept_until changes on 2 snapshots");
    expect(lines).to.contain(`keep   daily-new (${fresh}, created`);
    expect(lines).to.contain(`kept_until ${keptBySchedule} → null (forever) (last 3)`);
    expect(lines).to.contain(
      `expire ${sim.waldur.state.snapshots.find((s) => s.uuid === uuids[2])?.name} (${uuids[2]}`,
    );
    const { sent } = await changes(() => provider().update!(policy.id, policy.outs, policy.inputs));
    expect(sent.sort()).to.deep.equal([`PATCH ${fresh}`, `PATCH ${uuids[2]}`].sort());
    expect(keptUntil().get(fresh)).to.equal(null);
    expect(keptUntil().get(uuids[2])).to.equal("2026-12-15T09:30:00Z");
  });

  it("puts back a kept_until changed outside Pulumi (drift), and refresh reports the set as Waldur holds it", async () => {
    const uuids = dailySnapshots(5);
    const policy = await create(inputs({ rule: { keepLast: 5 } }));
    sim.waldur.setKeptUntil(uuids[1], "2026-12-08T00:00:00Z");
    const refreshed = await provider().read!(policy.id, policy.outs);
    expect(refreshed.id).to.equal(policy.id);
    expect((refreshed.props as Props).keptCount).to.equal(5); // the rule keeps it: the drift is a change to undo
    const decided = await diff(policy.id, refreshed.props as Props, policy.inputs);
    expect(decided.changes).to.equal(true);
    const { sent } = await changes(() => provider().update!(policy.id, policy.outs, policy.inputs));
    expect(sent).to.deep.equal([`PATCH ${uuids[1]}`]);
    expect(keptUntil().get(uuids[1])).to.equal(null);
  });

  it("a narrower rule sends snapshots leaving; widening it again within the grace period keeps them (an undo)", async () => {
    const uuids = dailySnapshots(6);
    const policy = await create(inputs({ rule: { keepLast: 6 } }));
    const narrower = inputs({ rule: { keepLast: 2 } });
    expect((await diff(policy.id, policy.outs, narrower)).changedKeys).to.include("rule");
    const narrowed = await provider().update!(policy.id, policy.outs, narrower);
    expect(uuids.slice(2).map((uuid) => keptUntil().get(uuid))).to.deep.equal(
      Array(4).fill("2026-12-14T09:30:00Z"),
    );
    clock.advance(2 * DAY);
    const { sent } = await changes(() =>
      provider().update!(policy.id, narrowed.outs as Props, inputs({ rule: { keepLast: 6 } })),
    );
    expect(sent).to.have.length(4);
    expect(uuids.map((uuid) => keptUntil().get(uuid))).to.deep.equal(Array(6).fill(null));
  });

  it("a leaving snapshot's deadline is never pushed on: a longer grace leaves it, a shorter one brings it forward", async () => {
    const uuids = dailySnapshots(3);
    const policy = await create(inputs({ rule: { keepLast: 1 }, graceDays: 7 }));
    clock.advance(DAY);
    const longer = await changes(() =>
      provider().update!(policy.id, policy.outs, inputs({ rule: { keepLast: 1 }, graceDays: 30 })),
    );
    expect(longer.sent).to.deep.equal([]);
    expect(keptUntil().get(uuids[1])).to.equal("2026-12-14T09:30:00Z");
    const shorter = await changes(() =>
      provider().update!(policy.id, policy.outs, inputs({ rule: { keepLast: 1 }, graceDays: 1 })),
    );
    expect(shorter.sent).to.have.length(2);
    expect(keptUntil().get(uuids[1])).to.equal("2026-12-09T09:30:00Z");
  });

  it("leaves alone the snapshots a waldur.Snapshot made or adopts, and names them in preview", async () => {
    dailySnapshots(4);
    const made = await providerFor("waldur.Snapshot").create!({
      __identity: { type: "waldur.Snapshot", name: "before-upgrade", project: "p", stack: "dev" },
      volumeUuid: VOLUME,
      keptUntil: "2027-06-01T00:00:00Z",
      connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
    });
    const adopted = dailySnapshots(1, "adopted")[0];
    sim.waldur.setKeptUntil(adopted, "2027-01-01T00:00:00Z");
    const props = inputs({ rule: { keepLast: 1 }, leaveAlone: [adopted] });
    const { lines, result: policy } = await printed(() => create(props));
    expect(lines).to.contain("managed by a waldur.Snapshot resource (left alone):");
    expect(lines).to.match(
      new RegExp(
        `before-upgrade \\(${made.id}\\): the waldur.Snapshot resource that made it \\(marker pulumi:[0-9a-f]{16}\\)`,
      ),
    );
    expect(lines).to.contain(`(${adopted}): a resource named in leaveAlone`);
    expect(keptUntil().get(made.id)).to.equal("2027-06-01T00:00:00Z");
    expect(keptUntil().get(adopted)).to.equal("2027-01-01T00:00:00Z");
    expect(policy.outs).to.include({ snapshotCount: 6, keptCount: 1, leavingCount: 3, leftAloneCount: 2 });
  });

  it("with a name prefix, only that schedule's snapshots are counted and changed; another prefix replaces", async () => {
    const daily = dailySnapshots(4, "daily");
    const weekly = dailySnapshots(4, "weekly");
    const weeklyBefore = weekly.map((uuid) => keptUntil().get(uuid));
    const policy = await create(inputs({ namePrefix: "daily-", rule: { keepLast: 1 } }));
    expect(policy.id).to.equal(`${VOLUME}/daily-`);
    expect(daily.map((uuid) => keptUntil().get(uuid))).to.deep.equal([
      null,
      ...Array(3).fill("2026-12-14T09:30:00Z"),
    ]);
    expect(weekly.map((uuid) => keptUntil().get(uuid))).to.deep.equal(weeklyBefore);
    const other = await diff(
      policy.id,
      policy.outs,
      inputs({ namePrefix: "weekly-", rule: { keepLast: 1 } }),
    );
    expect(other.replaces).to.deep.equal(["namePrefix"]);
  });

  it("destroy sends nothing and says the snapshots stay as they are", async () => {
    dailySnapshots(5);
    const policy = await create(inputs({ rule: { keepLast: 2 } }));
    const before = keptUntil();
    const { sent, result } = await changes(() => printed(() => provider().delete!(policy.id, policy.outs)));
    expect(sent).to.deep.equal([]);
    expect(keptUntil()).to.deep.equal(before);
    expect(result.lines).to.contain("left the 5 snapshots of volume");
    expect(result.lines).to.contain("changes no kept_until");
  });

  it("counts from Waldur's clock, not the machine's: the grace period starts at the server's Date", async () => {
    clock.set(Date.parse("2030-03-01T12:00:00Z"));
    const uuids = dailySnapshots(2);
    await create(inputs({ rule: { keepLast: 1 }, graceDays: 2 }));
    expect(keptUntil().get(uuids[1])).to.equal("2030-03-03T12:00:00Z");
  });

  it("a PATCH Waldur refuses fails the up naming the snapshot, Waldur's answer and request id; the rest are set, and a rerun sends only what is left", async () => {
    const uuids = dailySnapshots(5);
    sim.faults.add({
      service: "waldur",
      method: "PATCH",
      path: new RegExp(uuids[3]),
      status: 500,
      times: Infinity,
    });
    let failure: Error | undefined;
    await create(inputs({ rule: { keepLast: 1 } })).catch((error: Error) => (failure = error));
    expect(failure?.message).to.match(/creating waldur.SnapshotRetention "scratch-policy"/);
    expect(failure?.message).to.contain(`could not set kept_until on 1 of 5 snapshots`);
    expect(failure?.message).to.contain(uuids[3]);
    expect(failure?.message).to.match(
      /Internal Server Error \(simulated fault\) \(HTTP 500, request req-[0-9a-f-]+\)$/,
    );
    expect([1, 2, 4].map((i) => keptUntil().get(uuids[i]))).to.deep.equal(
      Array(3).fill("2026-12-14T09:30:00Z"),
    );
    sim.faults.clear();
    const { sent } = await changes(() => create(inputs({ rule: { keepLast: 1 } })));
    expect(sent).to.deep.equal([`PATCH ${uuids[3]}`]);
  });

  it("with remote checks off, preview says it cannot tell and reports an update; up applies the rule", async () => {
    dailySnapshots(3);
    const policy = await create(inputs({ rule: { keepLast: 3 } }));
    await withEnvironment({ DATAPROTECTION_REMOTE_CHECKS: "false" }, async () => {
      const { sent, result } = await changes(() =>
        printed(() => diff(policy.id, policy.outs, policy.inputs)),
      );
      expect(result.result.changes).to.equal(true);
      expect(result.lines).to.contain("which snapshots change not read: remote checks are off");
      expect(sent).to.deep.equal([]);
    });
  });
});

describe("waldur.SnapshotRetention on each Waldur the simulator models", function () {
  this.timeout(120_000);

  for (const [label, behaviour] of [
    ["late-2024 (every PATCH runs the update executor: the snapshot is busy for a while)", WALDUR_LATE_2024],
    ["without snapshot schedules (newer releases: 404 on the schedule list)", { snapshotSchedules: false }],
  ] as const) {
    it(`${label}: applies the rule, and a second up sends nothing`, async () => {
      const sim = await startSimulator({ waldur: { ...behaviour, updateMs: 300 } });
      try {
        const props = {
          __identity: { type: TYPE, name: "db-policy", project: "p", stack: "dev" },
          sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
          rule: { keepLast: 2 },
          connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
        };
        const created = await provider().create!(props);
        const held = sim.waldur.state.snapshots.filter(
          (s) => s.sourceVolumeUuid === WALDUR_SEED.dbDataVolumeUuid,
        );
        expect(
          held
            .filter((s) => s.keptUntil === null)
            .map((s) => s.name)
            .sort(),
        ).to.deep.equal(["db-data-schedule-2", "db-data-schedule-3"]);
        const before = sim.requests.length;
        await provider().update!(created.id, created.outs, props);
        expect(sim.requests.slice(before).filter((r) => r.method === "PATCH")).to.deep.equal([]);
      } finally {
        await sim.close();
      }
    });
  }

  it("warns when the volume's schedule may delete snapshots the rule keeps (maximal_number_of_resources)", async () => {
    const sim = await startSimulator();
    try {
      const { lines } = await printed(() =>
        provider().check!(
          {},
          {
            __identity: { type: TYPE, name: "db-policy", project: "p", stack: "dev" },
            sourceVolumeUuid: WALDUR_SEED.dbDataVolumeUuid,
            rule: { keepLast: 3 },
            connection: { apiUrl: sim.waldur.apiUrl, token: sim.waldur.token },
          },
        ),
      );
      expect(lines).to.contain("warnings:");
      expect(lines).to.contain("schedule db-data-daily");
      expect(lines).to.contain("retention_time");
    } finally {
      await sim.close();
    }
  });
});
