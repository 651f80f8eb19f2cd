/**
 * What the TypeScript SDK (sdk/) says that the field declarations do not: each resource's computed outputs and
 * their TSDoc, each lookup's result type and TSDoc, and the TSDoc of the interfaces that describe shared shapes.
 * Read with the TypeScript compiler from the sources, so the schema says what the SDK's declarations say.
 */
import * as path from "node:path";
import ts from "typescript";

/** The TSDoc of the properties of the object at a path of properties (`[]` for a list's items) in arguments. */
export type DocsAt = (path: readonly string[]) => Map<string, string>;

/** The path step to a list's items in a {@link DocsAt} path. */
export const ITEMS = "[]";

/** A resource class of the SDK. */
export interface SdkResource {
  description: string;
  /** The TSDoc of its arguments (`SnapshotArgs`), nested ones included. */
  argumentDocs: DocsAt;
  /** The type of its computed outputs (`SnapshotOutputValues`). */
  outputs: ts.Type;
}

/** A lookup of the SDK. */
export interface SdkLookup {
  description: string;
  /** The TSDoc of its arguments (`GetSnapshotsArgs`), nested ones included. */
  argumentDocs: DocsAt;
  /** The types its call signatures resolve to (`WaldurSnapshotInfo[]`). */
  results: ts.Type[];
}

/** The types `pulumi.Input<T>` wraps a value in. */
const WRAPPERS = new Set(["Promise", "OutputInstance", "Output"]);

/** The SDK's declarations, read from the sources under `root`. */
export class SdkReader {
  readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  constructor(private readonly root: string) {
    this.program = ts.createProgram([path.join(root, "sdk/index.ts")], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      noEmit: true,
    });
    this.checker = this.program.getTypeChecker();
  }

  /** The TSDoc of a symbol, as text. */
  docOf(symbol: ts.Symbol): string {
    return ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
  }

  /** The TSDoc of the declaration `name` exported by `file`. */
  typeDoc(file: string, name: string): string {
    return this.docOf(this.exported(file, name));
  }

  /** The TSDoc of each property of interface `name` exported by `file`. */
  propertyDocs(file: string, name: string): Map<string, string> {
    const type = this.checker.getDeclaredTypeOfSymbol(this.exported(file, name));
    return this.docsOfProperties(type);
  }

  /** The resource class of `type` ("waldur.Snapshot"), exported by `sdk/<module>/index.ts`. */
  resource(type: string): SdkResource {
    const [module, name] = type.split(".");
    const symbol = this.exported(`sdk/${module}/index.ts`, name);
    const call = symbol.declarations
      ?.filter(ts.isClassDeclaration)
      .flatMap((declaration) => declaration.heritageClauses ?? [])
      .map((clause) => clause.types[0]?.expression)
      .find((expression): expression is ts.CallExpression => !!expression && ts.isCallExpression(expression));
    const [args, values] = call?.typeArguments ?? [];
    if (!args || !values) {
      throw new Error(`sdk/${module}: class ${name} does not extend resourceClass<Args, OutputValues>(…)`);
    }
    return {
      description: this.docOf(symbol),
      argumentDocs: this.docsAt(this.checker.getTypeFromTypeNode(args)),
      outputs: this.checker.getTypeFromTypeNode(values),
    };
  }

  /** The lookup `name` ("waldur.getSnapshots") and its `…Args` interface, exported by `sdk/<module>/index.ts`. */
  lookup(name: string): SdkLookup {
    const [module, fn] = name.split(".");
    const file = `sdk/${module}/index.ts`;
    const symbol = this.exported(file, fn);
    const signatures = this.checker
      .getTypeOfSymbol(symbol)
      .getCallSignatures()
      .map(
        (signature) => this.checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType(),
      );
    return {
      description: this.docOf(symbol),
      argumentDocs: this.docsAt(
        this.checker.getDeclaredTypeOfSymbol(
          this.exported(file, `${fn.charAt(0).toUpperCase()}${fn.slice(1)}Args`),
        ),
      ),
      results: signatures,
    };
  }

  /**
   * The {@link DocsAt} of arguments of type `root`, looking through `pulumi.Input<…>` (a value, its Promise or its
   * Output) at each step.
   */
  private docsAt(root: ts.Type): DocsAt {
    return (path) => {
      let types = this.values(root);
      for (const step of path) {
        types = types
          .flatMap((type) => {
            if (step !== ITEMS) {
              const property = type.getProperty(step);
              return property ? [this.checker.getTypeOfSymbol(property)] : [];
            }
            return this.checker.isArrayType(type)
              ? [this.checker.getTypeArguments(type as ts.TypeReference)[0]]
              : [];
          })
          .flatMap((type) => this.values(type));
      }
      return new Map(types.flatMap((type) => [...this.docsOfProperties(type)]));
    };
  }

  /** The plain values `type` may be: `pulumi.Input<T>`'s `T`, without null and undefined. */
  private values(type: ts.Type): ts.Type[] {
    const members = type.isUnion() ? type.types : [type];
    return members.filter(
      (member) =>
        !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) &&
        !WRAPPERS.has(member.getSymbol()?.name ?? ""),
    );
  }

  /** The TSDoc of each property of `type`. */
  docsOfProperties(type: ts.Type): Map<string, string> {
    return new Map(type.getProperties().map((property) => [property.name, this.docOf(property)]));
  }

  private exported(file: string, name: string): ts.Symbol {
    const source = this.program.getSourceFile(path.join(this.root, file));
    const module = source && this.checker.getSymbolAtLocation(source);
    const symbol = module && this.checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`${file} exports no ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }
}
