import { expect } from "chai";
import { allocationShares, UNCLAIMED } from "../../bench/host-allocation";

interface Frame {
  callFrame: { url: string };
  selfSize: number;
  children: Frame[];
}

/** A profile node allocating `selfSize` bytes in the script at `url`. */
const frame = (url: string, selfSize: number, children: Frame[] = []): Frame => ({
  callFrame: { url },
  selfSize,
  children,
});

describe("allocationShares (the bench's account of the host's allocations)", () => {
  it("charges each allocation to the innermost frame a known allocator claims", () => {
    const profile = frame("", 0, [
      frame("node:internal/main", 5, [
        frame("file:///app/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", 10, [
          // Our provider called from the host: its own allocations and got's beneath it.
          frame(
            "file:///app/node_modules/pulumi-openstack-dataprotection/dist/provider/trilio/restore.js",
            20,
            [
              frame("file:///app/node_modules/got/dist/source/core/index.js", 30, [
                // Node's http under got counts as got's.
                frame("node:_http_client", 40),
              ]),
              frame("file:///app/node_modules/zod/v4/core/schemas.cjs", 7),
            ],
          ),
          frame("file:///app/node_modules/google-protobuf/google-protobuf.js", 50),
        ]),
      ]),
    ]);
    expect(allocationShares(profile)).to.deep.equal({
      [UNCLAIMED]: 5,
      "the Pulumi runtime and host": 10,
      "this package": 20,
      "got and Node's http beneath it": 70,
      zod: 7,
      "gRPC and protobuf (the host's)": 50,
    });
  });
});
