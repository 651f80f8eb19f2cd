/**
 * The input shapes many resources and lookups share, each one named type wherever it is used: the connections
 * and the deadlines. Their properties are described by the SDK's interfaces of the same shapes.
 */
import type { z } from "zod";
import { openStackConnectionSchema } from "../../provider/openstack/connection";
import { timeoutsSchema } from "../../provider/core/timeouts";
import { waldurConnectionSchema } from "../../provider/waldur/connection";

/** A shared shape: its schema, its type's module and name, the SDK interface that documents it, its secrets. */
export interface SharedType {
  schema: z.ZodType;
  module: string;
  name: string;
  /** The interface in the SDK (a path from the repository's root, and its name). */
  sdk: { file: string; name: string };
  /** The properties that hold credentials: always secret, in the SDKs and in the state. */
  secrets: readonly string[];
}

/** Every shared shape. */
export const SHARED_TYPES: readonly SharedType[] = [
  {
    schema: openStackConnectionSchema,
    module: "index",
    name: "OpenStackConnection",
    sdk: { file: "sdk/common.ts", name: "OpenStackConnectionArgs" },
    secrets: ["password", "applicationCredentialSecret", "token"],
  },
  {
    schema: waldurConnectionSchema,
    module: "waldur",
    name: "Connection",
    sdk: { file: "sdk/waldur/connection.ts", name: "WaldurConnectionArgs" },
    secrets: ["token", "password"],
  },
  {
    schema: timeoutsSchema,
    module: "index",
    name: "Timeouts",
    sdk: { file: "sdk/common.ts", name: "TimeoutsArgs" },
    secrets: [],
  },
];
