/**
 * The authentication section: Keystone token requests for one `up` of 50 restores, against a naive provider that
 * logs in for every resource (built here: the same requests, each resource with its own login).
 */
import { startSimulator, type Simulator } from "../simulator";
import { timedUp } from "./run-up";

/** Token requests of this provider and of the naive baseline, for `count` restores. */
export async function measureAuthentication(count: number): Promise<{ provider: number; naive: number }> {
  const sim = await startSimulator({ trilio: { restoreDurationMs: 1000 } });
  try {
    const workloads = sim.trilio.seed(count);
    const before = sim.keystone.tokenRequests;
    await timedUp(
      workloads.map((w, i) => ({
        type: "trilio.Restore",
        name: `restore-${i}`,
        args: { snapshotId: w.snapshotIds[0], restoreType: "oneclick" },
      })),
      sim.openrc(),
    );
    const provider = sim.keystone.tokenRequests - before;
    sim.reset();
    const naiveWorkloads = sim.trilio.seed(count);
    const naiveBefore = sim.keystone.tokenRequests;
    await Promise.all(naiveWorkloads.map((w) => naiveRestore(sim, w.snapshotIds[0])));
    return { provider, naive: sim.keystone.tokenRequests - naiveBefore };
  } finally {
    await sim.close();
  }
}

/** A restore as a provider without a shared session does it: log in, check the snapshot, start, poll. */
async function naiveRestore(sim: Simulator, snapshotId: string): Promise<void> {
  const c = sim.credentials;
  const login = await fetch(`${sim.authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: c.username, domain: { name: c.userDomainName }, password: c.password } },
        },
        scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
      },
    }),
  });
  const token = login.headers.get("x-subject-token") ?? "";
  const base = `${sim.url}/trilio/v1/${c.projectId}`;
  const headers = { "x-auth-token": token, "content-type": "application/json" };
  await fetch(`${base}/snapshots/${snapshotId}`, { headers });
  const started = (await (
    await fetch(`${base}/snapshots/${snapshotId}`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        restore: { name: "naive", options: { type: "openstack", restore_type: "oneclick", openstack: {} } },
      }),
    })
  ).json()) as { restore: { id: string } };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const status = (
      (await (await fetch(`${base}/restores/${started.restore.id}`, { headers })).json()) as {
        restore: { status: string };
      }
    ).restore.status;
    if (["available", "error", "cancelled"].includes(status)) return;
  }
}
