import { type CinderSim } from "./cinder-sim";
import { CINDER_CATALOG_SERVICES } from "./service";

/** The CLI banner's Cinder line (a `#` comment): the microversions, the URL of the volume list and the volumes. */
export function cinderBanner(cinder: CinderSim, url: string): string {
  const endpoint = `${url}${CINDER_CATALOG_SERVICES[0]?.endpointPath(cinder.projectId) ?? ""}`;
  const volumes = cinder.state.volumes.map(
    (volume) => `${volume.name ?? volume.id} ${volume.id} (${volume.status})`,
  );
  const versions = `microversions 3.0-${cinder.behaviour.maxMicroversion}`;
  return `# Cinder v3 (${versions}): volumes ${volumes.join(", ")}; their list: ${endpoint}/volumes`;
}
