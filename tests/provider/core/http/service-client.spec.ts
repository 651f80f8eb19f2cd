import { expect } from "chai";
import { z } from "zod";
import { ServiceClient } from "../../../../provider/core/http/service-client";
import { startLoopbackServer, type LoopbackServer } from "../../../helpers/loopback-server";

describe("ServiceClient.getAllPages", () => {
  let server: LoopbackServer;
  afterEach(async () => server.close());

  const client = () =>
    new ServiceClient({
      serviceName: "Cinder",
      credentials: { token: () => Promise.resolve({ id: "t" }), invalidate: () => "a fixed token" },
      endpoint: () => Promise.resolve(server.url),
      authHeaders: (token) => ({ "x-auth-token": token.id }),
    });
  const page = (ids: string[], next?: string) => ({
    status: 200,
    body: {
      backups: ids.map((id) => ({ id })),
      ...(next ? { backups_links: [{ rel: "next", href: next }] } : {}),
    },
  });
  const list = () =>
    client().getAllPages("/backups/detail", z.object({ id: z.string() }), {
      what: "backups",
      key: "backups",
    });

  it("follows next links, on its own endpoint only, until a page has none", async () => {
    server = await startLoopbackServer([
      page(["a", "b"], "http://internal-host:8776/v3/p/backups/detail?marker=b"),
      page(["c"]),
    ]);
    expect((await list()).map((backup) => backup.id)).to.deep.equal(["a", "b", "c"]);
    expect(server.requests.map((r) => r.path)).to.deep.equal(["/backups/detail", "/backups/detail?marker=b"]);
  });

  it("stops with an error naming the list when a server links back to a page already read", async () => {
    server = await startLoopbackServer([
      page(["a"], "/backups/detail?marker=a"),
      page(["b"], "/backups/detail?marker=b"),
      page(["b"], "/backups/detail?marker=b"),
    ]);
    const error = await list().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal(
      "Cinder GET /backups/detail: the list of backups links back to a page already read " +
        "(/backups/detail?marker=b); stopped after 3 pages instead of reading forever",
    );
    expect(server.requests).to.have.length(3);
  });
});
