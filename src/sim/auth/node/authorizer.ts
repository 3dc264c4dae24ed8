/**
 * The Node authorizer (plugin/pkg/auth/authorizer/node), first in kubeadm's `Node,RBAC` chain. It
 * speaks only for kubelets — users named `system:node:<name>` in group `system:nodes` — and lets a
 * kubelet read a secret, config map, PVC, PV or service account token only when a pod bound to its
 * node references it. Everything else is checked against the static NODE_RULES.
 *
 * Upstream keeps a graph of pods, nodes and what pods reference, fed by informers. Here the graph is
 * walked from the node's side through NodeGraphSource: a decision costs O(pods on that node). Feature
 * gates are 1.31's defaults: AuthorizeNodeWithSelectors is off, so pods and nodes go to the static
 * rules and resourceslices may be listed without a field selector.
 */
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1';
import { rulesAllow } from '../rbac/ruleMatch';
import { goQuote } from '../rbac/subjects';
import type { Decision, PolicyRule, RequestAttributes, UserInfo } from '../types';
import { isMirrorPod, persistentVolumeSecrets, podClaimNames, podConfigMapNames, podResourceClaimNames, podSecretNames } from './podReferences';
import { NODE_RULES } from './rules';

export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';
/** The namespace of node heartbeat leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** What the authorizer needs to know about the cluster; the API server implements it over its store. */
export interface NodeGraphSource {
  /** Pods whose spec.nodeName is the node (an index by node name keeps this cheap). */
  podsOnNode(nodeName: string): Iterable<Pod>;
  /** PersistentVolumes whose spec.claimRef names the claim (normally the one in the claim's spec.volumeName). */
  persistentVolumesOfClaim(namespace: string, claimName: string): Iterable<PersistentVolume>;
  persistentVolume(name: string): PersistentVolume | undefined;
  /** spec.nodeName of a storage.k8s.io VolumeAttachment, undefined when there is none. */
  volumeAttachmentNode(name: string): string | undefined;
  /** spec.nodeName of a resource.k8s.io ResourceSlice, undefined when there is none. */
  resourceSliceNode(name: string): string | undefined;
}

/** nodeidentifier's NodeIdentity: the node name of a kubelet user (possibly `''`), or undefined for anyone else. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_USER_PREFIX)) return undefined;
  if (!user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_USER_PREFIX.length);
}

type VertexType = 'secret' | 'configmap' | 'pvc' | 'pv' | 'resourceclaim' | 'volumeattachment' | 'serviceaccount' | 'resourceslice';

const allow: Decision = { allowed: true, by: 'Node', reason: '', considered: [] };
function noOpinion(reason: string): Decision {
  return { allowed: false, reason, considered: [] };
}
function noRelationship(nodeName: string): Decision {
  return noOpinion(`no relationship found between node '${nodeName}' and this object`);
}

export class NodeAuthorizer {
  constructor(
    private readonly graph: NodeGraphSource,
    private readonly rules: readonly PolicyRule[] = NODE_RULES,
  ) {}

  authorize(a: RequestAttributes): Decision {
    const nodeName = nodeIdentity(a.user);
    if (nodeName === undefined) return noOpinion('');
    if (nodeName === '') return noOpinion(`unknown node for user ${goQuote(a.user.name)}`);
    if (a.resourceRequest) {
      const decided = this.authorizeResource(nodeName, a);
      if (decided) return decided;
    }
    return rulesAllow(a, this.rules) ? allow : noOpinion('');
  }

  /**
   * RulesFor: a kubelet's permissions cannot be listed (they depend on its pods), so a rules review
   * of a node is incomplete with this error; other users get nothing from this authorizer.
   */
  rulesFor(user: UserInfo): { incomplete: boolean; error?: string } {
    return nodeIdentity(user) === undefined ? { incomplete: false } : { incomplete: true, error: 'node authorizer does not support user rule resolution' };
  }

  /** The resources the graph subdivides; undefined sends the request on to the static rules. */
  private authorizeResource(nodeName: string, a: RequestAttributes): Decision | undefined {
    switch (`${a.apiGroup}/${a.resource}`) {
      case '/secrets':
        return this.readNamespacedObject(nodeName, 'secret', a);
      case '/configmaps':
        return this.readNamespacedObject(nodeName, 'configmap', a);
      case '/persistentvolumeclaims':
        return a.subresource === 'status' ? this.statusUpdate(nodeName, 'pvc', a) : this.getOnly(nodeName, 'pvc', a);
      case '/persistentvolumes':
        return this.getOnly(nodeName, 'pv', a);
      case 'resource.k8s.io/resourceclaims':
        return this.getOnly(nodeName, 'resourceclaim', a);
      case 'storage.k8s.io/volumeattachments':
        return this.getOnly(nodeName, 'volumeattachment', a);
      case '/serviceaccounts':
        return this.createToken(nodeName, a);
      case 'coordination.k8s.io/leases':
        return this.lease(nodeName, a);
      case 'storage.k8s.io/csinodes':
        return this.csiNode(nodeName, a);
      case 'resource.k8s.io/resourceslices':
        return this.resourceSlice(nodeName, a);
      default:
        return undefined;
    }
  }

  private statusUpdate(nodeName: string, type: VertexType, a: RequestAttributes): Decision {
    if (a.verb !== 'update' && a.verb !== 'patch') return noOpinion('can only get/update/patch this type');
    if (a.subresource !== 'status') return noOpinion('can only update status subresource');
    return this.related(nodeName, type, a);
  }

  private getOnly(nodeName: string, type: VertexType, a: RequestAttributes): Decision {
    if (a.verb !== 'get') return noOpinion('can only get individual resources of this type');
    if (a.subresource !== '') return noOpinion('cannot get subresource');
    return this.related(nodeName, type, a);
  }

  private readNamespacedObject(nodeName: string, type: VertexType, a: RequestAttributes): Decision {
    if (a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch') return noOpinion('can only read resources of this type');
    if (a.subresource !== '') return noOpinion('cannot read subresource');
    if (a.namespace === '') return noOpinion('can only read namespaced object of this type');
    return this.related(nodeName, type, a);
  }

  private related(nodeName: string, type: VertexType, a: RequestAttributes): Decision {
    if (a.name === '') return noOpinion('No Object name found');
    return this.hasPathFrom(nodeName, type, a.namespace, a.name) ? allow : noRelationship(nodeName);
  }

  private createToken(nodeName: string, a: RequestAttributes): Decision {
    if (a.verb !== 'create' || a.name === '') return noOpinion('can only create tokens for individual service accounts');
    if (a.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
    return this.hasPathFrom(nodeName, 'serviceaccount', a.namespace, a.name) ? allow : noRelationship(nodeName);
  }

  private lease(nodeName: string, a: RequestAttributes): Decision {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (a.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    // on create the name is not known yet; NodeRestriction admission checks it
    if (a.verb !== 'create' && a.name !== nodeName) return noOpinion('can only access node lease with the same name as the requesting node');
    return allow;
  }

  private csiNode(nodeName: string, a: RequestAttributes): Decision {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a CSINode');
    if (a.subresource !== '') return noOpinion('cannot authorize CSINode subresources');
    if (a.verb !== 'create' && a.name !== nodeName) return noOpinion('can only access CSINode with the same name as the requesting node');
    return allow;
  }

  private resourceSlice(nodeName: string, a: RequestAttributes): Decision {
    if (a.subresource !== '') return noOpinion('cannot authorize ResourceSlice subresources');
    switch (a.verb) {
      case 'create':
      case 'watch':
      case 'list':
      case 'deletecollection':
        return allow;
      case 'get':
      case 'update':
      case 'patch':
      case 'delete':
        return this.related(nodeName, 'resourceslice', a);
      default:
        return noOpinion('only the following verbs are allowed for a ResourceSlice: get, watch, list, create, update, patch, delete, deletecollection');
    }
  }

  /**
   * hasPathFrom: is the object connected to the node in upstream's graph? Edges: pod → node (for pods
   * bound to it); secret, configmap, pvc, service account and resource claim → pod (mirror pods have
   * none); pv → pvc through the PV's claimRef; secret → pv; volume attachment and resource slice → node.
   */
  private hasPathFrom(nodeName: string, type: VertexType, namespace: string, name: string): boolean {
    switch (type) {
      case 'volumeattachment':
        return this.graph.volumeAttachmentNode(name) === nodeName;
      case 'resourceslice':
        return this.graph.resourceSliceNode(name) === nodeName;
      case 'pv': {
        const claim = this.graph.persistentVolume(name)?.spec?.claimRef;
        return !!claim?.name && this.someReferencingPod(nodeName, claim.namespace ?? '', (p) => podClaimNames(p).has(claim.name!));
      }
      case 'secret':
        return (
          this.someReferencingPod(nodeName, namespace, (p) => podSecretNames(p).has(name)) ||
          this.secretOfBoundVolume(nodeName, namespace, name)
        );
      case 'configmap':
        return this.someReferencingPod(nodeName, namespace, (p) => podConfigMapNames(p).has(name));
      case 'pvc':
        return this.someReferencingPod(nodeName, namespace, (p) => podClaimNames(p).has(name));
      case 'serviceaccount':
        return this.someReferencingPod(nodeName, namespace, (p) => (p.spec?.serviceAccountName ?? '') === name);
      case 'resourceclaim':
        return this.someReferencingPod(nodeName, namespace, (p) => podResourceClaimNames(p).has(name));
    }
  }

  private someReferencingPod(nodeName: string, namespace: string, references: (p: Pod) => boolean): boolean {
    for (const p of this.graph.podsOnNode(nodeName)) {
      if ((p.metadata?.namespace ?? '') !== namespace || isMirrorPod(p)) continue;
      if (references(p)) return true;
    }
    return false;
  }

  /** node ← pod ← pvc ← pv ← secret: a secret a PV needs, for a claim a pod on the node uses. */
  private secretOfBoundVolume(nodeName: string, namespace: string, name: string): boolean {
    for (const p of this.graph.podsOnNode(nodeName)) {
      if (isMirrorPod(p)) continue;
      const podNs = p.metadata?.namespace ?? '';
      for (const claim of podClaimNames(p)) {
        for (const pv of this.graph.persistentVolumesOfClaim(podNs, claim)) {
          if (persistentVolumeSecrets(pv).some((s) => s.namespace === namespace && s.name === name)) return true;
        }
      }
    }
    return false;
  }
}
