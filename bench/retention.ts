/**
 * The retention section: what the preview of one `waldur.SnapshotRetention` costs over a volume with many
 * snapshots. The provider reads the volume's snapshots through the list (pages of 300) and its schedules, never one
 * request per snapshot; the section counts the requests and times the preview against one over a few snapshots.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "../engine";
import { startSimulator, WALDUR_SEED, type Simulator } from "../simulator";
import { median, ratio, spread } from "./stats";
import { markdownTable } from "./table";

const PROJECT = path.resolve(__dirname, "../../tests/projects/resources");
const HOUR = 3600 * 1000;
/** The rule the measured policy declares. */
const RULE = { keepLast: 7, daily: 14, weekly: 8, monthly: 12, yearly: 2 };

/** One measured preview. */
export interface RetentionPreviewCost {
  snapshots: number;
  ms: number;
  /** Waldur requests of the preview, by kind: snapshot list pages, schedule lists, every other read. */
  listPages: number;
  scheduleLists: number;
  other: number;
  /** Requests that change something (none expected in a preview). */
  changing: number;
}

/** Previews over many snapshots and over a few, one per run each. */
export interface RetentionResults {
  many: RetentionPreviewCost[];
  few: RetentionPreviewCost[];
}

/** Previews of a policy over `many` and over `few` snapshots, `runs` times each. */
export async function measureRetentionPreview(
  runs: number,
  many = 2000,
  few = 20,
): Promise<RetentionResults> {
  const result: RetentionResults = { many: [], few: [] };
  for (let run = 0; run < runs; run++) {
    result.few.push(await previewOver(few));
    result.many.push(await previewOver(many));
  }
  return result;
}

/** A fresh simulator with `count` snapshots of one volume, one every 6 hours back from now, and one preview. */
async function previewOver(count: number): Promise<RetentionPreviewCost> {
  const sim = await startSimulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-retention-"));
  try {
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      sim.waldur.addSnapshot({
        sourceVolume: WALDUR_SEED.scratchVolumeUuid,
        name: `scratch-${i}`,
        createdAt: now - i * 6 * HOUR,
      });
    }
    const engine = new Engine({
      projectDir: PROJECT,
      stateFile: path.join(dir, "state.json"),
      config: {
        resources: JSON.stringify([
          {
            type: "waldur.SnapshotRetention",
            name: "scratch-retention",
            args: { sourceVolumeUuid: WALDUR_SEED.scratchVolumeUuid, rule: RULE },
          },
        ]),
      },
      env: waldurEnv(sim),
    });
    const before = sim.requests.length;
    const start = performance.now();
    const result = await engine.preview();
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(`bench preview over ${count} snapshots failed: ${result.error}`);
    const waldur = sim.requests
      .slice(before)
      .filter((request) => request.service === "waldur" && !request.path.endsWith("/api-auth/password/"));
    const gets = waldur.filter((request) => request.method === "GET");
    const listPages = gets.filter((request) => request.path.endsWith("/openstack-snapshots/")).length;
    const scheduleLists = gets.filter((request) =>
      request.path.endsWith("/openstack-snapshot-schedules/"),
    ).length;
    return {
      snapshots: count,
      ms,
      listPages,
      scheduleLists,
      other: gets.length - listPages - scheduleLists,
      changing: waldur.length - gets.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

function waldurEnv(sim: Simulator): Record<string, string> {
  return {
    WALDUR_API_URL: sim.waldur.apiUrl,
    WALDUR_USERNAME: sim.waldur.credentials.username,
    WALDUR_PASSWORD: sim.waldur.credentials.password,
  };
}

/** The headline line. */
export function retentionHeadline(r: RetentionResults): string {
  const many = r.many[0];
  const requests = many.listPages + many.scheduleLists + many.other;
  return (
    `- **Retention preview**: a \`waldur.SnapshotRetention\` preview over ${many.snapshots} snapshots makes ` +
    `${requests} Waldur requests (${many.listPages} snapshot list pages, ${many.scheduleLists} schedule list, ` +
    `${many.other} of the volume, ${many.changing} changing) and takes ${timeRatio(r)} the time of one over ` +
    `${r.few[0].snapshots} snapshots.`
  );
}

/** The section of the report. */
export function retentionSection(r: RetentionResults): string {
  const row = (costs: RetentionPreviewCost[]) => {
    const first = costs[0];
    return [
      String(first.snapshots),
      String(first.listPages),
      String(first.scheduleLists),
      String(first.other),
      String(first.changing),
      spread(
        costs.map((cost) => cost.ms / 1000),
        (value) => `${value.toFixed(2)} s`,
      ),
    ];
  };
  return `## Retention preview

One \`waldur.SnapshotRetention\` (rule ${JSON.stringify(RULE)}) previewed through the test engine against the
simulator, over a volume with one snapshot every 6 hours; a fresh simulator and state per run, ${r.many.length} runs.
Waldur requests of the preview only (the engine's own and the login are not counted): the snapshot list is read in
pages of 300, the volume's schedules once and the volume once (to check it exists), whatever the number of snapshots; nothing is read per snapshot and
nothing is changed. The whole preview (engine, host, program) over ${r.many[0].snapshots} snapshots takes
${timeRatio(r)} the time of the same preview over ${r.few[0].snapshots}.

${markdownTable(
  ["snapshots", "list pages", "schedule lists", "volume reads", "changing requests", "preview time"],
  [row(r.few), row(r.many)],
)}
`;
}

function timeRatio(r: RetentionResults): string {
  return ratio(median(r.many.map((cost) => cost.ms)), median(r.few.map((cost) => cost.ms)));
}
