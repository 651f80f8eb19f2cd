import type * as pulumi from "@pulumi/pulumi";
import type * as Implementation from "../../provider/cinder/lookups";
import type { CinderBackupInfo } from "../../provider/cinder/lookups";
import type { OpenStackConnectionArgs } from "../common";
import { lookupOutput, runLookup, type LookupInputs, type LookupOutputOptions } from "../lookup";

export type { CinderBackupInfo };

/** Loaded on the call: importing the package must not load the provider's implementation. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const implementation = (): typeof Implementation => require("../../provider/cinder/lookups");

/** The connection of a lookup: as a resource's, each setting not given falls back to stack config, then `OS_*`. */
type Connection = pulumi.Unwrap<OpenStackConnectionArgs>;

/** The arguments of {@link getBackups}: every filter given must match (exactly). */
export interface GetBackupsArgs {
  /** Backups of this volume. */
  volumeId?: string;
  /** Backups with this name. */
  name?: string;
  /** Backups in this status, such as "available". */
  status?: string;
  /** Only the newest backup (by `created_at`), and an error naming the filters when none matches. */
  mostRecent?: boolean;
  connection?: Connection;
}

/** The arguments of {@link getBackup}. */
export interface GetBackupArgs {
  /** The backup's id. */
  id: string;
  connection?: Connection;
}

/**
 * A project's Cinder backups matching the filters, newest first, read across all pages (an empty list when none
 * matches); with `mostRecent: true`, only the newest, and an error naming the filters when there is none. Read-only.
 *
 * ```ts
 * const latest = await cinder.getBackups({ volumeId, status: "available", mostRecent: true });
 * ```
 */
export function getBackups(args: GetBackupsArgs & { mostRecent: true }): Promise<CinderBackupInfo>;
export function getBackups(args: GetBackupsArgs): Promise<CinderBackupInfo[]>;
export function getBackups(args: GetBackupsArgs): Promise<CinderBackupInfo[] | CinderBackupInfo> {
  return runLookup(implementation().getBackups, args);
}

/** {@link getBackups} with `Input` arguments, as an `Output`. */
export function getBackupsOutput(
  args: LookupInputs<GetBackupsArgs & { mostRecent: true }>,
  opts?: LookupOutputOptions,
): pulumi.Output<CinderBackupInfo>;
export function getBackupsOutput(
  args: LookupInputs<GetBackupsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<CinderBackupInfo[]>;
export function getBackupsOutput(
  args: LookupInputs<GetBackupsArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<CinderBackupInfo[] | CinderBackupInfo> {
  return lookupOutput(getBackups as (a: GetBackupsArgs) => Promise<CinderBackupInfo[]>, args, opts);
}

/** One Cinder backup by id; an error when this project has none with that id. Read-only. */
export function getBackup(args: GetBackupArgs): Promise<CinderBackupInfo> {
  return runLookup(implementation().getBackup, args);
}

/** {@link getBackup} with `Input` arguments, as an `Output`. */
export function getBackupOutput(
  args: LookupInputs<GetBackupArgs>,
  opts?: LookupOutputOptions,
): pulumi.Output<CinderBackupInfo> {
  return lookupOutput(getBackup, args, opts);
}
