/**
 * How the OpenAPI v3 document the server publishes types a property of the compact schema
 * (k8s-1.31.json), and the name `kubectl explain` gives that type. The one place both explain's
 * output and the editor's hover heading take a type's name from, so the two cannot drift apart.
 */

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

/** The `type` of each definition the compact schema does not hold as a struct, by key. */
export const NON_STRUCT_TYPES: ReadonlyMap<string, string | undefined> = new Map(
  [...Object.values(SCALAR_DEFS), ...Object.values(RAW_JSON)].map((s) => [s.key, s.type] as const),
);

/**
 * A type expression of k8s-1.31.json (`where` = `definition.property`) as an OpenAPI schema, without
 * its description: a definition is `{allOf: [{$ref}]}`, a list `{type: array, items}`, a map
 * `{type: object, additionalProperties}`, as in the published document.
 */
export function openApiTypeOf(expr: string, where: string): OpenApiSchema {
  const t = expr.replace(/^\([^)]*\)/, '');
  if (t.startsWith('[]')) return { type: 'array', items: openApiTypeOf(t.slice(2), where) };
  if (t.startsWith('map[string]')) return { type: 'object', additionalProperties: openApiTypeOf(t.slice('map[string]'.length), where) };
  if (t.startsWith('#')) return { allOf: [{ ref: t.slice(1) }] };
  if (t === 'any') {
    const raw = RAW_JSON[where];
    return raw ? { allOf: [{ ref: raw.key }] } : {};
  }
  const scalar = SCALAR_DEFS[t];
  if (scalar) return { allOf: [{ ref: scalar.key }] };
  return { type: PRIMITIVE[t] ?? 'object' };
}

/**
 * The explain template's "typeGuess": `string`, `Object`, `[]Container`, `map[string]string`,
 * `Quantity`… `refType` gives the `type` of the definition a `$ref` names.
 */
export function typeGuess(s: OpenApiSchema, refType: (key: string) => string | undefined): string {
  if (s.items) return `[]${typeGuess(s.items, refType)}`;
  if (s.additionalProperties) return `map[string]${typeGuess(s.additionalProperties, refType)}`;
  if (s.allOf && !s.properties && s.allOf.length === 1) return typeGuess(s.allOf[0]!, refType);
  if (s.ref) {
    const target = refType(s.ref);
    // Only an object (or a definition without a type) is named; a Time is the string it is.
    if (!target || target === 'object') return s.ref.split('.').pop() || 'Object';
    return target;
  }
  return s.type === 'object' ? 'Object' : s.type || 'Object';
}
