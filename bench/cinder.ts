/** Benchmark rows for cinder.Backup: requests per backup on the simulator and, with CINDER_TARGET=real, a real Cinder. */
import { requireOpenStackConnection } from "../provider/openstack/connection";
import { requestCountsByService } from "../provider/core/http/http";
import { backupProvider } from "../provider/cinder/backup";
import { CINDER_SEED, startSimulator } from "../simulator";
import { CinderFixtures } from "../tests/simulator/cinder-fixtures";
import { connectCinderTarget } from "../tests/simulator/cinder-target";
import type { Row } from "./table";

/** Requests one backup costs the provider (create, wait, delete, wait), with `connection` and a volume. */
async function requestsPerBackup(connection: Record<string, unknown>, volumeId: string): Promise<number> {
  requireOpenStackConnection(connection);
  const before = total();
  const inputs = {
    __identity: { type: "cinder.Backup", name: "bench", project: "bench", stack: "bench" },
    __provider: "bench",
    volumeId,
    connection,
  };
  const created = await backupProvider.create(inputs);
  await backupProvider.delete!(created.id, created.outs);
  return total() - before;
}

function total(): number {
  return Object.values(requestCountsByService()).reduce((sum, count) => sum + count, 0);
}

/** Rows for the simulator (backups of 5 s) and, with CINDER_TARGET=real and its openrc sourced, a real Cinder. */
export async function cinderRows(): Promise<Row[]> {
  const sim = await startSimulator({ cinder: { backupMs: 5000 } });
  const rows: Row[] = [];
  try {
    const simulated = await requestsPerBackup(sim.connection(), CINDER_SEED.dataVolumeId);
    rows.push([
      "Cinder requests per backup (simulator, 5 s backup)",
      String(simulated),
      "create, wait, delete, wait; token included",
    ]);
  } finally {
    await sim.close();
  }
  if (process.env.CINDER_TARGET === "real") {
    // A volume of its own on the real Cinder (OS_* from its openrc), removed afterwards.
    const fixtures = new CinderFixtures(await connectCinderTarget());
    try {
      const volume = await fixtures.createVolume<{ id: string; status: string }>("bench-backup-source");
      const real = await requestsPerBackup({}, volume.id);
      rows.push([
        "Cinder requests per backup (real Cinder 21, 1 GiB)",
        String(real),
        "create, wait, delete, wait; token included",
      ]);
    } finally {
      await fixtures.cleanUp();
    }
  } else {
    rows.push([
      "Cinder requests per backup (real Cinder)",
      "not run",
      "npm run bench:real-cinder measures it",
    ]);
  }
  return rows;
}
