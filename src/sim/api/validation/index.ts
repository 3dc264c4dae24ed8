/**
 * One ResourceStrategy per built-in resource (keyed by plural): defaulting plus create, update and
 * status-update validation. Kinds without specific rules get metadata-only validation with the name
 * rule their real strategy uses.
 */
import type { FieldError, ResourceStrategy } from '../types';
import type { KObject, StoredObject } from '../../types';
import { BUILTIN_RESOURCES } from '../kinds';
import { defaulters } from '../defaults';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment } from './primitives';
import type { NameValidator } from './primitives';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod';
import {
  validateDeploymentCreate,
  validateDeploymentUpdate,
  validateReplicaSetCreate,
  validateReplicaSetUpdate,
  validateWorkloadStatusUpdate,
} from './apps';
import {
  generateJobSelector,
  validateCronJobCreate,
  validateCronJobUpdate,
  validateDaemonSetCreate,
  validateDaemonSetUpdate,
  validateHPACreate,
  validateHPAUpdate,
  validateJobCreate,
  validateJobUpdate,
  validatePDBCreate,
  validatePDBUpdate,
  validatePVCCreate,
  validatePVCUpdate,
  validatePVCreate,
  validatePVUpdate,
  validateReplicationControllerCreate,
  validateReplicationControllerUpdate,
  validateStatefulSetCreate,
  validateStatefulSetUpdate,
  validateStorageClassCreate,
  validateStorageClassUpdate,
} from './workloads';
import { validateServiceCreate, validateServiceStatusUpdate, validateServiceUpdate } from './service';
import {
  validateConfigMapCreate,
  validateConfigMapUpdate,
  validateEndpointSliceCreate,
  validateEndpointSliceUpdate,
  validateEndpointsCreate,
  validateEventCreate,
  validateLeaseCreate,
  validateLeaseUpdate,
  validateNamespaceCreate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
  validateNodeCreate,
  validateNodeUpdate,
  validateSecretCreate,
  validateSecretUpdate,
  validateServiceAccountCreate,
} from './core';
import {
  validateClusterRoleBindingCreate,
  validateClusterRoleBindingUpdate,
  validateClusterRoleCreate,
  validateClusterRoleUpdate,
  validateRoleBindingCreate,
  validateRoleBindingUpdate,
  validateRoleCreate,
  validateRoleUpdate,
} from './rbac';

/** Name rules that differ from the DNS-1123 subdomain default. */
const NAME_RULES: Record<string, NameValidator> = {
  namespaces: nameIsDNSLabel,
  services: nameIsDNS1035Label,
  roles: nameIsPathSegment,
  clusterroles: nameIsPathSegment,
  rolebindings: nameIsPathSegment,
  clusterrolebindings: nameIsPathSegment,
  // kube-aggregator's ValidateAPIService: a path segment (so the core group's `v1.` is valid).
  apiservices: nameIsPathSegment,
};

/** Metadata-only strategy for a resource with no specific rules. */
export function metadataOnlyStrategy(plural: string, namespaced: boolean): ResourceStrategy {
  const nameFn = NAME_RULES[plural] ?? nameIsDNSSubdomain;
  return {
    validateCreate: (obj) => validateObjectMeta(obj, { namespaced, nameFn }),
    validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
    validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  };
}

/** Update validation that also re-runs the create-time checks (as ValidateXUpdate functions do). */
function withCreate(create: (o: KObject) => FieldError[], extra?: (o: KObject, old: StoredObject) => FieldError[]) {
  return (obj: KObject, old: StoredObject): FieldError[] => {
    const errs = validateObjectMetaUpdate(obj, old);
    // Drop the create-time metadata checks that the update-time ones already cover.
    for (const e of create(obj)) if (!e.field.startsWith('metadata.')) errs.push(e);
    if (extra) errs.push(...extra(obj, old));
    return errs;
  };
}

const SPECIFIC: Record<string, ResourceStrategy> = {
  pods: { validateCreate: validatePodCreate, validateUpdate: validatePodUpdate, validateStatusUpdate: validatePodStatusUpdate },
  deployments: { validateCreate: validateDeploymentCreate, validateUpdate: validateDeploymentUpdate, validateStatusUpdate: validateWorkloadStatusUpdate },
  replicasets: { validateCreate: validateReplicaSetCreate, validateUpdate: validateReplicaSetUpdate, validateStatusUpdate: validateWorkloadStatusUpdate },
  services: { validateCreate: validateServiceCreate, validateUpdate: validateServiceUpdate, validateStatusUpdate: validateServiceStatusUpdate },
  namespaces: { validateCreate: validateNamespaceCreate, validateUpdate: validateNamespaceUpdate, validateStatusUpdate: validateNamespaceStatusUpdate },
  nodes: { validateCreate: validateNodeCreate, validateUpdate: validateNodeUpdate, validateStatusUpdate: (o, old) => validateObjectMetaUpdate(o, old) },
  configmaps: { validateCreate: validateConfigMapCreate, validateUpdate: validateConfigMapUpdate },
  secrets: { validateCreate: validateSecretCreate, validateUpdate: validateSecretUpdate },
  serviceaccounts: { validateCreate: validateServiceAccountCreate, validateUpdate: (o, old) => validateObjectMetaUpdate(o, old) },
  endpoints: { validateCreate: validateEndpointsCreate, validateUpdate: withCreate(validateEndpointsCreate) },
  endpointslices: { validateCreate: validateEndpointSliceCreate, validateUpdate: validateEndpointSliceUpdate },
  events: { validateCreate: validateEventCreate, validateUpdate: withCreate(validateEventCreate) },
  leases: { validateCreate: validateLeaseCreate, validateUpdate: validateLeaseUpdate },
  replicationcontrollers: { validateCreate: validateReplicationControllerCreate, validateUpdate: validateReplicationControllerUpdate, validateStatusUpdate: validateWorkloadStatusUpdate },
  statefulsets: { validateCreate: validateStatefulSetCreate, validateUpdate: validateStatefulSetUpdate, validateStatusUpdate: validateWorkloadStatusUpdate },
  daemonsets: { validateCreate: validateDaemonSetCreate, validateUpdate: validateDaemonSetUpdate },
  jobs: { validateCreate: validateJobCreate, validateUpdate: validateJobUpdate, prepareWithUid: generateJobSelector },
  cronjobs: { validateCreate: validateCronJobCreate, validateUpdate: validateCronJobUpdate },
  horizontalpodautoscalers: { validateCreate: validateHPACreate, validateUpdate: validateHPAUpdate },
  persistentvolumeclaims: { validateCreate: validatePVCCreate, validateUpdate: validatePVCUpdate },
  persistentvolumes: { validateCreate: validatePVCreate, validateUpdate: validatePVUpdate },
  storageclasses: { validateCreate: validateStorageClassCreate, validateUpdate: validateStorageClassUpdate },
  poddisruptionbudgets: { validateCreate: validatePDBCreate, validateUpdate: validatePDBUpdate },
  roles: { validateCreate: validateRoleCreate, validateUpdate: validateRoleUpdate },
  clusterroles: { validateCreate: validateClusterRoleCreate, validateUpdate: validateClusterRoleUpdate },
  rolebindings: { validateCreate: validateRoleBindingCreate, validateUpdate: validateRoleBindingUpdate },
  clusterrolebindings: { validateCreate: validateClusterRoleBindingCreate, validateUpdate: validateClusterRoleBindingUpdate },
};

function build(): Record<string, ResourceStrategy> {
  const out: Record<string, ResourceStrategy> = {};
  const groupOf = new Map<string, string>();
  for (const d of BUILTIN_RESOURCES) {
    // Two groups serve `events`; the first (core) keeps the plain key, the other is keyed
    // `events.events.k8s.io`. Further versions of the same group share one strategy.
    const owner = groupOf.get(d.plural);
    if (owner === d.group) continue;
    const key = owner === undefined ? d.plural : `${d.plural}.${d.group}`;
    groupOf.set(key === d.plural ? d.plural : key, d.group);
    if (out[key]) continue;
    const base = (key === d.plural && SPECIFIC[d.plural]) || metadataOnlyStrategy(d.plural, d.namespaced);
    const strategy: ResourceStrategy = { ...metadataOnlyStrategy(d.plural, d.namespaced), ...base };
    const def = key === d.plural ? defaulters[d.plural] : undefined;
    if (def) strategy.defaults = def;
    out[key] = strategy;
  }
  return out;
}

export const strategies: Record<string, ResourceStrategy> = build();

export { invalidMessage, invalidError, aggregateMessage, fieldErrorString, errorBody, qualifiedKind } from './fieldErrors';
