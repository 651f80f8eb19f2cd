/** The errors the simulated Cinder answers, worded as Cinder 21 words them. */
import { identityErrorBody, openstackFaultBody } from "../core/fault-bodies";
import { HttpError } from "../core/service";

/** 404 `Volume <id> could not be found.` */
export function volumeNotFound(id: string): HttpError {
  return new HttpError(404, `Volume ${id} could not be found.`);
}

/** 404 `Backup <id> could not be found.` */
export function backupNotFound(id: string): HttpError {
  return new HttpError(404, `Backup ${id} could not be found.`);
}

/** 404 `Snapshot <id> could not be found.` */
export function snapshotNotFound(id: string): HttpError {
  return new HttpError(404, `Snapshot ${id} could not be found.`);
}

/** 400 `Invalid snapshot: <reason>` (Cinder's InvalidSnapshot). */
export function invalidSnapshot(reason: string): HttpError {
  return new HttpError(400, `Invalid snapshot: ${reason}`);
}

/** 400 `Invalid backup: <reason>` (Cinder's InvalidBackup). */
export function invalidBackup(reason: string): HttpError {
  return new HttpError(400, `Invalid backup: ${reason}`);
}

/** 400 `Invalid volume: <reason>` (Cinder's InvalidVolume). */
export function invalidVolume(reason: string): HttpError {
  return new HttpError(400, `Invalid volume: ${reason}`);
}

/** 400 `Invalid input received: <reason>` (Cinder's InvalidInput). */
export function invalidInput(reason: string): HttpError {
  return new HttpError(400, `Invalid input received: ${reason}`);
}

/** 413 `overLimit` with Cinder's `retryAfter` and `Retry-After: 0`. */
export function overLimit(message: string): HttpError {
  return new HttpError(
    413,
    message,
    { "Retry-After": "0" },
    {
      overLimit: { code: 413, message, retryAfter: "0" },
    },
  );
}

/** 400 for a token scoped to another project than the URL's. */
export function malformedUrl(): HttpError {
  return new HttpError(400, "Malformed request url");
}

/**
 * Cinder's error bodies: Nova-style faults, except 401, which keystonemiddleware answers before Cinder
 * sees the request.
 */
export function cinderFaultBody(status: number, message: string): unknown {
  return status === 401 ? identityErrorBody(status, message) : openstackFaultBody(status, message);
}
