/**
 * Where the dynamic-provider host's allocations come from, measured inside the host: preloaded into it with
 * `NODE_OPTIONS=--require …/host-allocation.js` and `ALLOCATION_PROFILE_FILE` naming where to write, it runs V8's
 * sampling heap profiler (counting objects that were already collected too, so every allocation counts) and, when
 * the engine stops the host (SIGTERM), writes the bytes allocated, by the code that allocated them.
 *
 * Other processes that inherit `NODE_OPTIONS` (the Pulumi program) load this module and do nothing.
 */
import * as fs from "node:fs";
import * as inspector from "node:inspector";

/** Bytes allocated, by the code that allocated them: names in {@link ALLOCATORS}, or {@link UNCLAIMED}. */
export type AllocationShares = Record<string, number>;

/** Who allocated, by the innermost stack frame whose script path contains the fragment. First match wins. */
export const ALLOCATORS: readonly (readonly [name: string, fragments: readonly string[]])[] = [
  ["this package", ["/dist/provider/"]],
  ["got and Node's http beneath it", ["/got/", "/p-cancelable/", "/@sindresorhus/", "/lowercase-keys/"]],
  ["zod", ["/zod/"]],
  ["gRPC and protobuf (the host's)", ["/google-protobuf/", "/@grpc/"]],
  ["the Pulumi runtime and host", ["/@pulumi/pulumi/", "/typescript/"]],
];

/** Allocations under no allocator's frame: Node's own work, and code none of them names. */
export const UNCLAIMED = "Node itself and the rest";

/** A node of V8's sampling heap profile. */
interface ProfileNode {
  callFrame: { url: string };
  selfSize: number;
  children: ProfileNode[];
}

/** Sums the profile's bytes by allocator: each sample goes to the innermost frame an allocator claims. */
export function allocationShares(root: ProfileNode): AllocationShares {
  const shares: AllocationShares = {};
  const visit = (node: ProfileNode, owner: string) => {
    const claimed = ALLOCATORS.find(([, fragments]) =>
      fragments.some((fragment) => node.callFrame.url.includes(fragment)),
    );
    const current = claimed?.[0] ?? owner;
    if (node.selfSize > 0) shares[current] = (shares[current] ?? 0) + node.selfSize;
    for (const child of node.children) visit(child, current);
  };
  visit(root, UNCLAIMED);
  return shares;
}

function profileHost(file: string): void {
  const session = new inspector.Session();
  session.connect();
  session.post("HeapProfiler.enable");
  session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.once("SIGTERM", () => {
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (!error) {
        const shares = allocationShares((result as { profile: { head: ProfileNode } }).profile.head);
        fs.writeFileSync(file, JSON.stringify(shares));
      }
      process.exit(0);
    });
  });
}

const file = process.env.ALLOCATION_PROFILE_FILE;
if (file && process.argv[1]?.includes("dynamic-provider")) profileHost(file);
