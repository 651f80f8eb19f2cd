import { identityErrorBody } from "../core/fault-bodies";
import { dispatch, Router } from "../core/router";
import { type SimService } from "../core/service";
import { type KeystoneSim } from "./keystone-sim";
import { KEYSTONE_PREFIX } from "./paths";
import { versionEntry } from "./views";

/** Mounts Keystone v3 under `/identity`: the version documents and `POST /v3/auth/tokens`. */
export function createKeystoneService(keystone: KeystoneSim): SimService {
  const router = new Router()
    .get("/", () => ({ status: 300, body: { versions: { values: [versionEntry(keystone.authUrl)] } } }))
    .get("/v3", () => ({ status: 200, body: { version: versionEntry(keystone.authUrl) } }))
    .post("/v3/auth/tokens", (request) => {
      const issued = keystone.issueToken(request.body);
      return { status: 201, body: issued.body, headers: { "X-Subject-Token": issued.token.id } };
    });
  return {
    name: "keystone",
    prefix: KEYSTONE_PREFIX,
    requestIdHeader: "X-Openstack-Request-Id",
    faultBody: identityErrorBody,
    handle: (request) => dispatch(router, request, request.path, { wrongMethodStatus: 405 }),
  };
}
