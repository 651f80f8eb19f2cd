/**
 * Who a resource is. A dynamic provider is never told its resource's name or stack, so every SDK class passes
 * them as the `__identity` input. They name the resource in errors and log lines, and derive the marker that lets
 * a create interrupted after the API accepted it be adopted instead of repeated.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "./values";

/** The `__identity` input. */
export const identitySchema = z.object({
  type: z.string().min(1),
  name: z.string().min(1),
  project: z.string(),
  stack: z.string(),
});

/** A resource's identity. */
export type ResourceIdentity = z.output<typeof identitySchema>;

/** The resource as users name it in messages: `trilio.Restore "web-restore"`. */
export function resourceLabel(identity: Pick<ResourceIdentity, "type" | "name">): string {
  return `${identity.type} "${identity.name}"`;
}

/** Prefix of every marker, so markers are recognisable in descriptions. */
export const MARKER_PREFIX = "pulumi:";

/**
 * A deterministic marker for one intended operation: the same stack, project, resource and defining inputs
 * always give the same marker; anything else gives a different one. 16 hex digits of SHA-256.
 */
export function operationMarker(identity: ResourceIdentity, defining: unknown): string {
  const digest = createHash("sha256")
    .update(canonicalJson([identity.project, identity.stack, identity.type, identity.name, defining]))
    .digest("hex");
  return `${MARKER_PREFIX}${digest.slice(0, 16)}`;
}

/** Characters a marker adds to a description: a space, `[pulumi:`, 16 hex digits and `]`. */
export const MARKER_SUFFIX_LENGTH = ` [${MARKER_PREFIX}${"0".repeat(16)}]`.length;

/**
 * A refinement for the inputs of a resource that marks what it creates in a `description`: the user's text and
 * the marker together must fit the `limit` (characters) that `server` enforces, or the create would fail with a
 * 400 after preview said fine. `adopted` tells the inputs of an adopted object, which is never marked.
 */
export function markerFits<T extends { description?: string }>(
  limit: number,
  server: string,
  adopted: (inputs: T) => boolean = () => false,
): (inputs: T, context: z.RefinementCtx) => void {
  const room = limit - MARKER_SUFFIX_LENGTH;
  return (inputs, context) => {
    const length = inputs.description?.length ?? 0;
    if (length <= room || adopted(inputs)) return;
    context.addIssue({
      code: "custom",
      path: ["description"],
      message:
        `is ${length} characters, and at most ${room} fit: ${server} keeps ${limit}, and the resource adds ` +
        `a ${MARKER_SUFFIX_LENGTH}-character marker (" [${MARKER_PREFIX}…]") by which it recognises what it created`,
    });
  };
}

/** A description that carries the marker after the user's text. */
export function describeWithMarker(description: string | undefined, marker: string): string {
  return description ? `${description} [${marker}]` : `[${marker}]`;
}

/**
 * The user's part of a description that carries `marker` (the whole text when it carries none, as after someone
 * edited the marker away).
 */
export function withoutMarker(description: string | null | undefined, marker: string | undefined): string {
  const text = description ?? "";
  if (!marker) return text;
  if (text === `[${marker}]`) return "";
  const suffix = ` [${marker}]`;
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** The marker a description carries (`pulumi:` and 16 hex digits), if any: the object was made by a resource. */
export function markerIn(description: string | null | undefined): string | undefined {
  return typeof description === "string"
    ? new RegExp(`\\[(${MARKER_PREFIX}[0-9a-f]{16})\\]`).exec(description)?.[1]
    : undefined;
}

/** True when `description` carries `marker`. */
export function hasMarker(description: string | null | undefined, marker: string): boolean {
  return typeof description === "string" && description.includes(`[${marker}]`);
}
