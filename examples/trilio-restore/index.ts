// Restore one VM of a TrilioVault workload snapshot as a new VM: a restore drill, codified.
//
// Against the simulator (`npm run simulator`, then paste the exports it prints) it runs as is. Against a cloud:
//   source openrc
//   pulumi config set snapshotId <workload snapshot id>
//   pulumi config set instanceId <id of a VM in that snapshot>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { trilio } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Defaults: the simulator's seeded workload "web", its newest snapshot, and its VM web-1.
const snapshotId = config.get("snapshotId") ?? "05e24514-7dec-42c7-a9a3-2540a3adda65";
const instanceId = config.get("instanceId") ?? "b0464621-81a2-4641-9748-c082142171ec";

const drill = new trilio.Restore("web-restore", {
  snapshotId,
  restoreType: "selective",
  description: config.get("description") ?? "Quarterly restore drill",
  instances: [{ id: instanceId, name: "web-1-drill" }],
  // Changing a trigger runs the restore again, on purpose; changing the description never does.
  triggers: { drill: config.get("drill") ?? "1" },
  timeouts: { create: "30m" },
});

/** "available" once the restore succeeded. */
export const status = drill.status;
/** The VMs the restore created. */
export const restoredInstances = drill.restoredInstances.apply((instances) =>
  instances.map((instance) => `${instance.name} (${instance.id})`),
);
/** How long it took, in seconds. */
export const timeTakenSeconds = drill.timeTakenSeconds;
