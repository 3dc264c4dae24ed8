/**
 * The API schema as kubectl explain's template sees the OpenAPI v3 document the server publishes, built
 * from the two halves kubetab bundles: the types (k8s-1.31.json) and their documentation
 * (k8s-1.31-docs.json). A property that names a definition is `{allOf: [{$ref}], description}`, a
 * list `{type: array, items}`, a map `{type: object, additionalProperties}`, as in the published document.
 *
 * Both halves are chunks of their own; `loadExplainSchema()` brings them in (the worker and the CLI await
 * it before a command line that explains), `explainSchema()` hands the view out afterwards.
 */
import { loadApiDocs, type ApiDocs } from '../../sim/api/schema/docs';
import type { SchemaDoc } from '../../sim/api/schema/schema';
import { NON_STRUCT_TYPES, openApiTypeOf, type OpenApiSchema } from '../../sim/api/schema/openApiType';

export type { OpenApiSchema };

export class ExplainSchema {
  private readonly defs = new Map<string, OpenApiSchema>();

  constructor(
    private readonly doc: SchemaDoc,
    private readonly docs: ApiDocs,
  ) {}

  /** The group/versions the server publishes a document for (`v1`, `apps/v1`…). */
  hasGroupVersion(apiVersion: string): boolean {
    return Object.hasOwn(this.doc.kinds, apiVersion);
  }

  /** The definition a served kind is, or undefined. */
  kindKey(apiVersion: string, kind: string): string | undefined {
    const ks = this.doc.kinds[apiVersion];
    return ks && Object.hasOwn(ks, kind) ? ks[kind] : undefined;
  }

  /** A definition as its `$ref` resolves: its description, properties and required list. */
  resolve(key: string): OpenApiSchema {
    const known = this.defs.get(key);
    if (known) return known;
    const d = this.docs.definition(key);
    const raw = this.doc.defs[key];
    let s: OpenApiSchema;
    if (raw) {
      const props = new Map<string, OpenApiSchema>();
      s = { type: 'object', description: d?.description || undefined, properties: props, required: d?.required };
      // Registered before its properties are built: definitions refer to themselves.
      this.defs.set(key, s);
      for (const [name, expr] of Object.entries(raw.props)) {
        const p = this.docs.property(key, name);
        const prop = openApiTypeOf(expr, `${key}.${name}`);
        props.set(name, { ...prop, description: p?.description || undefined, ...(p?.enum ? { enum: p.enum } : {}) });
      }
    } else {
      s = { type: NON_STRUCT_TYPES.get(key), description: d?.description || undefined };
      this.defs.set(key, s);
    }
    return s;
  }
}

let loaded: ExplainSchema | undefined;
let loading: Promise<ExplainSchema> | undefined;

/** Loads the schema and its documentation once; later calls return the same promise. */
export function loadExplainSchema(): Promise<ExplainSchema> {
  loading ??= Promise.all([import('../../sim/api/schema/k8s-1.31.json'), loadApiDocs()]).then(([m, docs]) => {
    loaded = new ExplainSchema((m as unknown as { default: SchemaDoc }).default, docs);
    return loaded;
  });
  return loading;
}

/** The loaded view, or undefined while `loadExplainSchema()` has not finished. */
export function explainSchema(): ExplainSchema | undefined {
  return loaded;
}
