import { WALDUR_PROJECTS } from "./seed";
import { type WaldurSim } from "./waldur-sim";

/**
 * The CLI banner's Waldur lines (`#` comments): the login, the API root, and each project's volumes
 * with their snapshots.
 */
export function waldurBanner(waldur: WaldurSim): string[] {
  const { volumes, snapshots } = waldur.state;
  const { username, password } = waldur.credentials;
  const lines = [`# Waldur: ${waldur.apiUrl} (WALDUR_USERNAME=${username} WALDUR_PASSWORD=${password})`];
  for (const project of WALDUR_PROJECTS) {
    const access = project.members.includes(username)
      ? `${username} is a member`
      : `${username} cannot see it`;
    lines.push(`#   project ${project.uuid} ${project.name} (${access})`);
    for (const volume of volumes.filter((candidate) => candidate.projectUuid === project.uuid)) {
      const resource = volume.marketplaceResourceUuid
        ? `marketplace resource ${volume.marketplaceResourceUuid}`
        : "no marketplace resource: cannot be deleted through the API";
      lines.push(
        `#     volume ${volume.uuid} ${volume.name}: ${volume.size} MiB ${volume.state} ${volume.runtimeState || "-"} (${resource})`,
      );
      for (const snapshot of snapshots.filter((candidate) => candidate.sourceVolumeUuid === volume.uuid)) {
        lines.push(
          `#       snapshot ${snapshot.uuid} ${snapshot.name} ${snapshot.state}, kept until ${snapshot.keptUntil ?? "forever"}`,
        );
      }
    }
  }
  return lines;
}
