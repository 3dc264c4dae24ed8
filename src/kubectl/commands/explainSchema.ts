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

/** An OpenAPI v3 schema object, with only what the explain template reads. */
export interface OpenApiSchema {
  /** the definition key of a `$ref` (`core.v1.PodSpec`) */
  ref?: string;
  type?: string;
  description?: string;
  enum?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  properties?: ReadonlyMap<string, OpenApiSchema>;
  required?: string[];
}

/**
 * The definitions the compact schema writes as a type of its own rather than a `#ref`, and the
 * `type` their OpenAPI definition has (which is what explain prints for a `$ref` to one that is not an
 * object: a Time is a `<string>`, a Quantity, with no type, a `<Quantity>`).
 */
const SCALAR_DEFS: Record<string, { key: string; type?: string }> = {
  Quantity: { key: 'api.resource.Quantity' },
  IntOrString: { key: 'util.intstr.IntOrString' },
  Time: { key: 'meta.v1.Time', type: 'string' },
  MicroTime: { key: 'meta.v1.MicroTime', type: 'string' },
};

/**
 * What the compact schema writes as `any` (raw JSON kept as it is), by definition and property: the
 * OpenAPI definition each refers to, and that definition's type.
 */
const RAW_JSON: Record<string, { key: string; type?: string }> = {
  'apps.v1.ControllerRevision.data': { key: 'runtime.RawExtension', type: 'object' },
  'meta.v1.ManagedFieldsEntry.fieldsV1': { key: 'meta.v1.FieldsV1', type: 'object' },
  'apiextensions.v1.CustomResourceSubresources.status': { key: 'apiextensions.v1.CustomResourceSubresourceStatus', type: 'object' },
  'apiextensions.v1.JSONSchemaProps.additionalItems': { key: 'apiextensions.v1.JSONSchemaPropsOrBool' },
  'apiextensions.v1.JSONSchemaProps.additionalProperties': { key: 'apiextensions.v1.JSONSchemaPropsOrBool' },
  'apiextensions.v1.JSONSchemaProps.default': { key: 'apiextensions.v1.JSON' },
  'apiextensions.v1.JSONSchemaProps.dependencies': { key: 'apiextensions.v1.JSONSchemaPropsOrStringArray' },
  'apiextensions.v1.JSONSchemaProps.enum': { key: 'apiextensions.v1.JSON' },
  'apiextensions.v1.JSONSchemaProps.example': { key: 'apiextensions.v1.JSON' },
  'apiextensions.v1.JSONSchemaProps.items': { key: 'apiextensions.v1.JSONSchemaPropsOrArray' },
};

const PRIMITIVE: Record<string, string> = { string: 'string', bytes: 'string', bool: 'boolean', int32: 'integer', int64: 'integer', float64: 'number' };

export class ExplainSchema {
  private readonly defs = new Map<string, OpenApiSchema>();
  /** the type of the non-struct definitions, by key */
  private readonly scalarTypes = new Map<string, string | undefined>();

  constructor(
    private readonly doc: SchemaDoc,
    private readonly docs: ApiDocs,
  ) {
    for (const s of [...Object.values(SCALAR_DEFS), ...Object.values(RAW_JSON)]) this.scalarTypes.set(s.key, s.type);
  }

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
        const prop = this.typeOf(expr, `${key}.${name}`);
        props.set(name, { ...prop, description: p?.description || undefined, ...(p?.enum ? { enum: p.enum } : {}) });
      }
    } else {
      s = { type: this.scalarTypes.get(key), description: d?.description || undefined };
      this.defs.set(key, s);
    }
    return s;
  }

  /** A type expression of k8s-1.31.json as an OpenAPI schema (without its description). */
  private typeOf(expr: string, where: string): OpenApiSchema {
    const t = expr.replace(/^\([^)]*\)/, '');
    if (t.startsWith('[]')) return { type: 'array', items: this.typeOf(t.slice(2), where) };
    if (t.startsWith('map[string]')) return { type: 'object', additionalProperties: this.typeOf(t.slice('map[string]'.length), where) };
    if (t.startsWith('#')) return { allOf: [{ ref: t.slice(1) }] };
    if (t === 'any') {
      const raw = RAW_JSON[where];
      return raw ? { allOf: [{ ref: raw.key }] } : {};
    }
    const scalar = SCALAR_DEFS[t];
    if (scalar) return { allOf: [{ ref: scalar.key }] };
    return { type: PRIMITIVE[t] ?? 'object' };
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
