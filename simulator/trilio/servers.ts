import { stableUuid } from "../core/ids";
import { type NovaServer, type RestoredInstance, type Workload } from "./models";

/** What the servers are derived from: the workloads (with their originals) and the VMs restores created. */
export interface ServerSources {
  readonly workloads: readonly Workload[];
  readonly restoredInstances: readonly RestoredInstance[];
}

function originals(workload: Workload): NovaServer[] {
  return workload.instances.map((instance) => ({
    id: instance.id,
    name: instance.name,
    status: "ACTIVE",
    projectId: workload.projectId,
    userId: workload.userId,
    createdAt: workload.createdAt,
    metadata: instance.metadata,
    flavor: instance.flavor,
    nics: instance.nics,
    volumeIds: instance.vdisks.map((vdisk) => vdisk.id),
    workloadId: workload.id,
    restoreId: null,
  }));
}

function restored(instance: RestoredInstance, workloads: readonly Workload[]): NovaServer | undefined {
  const workload = workloads.find((candidate) => candidate.id === instance.workloadId);
  const original = workload?.instances.find((candidate) => candidate.id === instance.originalInstanceId);
  if (workload === undefined || original === undefined) return undefined;
  return {
    id: instance.id,
    name: instance.name,
    status: "ACTIVE",
    projectId: workload.projectId,
    userId: workload.userId,
    createdAt: instance.createdAt,
    metadata: instance.metadata,
    flavor: original.flavor,
    nics: original.nics,
    volumeIds: original.vdisks.map((_, index) => stableUuid(`restored-volume:${instance.id}:${index}`)),
    workloadId: workload.id,
    restoreId: instance.restoreId,
  };
}

/**
 * The project's servers, the one source of what VMs exist: the original VMs of every workload whose
 * `originalVmsExist` is set, then the VMs selective and one-click restores created (in-place restores
 * create none: they overwrite the original), in that order. An id appears once.
 */
export function projectServers(sources: ServerSources): NovaServer[] {
  const all = [
    ...sources.workloads.filter((workload) => workload.originalVmsExist).flatMap(originals),
    ...sources.restoredInstances.flatMap((instance) => restored(instance, sources.workloads) ?? []),
  ];
  return all.filter((server, index) => all.findIndex((other) => other.id === server.id) === index);
}
