/** Benchmark rows for powervc.InstanceSnapshot and powervc.InstanceRestore. */
import { POWERVC_SEED, startSimulator } from "../simulator";
import { stateSizes, timedUp } from "./run-up";
import type { Row } from "./table";

/** State sizes and requests for an `up` that snapshots a VM and restores another from its seeded snapshot. */
export async function powervcRows(): Promise<Row[]> {
  const sim = await startSimulator({ powervc: { snapshotMs: 3000, restoreMs: 3000 } });
  try {
    const connection = { projectName: "powervc", projectDomainName: "Default" };
    const up = await timedUp(
      [
        {
          type: "powervc.InstanceSnapshot",
          name: "db-snapshot",
          args: { serverId: POWERVC_SEED.dbServerId, connection },
        },
        {
          type: "powervc.InstanceRestore",
          name: "app-restore",
          args: {
            serverId: POWERVC_SEED.appServerId,
            instanceSnapshotId: POWERVC_SEED.instanceSnapshotId,
            confirmOverwrite: true,
            connection,
          },
        },
      ],
      sim.openrc(),
    );
    const requests = sim.requests.filter((r) => r.service.startsWith("powervc"));
    const progress = requests.filter((r) => r.path.endsWith("/get_progress"));
    const snapshot = stateSizes(up.resources, "pulumi-nodejs:dynamic/powervc:InstanceSnapshot");
    const restore = stateSizes(up.resources, "pulumi-nodejs:dynamic/powervc:InstanceRestore");
    return [
      [
        "powervc.InstanceSnapshot: __provider / state bytes",
        `${snapshot.providerBytes} / ${snapshot.stateBytes}`,
        "",
      ],
      [
        "powervc.InstanceRestore: __provider / state bytes",
        `${restore.providerBytes} / ${restore.stateBytes}`,
        "",
      ],
      [
        "PowerVC requests, one snapshot and one restore of 3 s",
        String(requests.length),
        `${progress.length} of them task progress polls`,
      ],
    ];
  } finally {
    await sim.close();
  }
}
