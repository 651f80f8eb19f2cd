/**
 * What the generated field tests (fields.spec.ts) need of each resource type whose inputs live on the server: its
 * field declarations, how to declare one, values to give each server-held input, and how to read the remote
 * object and change it behind the provider's back, both through the API over HTTP, as a user's colleague would.
 */
import { backupFields } from "../../provider/cinder/backup";
import { backupRestoreFields } from "../../provider/cinder/backup-restore";
import type { Fields } from "../../provider/core/fields";
import { instanceSnapshotFields } from "../../provider/powervc/instance-snapshot";
import { snapshotFields } from "../../provider/waldur/snapshot-inputs";
import { volumeRestorationFields } from "../../provider/waldur/volume-restoration";
import {
  CINDER_SEED,
  KEYSTONE_SEED,
  POWERVC_SEED,
  WALDUR_LATE_2024,
  WALDUR_SEED,
  type Simulator,
} from "../../simulator";
import { login } from "../simulator/helpers";
import { loginPowerVC } from "../simulator/powervc-client";

/** One resource type under the generated field tests. */
export interface FieldTarget {
  /** "waldur.Snapshot". */
  readonly type: string;
  // The declarations are checked against what the server holds, whatever the remote object's type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly fields: Fields<any>;
  /** The arguments that make one, server-held inputs left out. */
  base(sim: Simulator): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The adopt input, when the type has one (an adopted object keeps what is not declared). */
  readonly adoptInput?: string;
  /** The remote object, as the API answers it. */
  read(sim: Simulator, id: string): Promise<unknown>;
  /** Sets one field (by its wire name) through the API, behind the provider's back. */
  write(sim: Simulator, id: string, wire: string, value: unknown): Promise<void>;
}

/** Values to declare, per input name: the first, the second, and one set behind the provider's back. */
export const SAMPLES: Readonly<Record<string, readonly [unknown, unknown, unknown]>> = {
  name: ["first-name", "second-name", "renamed-elsewhere"],
  newVolumeName: ["restored-first", "restored-second", "renamed-elsewhere"],
  description: ["first words", "second words", "edited elsewhere"],
  metadata: [{ team: "a" }, { team: "b", tier: "gold" }, { team: "elsewhere" }],
};

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: {
      accept: "application/json",
      ...headers,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const waldur = (sim: Simulator) => ({
  root: sim.waldur.apiUrl,
  headers: { authorization: `Token ${sim.waldur.token}` },
});

async function cinder(sim: Simulator) {
  return {
    root: `${sim.url}/cinder/v3/${KEYSTONE_SEED.project.id}`,
    headers: { "x-auth-token": await login(sim), "openstack-api-version": "volume 3.43" },
  };
}

/** A finished Cinder backup of `data-1`, to restore. */
async function finishedBackup(sim: Simulator): Promise<string> {
  const backup = sim.cinder.backUp(CINDER_SEED.dataVolumeId, { name: "field-source" });
  for (let waited = 0; sim.cinder.getBackup(backup.id).status !== "available"; waited += 50) {
    if (waited > 10_000) throw new Error("the fixture backup did not finish");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return backup.id;
}

/** The types, with what the simulator needs to run them fast (Waldur as a late-2024 server answers). */
export const FIELD_TARGETS: readonly FieldTarget[] = [
  {
    type: "waldur.Snapshot",
    fields: snapshotFields,
    base: () => ({ volumeUuid: WALDUR_SEED.dbDataVolumeUuid }),
    adoptInput: "adoptSnapshotUuid",
    read: (sim, id) => call(`${waldur(sim).root}openstack-snapshots/${id}/`, "GET", waldur(sim).headers),
    write: async (sim, id, wire, value) => {
      await call(`${waldur(sim).root}openstack-snapshots/${id}/`, "PATCH", waldur(sim).headers, {
        [wire]: value,
      });
      await settleWaldur(sim, `openstack-snapshots/${id}/`);
    },
  },
  {
    type: "waldur.VolumeRestoration",
    fields: volumeRestorationFields,
    base: () => ({ snapshotUuid: WALDUR_SEED.scheduleSnapshotUuids[0], name: "restored-volume" }),
    adoptInput: "adoptVolumeUuid",
    read: (sim, id) => call(`${waldur(sim).root}openstack-volumes/${id}/`, "GET", waldur(sim).headers),
    write: async (sim, id, wire, value) => {
      await call(`${waldur(sim).root}openstack-volumes/${id}/`, "PATCH", waldur(sim).headers, {
        [wire]: value,
      });
      await settleWaldur(sim, `openstack-volumes/${id}/`);
    },
  },
  {
    type: "cinder.Backup",
    fields: backupFields,
    base: () => ({ volumeId: CINDER_SEED.dataVolumeId }),
    adoptInput: "adoptBackupId",
    read: async (sim, id) => {
      const api = await cinder(sim);
      return (await call(`${api.root}/backups/${id}`, "GET", api.headers)).backup;
    },
    write: async (sim, id, wire, value) => {
      const api = await cinder(sim);
      await call(`${api.root}/backups/${id}`, "PUT", api.headers, { backup: { [wire]: value } });
    },
  },
  {
    type: "cinder.BackupRestore",
    fields: backupRestoreFields,
    base: async (sim) => ({ backupId: await finishedBackup(sim), newVolumeName: "restored-volume" }),
    read: async (sim, id) => {
      const api = await cinder(sim);
      return (await call(`${api.root}/volumes/${id}`, "GET", api.headers)).volume;
    },
    write: async (sim, id, wire, value) => {
      const api = await cinder(sim);
      await call(`${api.root}/volumes/${id}`, "PUT", api.headers, { volume: { [wire]: value } });
    },
  },
  {
    type: "powervc.InstanceSnapshot",
    fields: instanceSnapshotFields,
    base: () => ({
      serverId: POWERVC_SEED.dbServerId,
      connection: { projectName: KEYSTONE_SEED.powervcProject.name, projectDomainName: "Default" },
    }),
    adoptInput: "adoptInstanceSnapshotId",
    read: async (sim, id) => {
      const url = `${sim.url}/powervc/volume/v3/${KEYSTONE_SEED.powervcProject.id}/instance-snapshots/${id}`;
      return (await call(url, "GET", { "x-auth-token": await loginPowerVC(sim) })).instance_snapshot;
    },
    write: async (sim, id, wire, value) => {
      const url = `${sim.url}/powervc/volume/v3/${KEYSTONE_SEED.powervcProject.id}/instance-snapshots/${id}`;
      await call(
        url,
        "PUT",
        { "x-auth-token": await loginPowerVC(sim) },
        { "instance-snapshot": { [wire]: value } },
      );
    },
  },
];

/** Short operations everywhere, and Waldur as a late-2024 server answers. */
export function prepareFast(sim: Simulator): void {
  sim.waldur.setBehaviour({
    ...WALDUR_LATE_2024,
    snapshotCreateMs: 300,
    volumeCreateMs: 300,
    updateMs: 300,
    deleteMs: 300,
    orderMs: 300,
  });
  sim.cinder.setBehaviour({ backupMs: 300, restoreMs: 300, deleteMs: 300, volumeCreateMs: 100 });
  sim.powervc.setBehaviour({ snapshotMs: 300, deleteMs: 300 });
}

/** Waits until a Waldur object is OK again after a change (the update executor runs for seconds). */
async function settleWaldur(sim: Simulator, path: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const object = await call(`${waldur(sim).root}${path}`, "GET", waldur(sim).headers);
    if (object.state === "OK") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} did not settle`);
}
