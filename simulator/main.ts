/**
 * `npm run simulator`: starts the simulator, prints the `export OS_...` and `WALDUR_...` lines to paste
 * into a shell and a summary of the seeded data, and runs until SIGINT or SIGTERM.
 *
 * Port: `--port N` (or `--port=N`), else `SIMULATOR_PORT`, else a free port.
 */
import { ADMIN_PREFIX } from "./admin/service";
import { cinderBanner } from "./cinder/banner";
import { type Simulator, startSimulator } from "./index";
import { waldurBanner } from "./waldur/banner";
import { POWERVC_COMPUTE_CATALOG_SERVICE, POWERVC_VOLUME_CATALOG_SERVICE } from "./powervc/service";

/** The port asked for on the command line or in the environment (0: any free port). */
export function portFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let raw: string | undefined = env.SIMULATOR_PORT;
  for (const [index, arg] of argv.entries()) {
    if (arg === "--port") raw = argv[index + 1];
    else if (arg.startsWith("--port=")) raw = arg.slice("--port=".length);
  }
  if (raw === undefined || raw === "") return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port: ${raw}`);
  return port;
}

function shellQuote(value: string): string {
  return /^[\w./:@%+-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The text printed at start: shell exports, then `#` comment lines (safe to paste whole). Every URL in it answers,
 * given the credentials the exports hold: for each service, the list of what it holds (an endpoint's own URL
 * answers 404, as it does on the real servers).
 */
export function banner(sim: Simulator): string {
  const exports = Object.entries({ ...sim.openrc(), ...sim.waldurEnv() }).map(
    ([name, value]) => `export ${name}=${shellQuote(value)}`,
  );
  const { trilio, credentials } = sim;
  const state = trilio.state;
  const workloads = state.workloads.map((workload) => {
    const snapshots = state.snapshots
      .filter((snapshot) => snapshot.workloadId === workload.id)
      .map(
        (snapshot) =>
          `#     snapshot ${snapshot.id} ${snapshot.snapshotType} ${snapshot.status} (${snapshot.name})`,
      );
    const vms = workload.originalVmsExist
      ? "original VMs exist: one-click restore fails"
      : "original VMs gone";
    return [
      `#   workload ${workload.id} ${workload.name}: ${workload.instances.map((i) => i.name).join(", ")} (${vms})`,
      ...snapshots,
    ].join("\n");
  });
  return [
    ...exports,
    `# Simulator admin API (no login; lists its endpoints): ${sim.url}${ADMIN_PREFIX}/`,
    `# Application credential: OS_APPLICATION_CREDENTIAL_ID=${credentials.applicationCredentialId} OS_APPLICATION_CREDENTIAL_SECRET=${credentials.applicationCredentialSecret}`,
    `# TrilioVault workloadmgr, its workloads: ${sim.url}/trilio/v1/${trilio.projectId}/workloads`,
    ...workloads,
    cinderBanner(sim.cinder, sim.url),
    `# IBM PowerVC (OS_PROJECT_NAME=powervc): servers ${sim.url}${POWERVC_COMPUTE_CATALOG_SERVICE.endpointPath(sim.powervc.projectId)}/servers, instance snapshots ${sim.url}${POWERVC_VOLUME_CATALOG_SERVICE.endpointPath(sim.powervc.projectId)}/instance-snapshots`,
    ...waldurBanner(sim.waldur),
    "# Press Ctrl-C to stop.",
  ].join("\n");
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: portFromArgs(process.argv.slice(2), process.env) });
  process.stdout.write(`${banner(sim)}\n`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
