/** Words the plan lines of Cinder resources share (see ../core/plan). */
import { nameAndId } from "../core/plan";

/** A size in GiB as Cinder reports it. */
export function gibibytes(size: number | null | undefined): string {
  return size === null || size === undefined ? "size not reported" : `${size} GiB`;
}

/** A volume or a backup as a plan line names it: `data (<id>, 1 GiB)`. */
export function sizedLabel(object: { id: string; name?: string | null; size?: number | null }): string {
  return nameAndId(object.name, object.id, gibibytes(object.size));
}
