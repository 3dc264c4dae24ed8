/**
 * The documentation half of the Kubernetes 1.31 API schema (descriptions, required properties, enum
 * values), as scripts/gen-api-docs.ts writes it into k8s-1.31-docs.json. `kubectl explain` prints it;
 * the editor's hover and completion show it.
 *
 * Only explain and the editor need it, so it is never imported statically: `loadApiDocs()` brings it in
 * as its own chunk, and `apiDocs()` hands it out afterwards.
 */

export interface FieldDoc {
  description: string;
  required?: string[];
  enum?: string[];
  /** a list's items' enum values (a list of an enum type: the OpenAPI puts them on `items`) */
  itemsEnum?: string[];
}

export interface ApiDocs {
  /** a definition's own description and its required properties (key as in k8s-1.31.json: `core.v1.Pod`) */
  definition(key: string): FieldDoc | undefined;
  /** a property's description and enum values */
  property(defKey: string, prop: string): FieldDoc | undefined;
}

/** A description, or the index of one in `shared` (descriptions several properties carry). */
type Text = string | number;

/** k8s-1.31-docs.json */
export interface ApiDocsFile {
  version: string;
  shared: string[];
  defs: Record<string, { d?: string; r?: string[]; p: Record<string, Text | [Text, string[]] | [Text, string[], string[]]> }>;
}

class LoadedApiDocs implements ApiDocs {
  constructor(private readonly file: ApiDocsFile) {}

  definition(key: string): FieldDoc | undefined {
    const d = this.file.defs[key];
    if (!d) return undefined;
    return d.r ? { description: d.d ?? '', required: d.r } : { description: d.d ?? '' };
  }

  property(defKey: string, prop: string): FieldDoc | undefined {
    const p = this.file.defs[defKey]?.p;
    // Own properties only: a property named like an Object.prototype member is not documented by it.
    if (!p || !Object.prototype.hasOwnProperty.call(p, prop)) return undefined;
    const entry = p[prop]!;
    if (Array.isArray(entry)) {
      const [text, values, items] = entry;
      return { description: this.text(text), ...(values.length > 0 ? { enum: values } : {}), ...(items ? { itemsEnum: items } : {}) };
    }
    return { description: this.text(entry) };
  }

  private text(t: Text): string {
    return typeof t === 'number' ? this.file.shared[t]! : t;
  }
}

let loaded: ApiDocs | undefined;
let loading: Promise<ApiDocs> | undefined;

/** Loads k8s-1.31-docs.json (its own chunk) once; later calls return the same promise. */
export function loadApiDocs(): Promise<ApiDocs> {
  loading ??= import('./k8s-1.31-docs.json').then((m) => {
    // TypeScript infers the JSON's tuples as arrays; the generator writes ApiDocsFile.
    loaded = new LoadedApiDocs((m as unknown as { default: ApiDocsFile }).default);
    return loaded;
  });
  return loading;
}

/** The loaded docs, or undefined while `loadApiDocs()` has not finished. */
export function apiDocs(): ApiDocs | undefined {
  return loaded;
}
