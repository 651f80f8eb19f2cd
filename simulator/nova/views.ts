import { createHash } from "node:crypto";
import { naiveUtcTimestamp } from "../core/timestamps";
import { type NovaServer } from "../trilio/models";

/** Nova's `created` / `updated` spelling: UTC to the second, with a `Z`. */
function novaTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The `self` and `bookmark` links of a resource; `root` is the service root (`${url}/compute`). */
function links(root: string, projectId: string, collection: string, id: string) {
  return [
    { rel: "self", href: `${root}/v2.1/${projectId}/${collection}/${id}` },
    { rel: "bookmark", href: `${root}/${projectId}/${collection}/${id}` },
  ];
}

/** A server as `GET /servers` lists it: id, name and links. */
export function serverSummaryView(server: NovaServer, root: string) {
  return { id: server.id, name: server.name, links: links(root, server.projectId, "servers", server.id) };
}

/** A server as `GET /servers/{id}` and `GET /servers/detail` show it (microversion 2.1). */
export function serverView(server: NovaServer, root: string) {
  const created = novaTime(server.createdAt);
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    tenant_id: server.projectId,
    user_id: server.userId,
    metadata: { ...server.metadata },
    hostId: createHash("sha224").update(`${server.projectId}compute-1`).digest("hex"),
    image: "",
    flavor: {
      id: server.flavor.id,
      links: links(root, server.projectId, "flavors", server.flavor.id).slice(1),
    },
    created,
    updated: created,
    addresses: Object.fromEntries(
      server.nics.map((nic) => [
        nic.networkName,
        [
          {
            version: 4,
            addr: nic.ipAddress,
            "OS-EXT-IPS:type": "fixed",
            "OS-EXT-IPS-MAC:mac_addr": nic.macAddress,
          },
        ],
      ]),
    ),
    accessIPv4: "",
    accessIPv6: "",
    links: links(root, server.projectId, "servers", server.id),
    "OS-DCF:diskConfig": "MANUAL",
    progress: 0,
    "OS-EXT-AZ:availability_zone": "nova",
    config_drive: "",
    key_name: null,
    "OS-SRV-USG:launched_at": naiveUtcTimestamp(server.createdAt),
    "OS-SRV-USG:terminated_at": null,
    security_groups: [{ name: "default" }],
    "OS-EXT-STS:task_state": null,
    "OS-EXT-STS:vm_state": "active",
    "OS-EXT-STS:power_state": 1,
    "os-extended-volumes:volumes_attached": server.volumeIds.map((id) => ({ id })),
  };
}
