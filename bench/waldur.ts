/** Benchmark rows for waldur.Snapshot and waldur.VolumeRestoration. */
import { startSimulator, WALDUR_SEED } from "../simulator";
import { stateSizes, timedUp, type Declared } from "./run-up";
import type { Row } from "./table";

/** State sizes, logins and requests for an `up` that puts retention on 30 snapshots and restores one. */
export async function waldurRows(): Promise<Row[]> {
  const sim = await startSimulator();
  sim.waldur.setBehaviour({ snapshotCreateMs: 500, volumeCreateMs: 1000, updateMs: 500, orderMs: 500 });
  try {
    const snapshots: Declared[] = Array.from({ length: 30 }, (_, index) => {
      const { uuid } = sim.waldur.addSnapshot({
        sourceVolume: WALDUR_SEED.dbDataVolumeUuid,
        name: `scheduled-${index}`,
      });
      return {
        type: "waldur.Snapshot",
        name: `scheduled-${index}`,
        args: { adoptSnapshotUuid: uuid, retention: { days: 30 } },
      };
    });
    const restoration: Declared = {
      type: "waldur.VolumeRestoration",
      name: "drill",
      args: { snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0], name: "drill" },
    };
    const env = {
      WALDUR_API_URL: sim.waldur.apiUrl,
      WALDUR_USERNAME: sim.waldur.credentials.username,
      WALDUR_PASSWORD: sim.waldur.credentials.password,
    };
    const before = sim.requests.filter((r) => r.service === "waldur").length;
    const up = await timedUp([...snapshots, restoration], env);
    const requests = sim.requests.filter((r) => r.service === "waldur").length - before;
    const snapshot = stateSizes(up.resources, "pulumi-nodejs:dynamic/waldur:Snapshot");
    const volume = stateSizes(up.resources, "pulumi-nodejs:dynamic/waldur:VolumeRestoration");
    return [
      ["waldur.Snapshot: __provider / state bytes", `${snapshot.providerBytes} / ${snapshot.stateBytes}`, ""],
      [
        "waldur.VolumeRestoration: __provider / state bytes",
        `${volume.providerBytes} / ${volume.stateBytes}`,
        "",
      ],
      [
        "Waldur logins, up of 31 resources (username and password)",
        String(sim.waldur.tokenRequests),
        "target 1",
      ],
      [
        "Waldur requests per resource, same up",
        (requests / 31).toFixed(1),
        "check, adopt or restore, PATCH of kept_until, waits",
      ],
    ];
  } finally {
    await sim.close();
  }
}
