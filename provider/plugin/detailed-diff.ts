/**
 * The engine's detailed diff from the resource's own diff (see ../core/diff): each changed input is an add, a
 * delete or an update, and a replace when the resource's field table (or its refinement) says its change makes a
 * new object. The engine shows it in the preview per property, and no longer has to guess from the values.
 */
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { TableDiff } from "../core/diff";
import type { Props } from "../core/resource";

const Kind = provproto.PropertyDiff.Kind;

/** The `DiffResponse` of `diff` between old outputs `olds` and new inputs `news`, less `ignoreChanges`. */
export function diffResponse(
  diff: TableDiff,
  olds: Props,
  news: Props,
  ignoreChanges: readonly string[],
): provproto.DiffResponse {
  const changed = diff.changedKeys.filter((key) => !ignoreChanges.includes(key));
  const replaces = diff.replaces.filter((key) => changed.includes(key));
  const response = changesResponse(changed);
  response.setReplacesList(replaces);
  response.setDeletebeforereplace(replaces.length > 0 && diff.deleteBeforeReplace === true);
  response.setHasdetaileddiff(true);
  const detailed = response.getDetaileddiffMap();
  for (const key of changed) {
    const property = new provproto.PropertyDiff();
    property.setKind(kindOf(olds[key] !== undefined, news[key] !== undefined, replaces.includes(key)));
    property.setInputdiff(true);
    detailed.set(key, property);
  }
  return response;
}

/** A `DiffResponse` that lists the `changed` properties (none: no change), with no replacement. */
export function changesResponse(changed: readonly string[]): provproto.DiffResponse {
  const { DIFF_SOME, DIFF_NONE } = provproto.DiffResponse.DiffChanges;
  const response = new provproto.DiffResponse();
  response.setChanges(changed.length > 0 ? DIFF_SOME : DIFF_NONE);
  response.setDiffsList([...changed]);
  return response;
}

function kindOf(hadValue: boolean, hasValue: boolean, replaces: boolean): provproto.PropertyDiff.Kind {
  if (!hadValue) return replaces ? Kind.ADD_REPLACE : Kind.ADD;
  if (!hasValue) return replaces ? Kind.DELETE_REPLACE : Kind.DELETE;
  return replaces ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}
