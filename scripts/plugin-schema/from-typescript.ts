/**
 * Pulumi types of TypeScript types (the SDK's outputs and lookup results): `string | null` is an optional string,
 * a union of string literals a string, an interface a named object type (`waldur:SnapshotRestoration`), an
 * object literal type one named from its path, `Record<string, T>` a map, `unknown` any value.
 */
import ts from "typescript";
import { pascal, singular } from "./names";
import {
  ANY,
  typeToken,
  type NamedTypes,
  type ObjectTypeSpec,
  type PropertySpec,
  type TypeSpec,
} from "./spec";
import type { SdkReader } from "./sdk-reader";

const NOTHING = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
const PRIMITIVES: [ts.TypeFlags, TypeSpec["type"]][] = [
  [ts.TypeFlags.StringLike, "string"],
  [ts.TypeFlags.NumberLike, "number"],
  [ts.TypeFlags.BooleanLike, "boolean"],
];

/** Converts the SDK's TypeScript types, adding the object types they need to `types`. */
export class TypeScriptTypes {
  constructor(
    private readonly sdk: SdkReader,
    private readonly types: NamedTypes,
  ) {}

  /**
   * The object type of `type`'s properties, their TSDoc as descriptions, nested objects named in `module` from
   * `name`; a property is required unless it is optional or may be null.
   */
  objectOf(type: ts.Type, module: string, name: string): ObjectTypeSpec {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const property of type.getProperties()) {
      const propertyType = this.sdk.checker.getTypeOfSymbol(property);
      const spec: PropertySpec = this.typeOf(propertyType, module, name + pascal(property.name));
      const description = this.sdk.docOf(property);
      properties[property.name] = description ? { description, ...spec } : spec;
      const optional = property.flags & ts.SymbolFlags.Optional || this.mayBeNothing(propertyType);
      if (!optional) required.push(property.name);
    }
    return { type: "object", properties, ...(required.length ? { required } : {}) };
  }

  /** The Pulumi type of `type`, nested objects named in `module` from `name`. */
  typeOf(type: ts.Type, module: string, name: string): TypeSpec {
    const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & NOTHING));
    for (const [flag, primitive] of PRIMITIVES) {
      if (members.length > 0 && members.every((member) => member.flags & flag)) return { type: primitive };
    }
    if (members.length !== 1) return ANY;
    const [member] = members;
    if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return ANY;
    if (this.sdk.checker.isArrayType(member)) {
      const [item] = this.sdk.checker.getTypeArguments(member as ts.TypeReference);
      return { type: "array", items: this.typeOf(item, module, singular(name)) };
    }
    const index = this.sdk.checker.getIndexInfoOfType(member, ts.IndexKind.String);
    if (index && member.getProperties().length === 0) {
      return { type: "object", additionalProperties: this.typeOf(index.type, module, name) };
    }
    const declared = member.aliasSymbol ?? member.getSymbol();
    const named = declared && !declared.name.startsWith("__") ? declared.name : name;
    const spec = this.objectOf(member, module, named);
    const description = declared ? this.sdk.docOf(declared) : "";
    return this.types.add(typeToken(module, named), description ? { description, ...spec } : spec);
  }

  /**
   * The one object type a lookup's results hold (`WaldurSnapshotInfo` of `WaldurSnapshotInfo[]`, or of
   * `CinderBackupInfo[] | CinderBackupInfo`).
   */
  itemOf(results: readonly ts.Type[], lookup: string): ts.Type {
    const members = results.flatMap((type) => (type.isUnion() ? type.types : [type]));
    const items = members.map((type) =>
      this.sdk.checker.isArrayType(type)
        ? this.sdk.checker.getTypeArguments(type as ts.TypeReference)[0]
        : type,
    );
    const distinct = [...new Set(items)];
    if (distinct.length !== 1) {
      throw new Error(`${lookup} returns ${distinct.length} kinds of object: the schema can describe one`);
    }
    return distinct[0];
  }

  private mayBeNothing(type: ts.Type): boolean {
    return type.isUnion() ? type.types.some((t) => t.flags & NOTHING) : !!(type.flags & NOTHING);
  }
}
