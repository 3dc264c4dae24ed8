import { describe, expect, it } from 'vitest';
import doc from './k8s-1.31.json';
import type { SchemaDoc } from './schema';
import { buildJsonSchema } from './jsonSchema';
import { loadApiDocs } from './docs';
import type { JsonSchema } from './jsonSchema';

const schema = buildJsonSchema(doc as SchemaDoc);
const def = (key: string): JsonSchema => schema.definitions![key]!;

describe('the editor JSON Schema', () => {
  it('offers exactly the 1.31 DeploymentSpec fields under a Deployment spec', () => {
    const spec = def('apps.v1.Deployment').properties!.spec!;
    expect(spec.$ref).toBe('#/definitions/apps.v1.DeploymentSpec');
    expect(Object.keys(def('apps.v1.DeploymentSpec').properties!).sort()).toEqual([
      'minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template',
    ]);
  });

  it('types each field as the language service completes it, and names it as kubectl explain does', () => {
    const c = def('core.v1.Container').properties!;
    expect(c.ports).toMatchObject({ type: 'array', items: { $ref: '#/definitions/core.v1.ContainerPort' }, markdownDescription: '`<[]ContainerPort>`' });
    expect(def('apps.v1.DeploymentSpec').properties!.replicas).toMatchObject({ type: 'integer', markdownDescription: '`<integer>`' });
    expect(def('core.v1.ResourceRequirements').properties!.limits).toMatchObject({ type: 'object', additionalProperties: { type: ['string', 'number'] }, markdownDescription: '`<map[string]Quantity>`' });
    expect(def('meta.v1.ObjectMeta').properties!.labels!.markdownDescription).toBe('`<map[string]string>`');
    expect(def('meta.v1.ObjectMeta').properties!.creationTimestamp!.markdownDescription).toBe('`<string>`');
  });

  it('names raw JSON fields by the definition they refer to, as `kubectl explain` does', () => {
    // `kubectl explain controllerrevision.data` prints `FIELD: data <RawExtension>`: one naming for both.
    expect(def('apps.v1.ControllerRevision').properties!.data!.markdownDescription).toBe('`<RawExtension>`');
    expect(def('meta.v1.ManagedFieldsEntry').properties!.fieldsV1!.markdownDescription).toBe('`<FieldsV1>`');
    expect(def('apiextensions.v1.JSONSchemaProps').properties!.default!.markdownDescription).toBe('`<JSON>`');
    expect(def('apiextensions.v1.JSONSchemaProps').properties!.items!.markdownDescription).toBe('`<JSONSchemaPropsOrArray>`');
  });

  it('picks a document’s schema by apiVersion and kind', () => {
    const dep = schema.allOf!.find((s) => s.then?.$ref === '#/definitions/apps.v1.Deployment')!;
    expect(dep.if).toEqual({ properties: { apiVersion: { const: 'apps/v1' }, kind: { const: 'Deployment' } }, required: ['apiVersion', 'kind'] });
    expect(schema.properties!.apiVersion!.enum).toContain('networking.k8s.io/v1');
    expect(schema.properties!.kind!.enum).toContain('NetworkPolicy');
    expect(schema.properties!.kind!.enum).not.toContain('PodList');
  });

  it('adds descriptions, enums and required fields from the API documentation', () => {
    const withDocs = buildJsonSchema(doc as SchemaDoc, {
      definition: (k) => (k === 'core.v1.Container' ? { description: 'A single application container.', required: ['name'] } : undefined),
      property: (k, p) => (k === 'core.v1.Container' && p === 'imagePullPolicy' ? { description: 'Image pull policy.', enum: ['Always', 'IfNotPresent', 'Never'] } : undefined),
    });
    const c = withDocs.definitions!['core.v1.Container']!;
    expect(c.required).toEqual(['name']);
    expect(c.properties!.name!.markdownDescription).toBe('`<string>` *-required-*');
    expect(c.properties!.imagePullPolicy).toMatchObject({ type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], markdownDescription: '`<string>`\n\nImage pull policy.' });
  });

  it('with the 1.31 documentation: a Deployment’s selector is required and described', async () => {
    const real = buildJsonSchema(doc as SchemaDoc, await loadApiDocs());
    const spec = real.definitions!['apps.v1.DeploymentSpec']!;
    expect(spec.required).toEqual(['selector', 'template']);
    expect(spec.title).toBe('DeploymentSpec');
    expect(spec.properties!.selector!.markdownDescription).toBe(
      "`<LabelSelector>` *-required-*\n\nLabel selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    );
  });

  it('with the 1.31 documentation: offers the values of every +enum field, and a list of them on its items', async () => {
    const real = buildJsonSchema(doc as SchemaDoc, await loadApiDocs());
    const prop = (key: string, p: string): JsonSchema => real.definitions![key]!.properties![p]!;
    expect(prop('core.v1.ServiceSpec', 'ipFamilyPolicy').enum).toEqual(['PreferDualStack', 'RequireDualStack', 'SingleStack']);
    expect(prop('networking.v1.HTTPIngressPath', 'pathType').enum).toEqual(['Exact', 'ImplementationSpecific', 'Prefix']);
    expect(prop('apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy', 'whenDeleted').enum).toEqual(['Delete', 'Retain']);
    expect(prop('batch.v1.PodFailurePolicyRule', 'action').enum).toEqual(['Count', 'FailIndex', 'FailJob', 'Ignore']);
    // A field whose Go type the compact schema does not name.
    expect(prop('core.v1.PersistentVolumeStatus', 'phase').enum).toEqual(['Available', 'Bound', 'Failed', 'Pending', 'Released']);
    // Lists: the values belong to each item, not to the list.
    const policyTypes = prop('networking.v1.NetworkPolicySpec', 'policyTypes');
    expect(policyTypes.enum).toBeUndefined();
    expect(policyTypes.items).toEqual({ type: 'string', enum: ['Egress', 'Ingress'] });
    expect(prop('core.v1.PersistentVolumeClaimSpec', 'accessModes').items!.enum).toEqual(['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']);
  });
});
