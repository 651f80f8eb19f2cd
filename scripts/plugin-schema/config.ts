/**
 * The provider's configuration: the settings stack config gives today (`dataprotection:<name>`), under the same
 * names, each with the environment variables that set it when the configuration does not. The OpenStack
 * connection's settings keep their names (`authUrl`), Waldur's are `waldur…` (`waldurApiUrl`), then the settings of
 * the package itself (`requestTimeout`, …).
 */
import type { z } from "zod";
import {
  ENV_NAMES as OPENSTACK_ENV,
  INSECURE_VARIABLE,
  openStackConnectionSchema,
} from "../../provider/openstack/connection";
import {
  CONFIG_NAMES as WALDUR_CONFIG,
  ENV_NAMES as WALDUR_ENV,
  waldurConnectionSchema,
} from "../../provider/waldur/connection";
import type { ZodTypes } from "./from-zod";
import type { NamedTypes, PropertySpec } from "./spec";

/** A setting of the package itself (see provider/core/http/http-settings.ts and provider/core/check.ts). */
interface PackageSetting {
  name: string;
  variable: string;
  type: PropertySpec["type"];
  description: string;
}

const PACKAGE_SETTINGS: readonly PackageSetting[] = [
  {
    name: "requestTimeout",
    variable: "DATAPROTECTION_REQUEST_TIMEOUT",
    type: "string",
    description: "How long one request may take, as a duration such as `90s` (default 60s).",
  },
  {
    name: "authTimeout",
    variable: "DATAPROTECTION_AUTH_TIMEOUT",
    type: "string",
    description: "How long getting a Keystone token may take, retries included, such as `3m` (default 90s).",
  },
  {
    name: "maxConcurrentRequests",
    variable: "DATAPROTECTION_MAX_CONCURRENT_REQUESTS",
    type: "integer",
    description: "How many requests may go to one endpoint at once (default 16).",
  },
  {
    name: "remoteChecks",
    variable: "DATAPROTECTION_REMOTE_CHECKS",
    type: "boolean",
    description:
      "Whether preview asks each API whether an operation can run (default true); false checks the inputs only.",
  },
];

/** The configuration variables, described, typed and with secrets marked as the connection types are. */
export function configVariables(zodTypes: ZodTypes, types: NamedTypes): Record<string, PropertySpec> {
  const propertiesOf = (schema: z.ZodType) => {
    const reference = zodTypes.typeOf(schema, "index", "Config").$ref ?? "";
    return types.types[reference.replace("#/types/", "")].properties;
  };
  const variables: Record<string, PropertySpec> = {};
  const openStackEnv: Record<string, readonly string[] | undefined> = {
    ...OPENSTACK_ENV,
    insecure: [INSECURE_VARIABLE],
  };
  for (const [name, spec] of Object.entries(propertiesOf(openStackConnectionSchema))) {
    variables[name] = withEnvironment(spec, openStackEnv[name]);
  }
  for (const [key, spec] of Object.entries(propertiesOf(waldurConnectionSchema))) {
    const name = WALDUR_CONFIG[key as keyof typeof WALDUR_CONFIG];
    variables[name] = withEnvironment(spec, WALDUR_ENV[key as keyof typeof WALDUR_ENV]);
  }
  for (const setting of PACKAGE_SETTINGS) {
    variables[setting.name] = withEnvironment({ type: setting.type, description: setting.description }, [
      setting.variable,
    ]);
  }
  return variables;
}

function withEnvironment(spec: PropertySpec, variables: readonly string[] | undefined): PropertySpec {
  return variables?.length ? { ...spec, defaultInfo: { environment: [...variables] } } : spec;
}
