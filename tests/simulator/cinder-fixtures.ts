/**
 * Volumes, snapshots and backups made directly through Cinder's API, as test fixtures on any target
 * (simulator or real), with deadlines on every wait and a clean-up that removes what they made.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { send, type CinderTarget } from "./cinder-target";

/** How long any wait may take on the target's clock. */
export const DEADLINE_MS = 90_000;
const POLL_MS = 250;
/** The microversion fixtures send: backups show their metadata from 3.43. */
export const FIXTURE_MICROVERSION = "3.43";

/** The collections fixtures make. */
export type Kind = "volumes" | "snapshots" | "backups";

/** What fixtures read of a volume or backup. */
export interface Record_ {
  id: string;
  status: string;
}

/** Makes volumes, snapshots and backups on a target, and removes them again. */
export class CinderFixtures {
  /** What the fixtures (and the scenarios, when they say so) made, for the clean-up. */
  readonly created: Record<Kind, string[]> = { volumes: [], snapshots: [], backups: [] };

  constructor(readonly target: CinderTarget) {}

  /**
   * Polls until the status is one of `wanted` (`gone`: 404), within the deadline; returns the record (none
   * when gone) and the statuses seen.
   */
  async waitFor<T extends Record_>(kind: Kind, id: string, wanted: readonly string[]) {
    const start = this.target.now();
    const seen: string[] = [];
    for (;;) {
      const response = await send<Record<string, T>>(this.target, "GET", `/${kind}/${id}`, {
        microversion: FIXTURE_MICROVERSION,
      });
      const record = response.status === 404 ? undefined : response.body[kind.slice(0, -1)];
      const status = record?.status ?? "gone";
      if (seen[seen.length - 1] !== status) seen.push(status);
      if (wanted.includes(status)) return { record, seen };
      if (this.target.now() - start > DEADLINE_MS) {
        throw new Error(
          `${kind} ${id} is still ${status} after ${DEADLINE_MS / 1000} s (seen: ${seen.join(", ")})`,
        );
      }
      await this.target.pause(POLL_MS);
    }
  }

  /** A new, available volume. */
  async createVolume<T extends Record_>(
    name: string,
    extra: Record<string, unknown> = {},
    size = 1,
  ): Promise<T> {
    const response = await this.post<{ volume: T }>("/volumes", { volume: { size, name, ...extra } });
    expect(response.status, response.text).to.equal(202);
    this.created.volumes.push(response.body.volume.id);
    const { record } = await this.waitFor<T>("volumes", response.body.volume.id, ["available", "error"]);
    expect(record?.status).to.equal("available");
    return record as T;
  }

  /** A new, available snapshot (`force` at the fixtures' microversion for an in-use volume). */
  async snapshot<T extends Record_>(body: Record<string, unknown>): Promise<T> {
    const response = await this.post<{ snapshot: T }>("/snapshots", { snapshot: body });
    expect(response.status, response.text).to.equal(202);
    this.created.snapshots.push(response.body.snapshot.id);
    const { record } = await this.waitFor<T>("snapshots", response.body.snapshot.id, ["available", "error"]);
    expect(record?.status).to.equal("available");
    return record as T;
  }

  /** A new, available backup. */
  async backUp<T extends Record_>(body: Record<string, unknown>): Promise<T> {
    const response = await this.post<{ backup: T }>("/backups", { backup: body });
    expect(response.status, response.text).to.equal(202);
    this.created.backups.push(response.body.backup.id);
    const { record } = await this.waitFor<T>("backups", response.body.backup.id, ["available", "error"]);
    const reason = (record as { fail_reason?: string | null } | undefined)?.fail_reason;
    expect(record?.status, reason ?? "").to.equal("available");
    return record as T;
  }

  /** Attaches a volume as a server would (`os-attach`): it is `in-use` at once. */
  async attach(volumeId: string): Promise<void> {
    const body = { "os-attach": { instance_uuid: randomUUID(), mountpoint: "/dev/vdb" } };
    expect((await this.post(`/volumes/${volumeId}/action`, body)).status).to.equal(202);
    expect((await this.waitFor("volumes", volumeId, ["in-use"])).record?.status).to.equal("in-use");
  }

  /**
   * Removes what was made, newest backups first (incremental ones before their parents), then snapshots
   * (which stop their volumes' deletion), then volumes; best effort.
   */
  async cleanUp(): Promise<void> {
    for (const id of [...this.created.backups].reverse()) {
      await send(this.target, "DELETE", `/backups/${id}`).catch(() => undefined);
      await this.waitFor("backups", id, ["gone", "error", "error_deleting"]).catch(() => undefined);
    }
    for (const id of this.created.snapshots) {
      await this.waitFor("snapshots", id, ["available", "error", "gone"]).catch(() => undefined);
      await send(this.target, "DELETE", `/snapshots/${id}`).catch(() => undefined);
      await this.waitFor("snapshots", id, ["gone", "error_deleting"]).catch(() => undefined);
    }
    for (const id of this.created.volumes) {
      await this.post(`/volumes/${id}/action`, { "os-detach": {} }).catch(() => undefined);
      await this.waitFor("volumes", id, ["available", "error", "error_restoring", "gone"]).catch(
        () => undefined,
      );
      await send(this.target, "DELETE", `/volumes/${id}`).catch(() => undefined);
    }
  }

  private post<T>(path: string, body: unknown) {
    return send<T>(this.target, "POST", path, { body, microversion: FIXTURE_MICROVERSION });
  }
}
