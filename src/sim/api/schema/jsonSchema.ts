/**
 * A JSON Schema of the Kubernetes 1.31 API for the manifest editor's language service: built from the
 * same k8s-1.31.json the API server decodes against (so completion offers exactly the fields the
 * server accepts) and, when loaded, the API's documentation (descriptions, enum values, required).
 *
 * One document of a multi-document file picks its kind's schema through if/then on `apiVersion` and
 * `kind`, which the YAML language service evaluates per document. The schema says nothing about
 * unknown fields or types on purpose: the editor's squiggles come from the API server's own decoder
 * and validation (validateManifest), so one mistake never gets two different messages.
 */
import { ApiSchema } from './schema';
import type { SchemaDoc, StructDef, TypeNode } from './schema';
import { NON_STRUCT_TYPES, openApiTypeOf, typeGuess } from './openApiType';

/** The part of the API documentation the schema reads (src/sim/api/schema/docs.ts provides it). */
export interface DocSource {
  definition(key: string): { description: string; required?: string[] } | undefined;
  property(defKey: string, prop: string): { description: string; enum?: string[]; itemsEnum?: string[] } | undefined;
}

/** The subset of JSON Schema the builder writes. */
export interface JsonSchema {
  $ref?: string;
  /** the Go type's name, shown as the hover's heading and on the skeleton of an object's required fields */
  title?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: string[];
  const?: string;
  if?: JsonSchema;
  then?: JsonSchema;
  allOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
}

/** The JSON value shape of a type, as the language service completes values (`true`/`false`, an object, a list). */
function shape(t: TypeNode, ref: (d: StructDef) => string): JsonSchema {
  switch (t.k) {
    case 'scalar':
      return { type: t.prim === 'bool' ? 'boolean' : t.prim === 'float64' ? 'number' : t.prim === 'string' ? 'string' : 'integer' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'time':
    case 'microTime':
      return { type: 'string', format: 'date-time' };
    case 'quantity':
      return { type: ['string', 'number'] };
    case 'intOrString':
      return { type: ['string', 'integer'] };
    case 'any':
      return {};
    case 'struct':
      return { $ref: `#/definitions/${ref(t.def)}` };
    case 'list':
      return { type: 'array', items: shape(t.of, ref) };
    case 'map':
      return { type: 'object', additionalProperties: shape(t.of, ref) };
  }
}

/**
 * The first line of a field's help: its type as kubectl explain prints it (the same typeGuess explain
 * uses, over the same OpenAPI view of the property), and whether it is required.
 */
function fieldHeading(doc: SchemaDoc, defKey: string, prop: string, required: boolean): string {
  const name = typeGuess(openApiTypeOf(doc.defs[defKey]!.props[prop]!, `${defKey}.${prop}`), (key) =>
    Object.hasOwn(doc.defs, key) ? 'object' : NON_STRUCT_TYPES.get(key),
  );
  return `\`<${name}>\`${required ? ' *-required-*' : ''}`;
}

/**
 * The schema for every kind k8s-1.31.json maps. `docs` adds descriptions, enums and required
 * properties; without it the schema still completes every field with its type.
 */
export function buildJsonSchema(doc: SchemaDoc, docs?: DocSource): JsonSchema {
  const api = new ApiSchema(doc);
  const keyOf = new Map<StructDef, string>();
  for (const key of Object.keys(doc.defs)) keyOf.set(api.definition(key), key);
  const ref = (d: StructDef): string => keyOf.get(d)!;

  const definitions: Record<string, JsonSchema> = {};
  for (const [key, def] of [...keyOf].map(([d, k]) => [k, d] as const)) {
    const own = docs?.definition(key);
    const required = own?.required?.filter((p) => def.props.has(p)) ?? [];
    const properties: Record<string, JsonSchema> = {};
    for (const [prop, t] of def.props) {
      const pd = docs?.property(key, prop);
      const s = shape(t, ref);
      const heading = fieldHeading(doc, key, prop, required.includes(prop));
      s.markdownDescription = pd?.description ? `${heading}\n\n${markdownText(pd.description)}` : heading;
      if (pd?.description) s.description = pd.description;
      if (pd?.enum && pd.enum.length > 0) s.enum = [...pd.enum];
      if (pd?.itemsEnum && s.items) s.items.enum = [...pd.itemsEnum];
      properties[prop] = s;
    }
    const d: JsonSchema = { title: def.name, type: 'object', properties };
    if (required.length > 0) d.required = required;
    if (own?.description) {
      d.description = own.description;
      d.markdownDescription = markdownText(own.description);
    }
    definitions[key] = d;
  }

  const kinds = api.kinds().filter(({ kind }) => !kind.endsWith('List'));
  const apiVersions = [...new Set(kinds.map((k) => k.apiVersion))];
  const kindNames = [...new Set(kinds.map((k) => k.kind))].sort();
  const perKind: JsonSchema[] = kinds.map(({ apiVersion, kind }) => ({
    if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
    then: { $ref: `#/definitions/${doc.kinds[apiVersion]![kind]!}` },
  }));
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string', enum: apiVersions, markdownDescription: '`<string>`\n\nThe group and version of the object: `v1`, `apps/v1`…' },
      kind: { type: 'string', enum: kindNames, markdownDescription: '`<string>`\n\nThe kind of object this document describes.' },
    },
    allOf: perKind,
    definitions,
  };
}

/**
 * The API's descriptions are plain text with line breaks kept from Go comments; as Markdown, a single
 * break joins lines while a blank line separates paragraphs, which is how they are meant to read.
 * Characters Markdown would act on are escaped so `*` or `_` in a description print as themselves.
 */
function markdownText(s: string): string {
  return s.replace(/([\\`*_<>[\]])/g, '\\$1');
}
