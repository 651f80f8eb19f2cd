/**
 * Cinder's checks before it accepts an operation on a volume or snapshot, in Cinder 21's order and with
 * its messages (`cinder/volume/api.py`, `cinder/backup/api.py`, `cinder/api/v3/snapshots.py`). Each
 * throws the 400 Cinder answers; lookups (404) and quotas (413) are the caller's.
 */
import { HttpError } from "../core/service";
import { invalidSnapshot, invalidVolume } from "./faults";
import {
  type CinderSnapshot,
  type CinderSnapshotStatus,
  type CinderVolume,
  type CinderVolumeStatus,
} from "./models";

/** Statuses in which a volume may be deleted (and only while it is not attached). */
const DELETABLE: readonly CinderVolumeStatus[] = ["available", "error", "error_restoring"];

/** Snapshot statuses a cascading volume delete (`?cascade=true`) accepts. */
const CASCADE_DELETABLE: readonly CinderSnapshotStatus[] = ["available", "error", "deleting"];

/** Statuses in which a snapshot may be deleted. */
const SNAPSHOT_DELETABLE: readonly CinderSnapshotStatus[] = ["available", "error"];

const DELETE_REFUSAL =
  "Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

/** The 400 of `force: false` in a snapshot creation from 3.66 (the two spaces and the typo are Cinder's). */
export const SNAPSHOT_FORCE_MESSAGE =
  "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.";

/**
 * Refuses to delete a volume that is not `available`, `error` or `error_restoring`, is attached, or has
 * snapshots; with `cascade`, only snapshots in a status other than `available`, `error` or `deleting`
 * stop it (the others are deleted with it).
 */
export function checkVolumeDeletable(
  volume: CinderVolume,
  snapshots: readonly CinderSnapshot[],
  cascade: boolean,
): void {
  const blocking = snapshots.filter(
    (snapshot) =>
      snapshot.volumeId === volume.id && !(cascade && CASCADE_DELETABLE.includes(snapshot.status)),
  );
  if (!DELETABLE.includes(volume.status) || volume.attachment !== null || blocking.length > 0) {
    throw invalidVolume(DELETE_REFUSAL);
  }
}

/**
 * Refuses a snapshot of `volume`, in Cinder's order: `force: false` from 3.66 (`inUseAllowed`); a volume
 * the scheduler has not placed (`creating`; the simulator's `error` volumes never reached a host
 * either); a volume that is not `available`, or `in-use` with `force` or from 3.66.
 */
export function checkSnapshotSource(
  volume: CinderVolume,
  force: boolean | null,
  inUseAllowed: boolean,
): void {
  if (inUseAllowed && force === false) throw new HttpError(400, SNAPSHOT_FORCE_MESSAGE);
  if (volume.status === "creating" || volume.status === "error") {
    throw invalidVolume("volume is not assigned to a host");
  }
  const valid: readonly CinderVolumeStatus[] =
    force === true || inUseAllowed ? ["available", "in-use"] : ["available"];
  if (!valid.includes(volume.status)) {
    throw invalidVolume(
      `Volume ${volume.id} status must be ${valid.join(", ")}, but current status is: ${volume.status}.`,
    );
  }
}

/** Refuses to delete a snapshot that is not `available` or `error`. */
export function checkSnapshotDeletable(snapshot: CinderSnapshot): void {
  if (!SNAPSHOT_DELETABLE.includes(snapshot.status)) {
    throw invalidSnapshot("Snapshot status must be available or error and must not be part of a group.");
  }
}

/**
 * Refuses a backup of `volume`'s own data: a volume that is not `available` or `in-use`, or `in-use`
 * without `force`.
 */
export function checkBackupVolume(volume: CinderVolume, force: boolean): void {
  if (volume.status !== "available" && volume.status !== "in-use") {
    throw invalidVolume(
      `Volume to be backed up must be available or in-use, but the current status is "${volume.status}".`,
    );
  }
  if (volume.status === "in-use" && !force) {
    throw invalidVolume("Backing up an in-use volume must use the force flag.");
  }
}

/**
 * Refuses a backup of `snapshot` for volume `volumeId`: a snapshot of another volume, or one that is not
 * `available`. The volume's own status is not checked, and `force` does not matter.
 */
export function checkBackupSnapshot(volumeId: string, snapshot: CinderSnapshot): void {
  if (snapshot.volumeId !== volumeId) {
    throw invalidVolume(`Volume ${volumeId} does not match with snapshot.volume_id ${snapshot.volumeId}.`);
  }
  if (snapshot.status !== "available") {
    throw invalidSnapshot(
      `Snapshot to be backed up must be available, but the current status is "${snapshot.status}".`,
    );
  }
}
