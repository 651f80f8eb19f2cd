// Snapshot a PowerVC VM before an upgrade; `pulumi config set rollBack true` then restores the VM from it
// (retrying once, and rolling back to PowerVC's own safety copies if the restore keeps failing).
//
// Against the simulator (`npm run simulator`, then paste the exports it prints) it runs as is. Against PowerVC,
// source PowerVC's openrc, then:
//   pulumi config set serverId <VM id>; pulumi config set powervcProject <project>; pulumi up
import * as pulumi from "@pulumi/pulumi";
import { powervc } from "pulumi-openstack-dataprotection";

const config = new pulumi.Config();
// Defaults: the simulator's VM aix-app, in its PowerVC project.
const serverId = config.get("serverId") ?? "8945acbd-f073-4761-865f-da0a4cd86679";
const connection = { projectName: config.get("powervcProject") ?? "powervc" };

const beforeUpgrade = new powervc.InstanceSnapshot("before-upgrade", {
  serverId,
  description: config.get("description") ?? "Before the application upgrade",
  connection,
});

// A restore is destructive: it runs only when asked, and once.
const rollBack = config.getBoolean("rollBack")
  ? new powervc.InstanceRestore("roll-back-upgrade", {
      serverId,
      instanceSnapshotId: beforeUpgrade.id,
      confirmOverwrite: true,
      onFailure: "retry",
      maxRetries: 1,
      afterRetries: "rollback",
      connection,
    })
  : undefined;

/** The snapshot's volumes (volume → backend snapshot). */
export const volumeSnapshots = beforeUpgrade.volumeSnapshots;
/** How the roll-back went, when one was asked for. */
export const rollBackOutcome = rollBack?.outcome ?? "not requested";
