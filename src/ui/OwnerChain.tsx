/**
 * The owner chain of the selected object, read from the mirrored objects' ownerReferences
 * (Deployment → ReplicaSet → Pod, CronJob → Job → Pod, StatefulSet → Pod…), and what it owns in turn.
 * Every link selects that object.
 */
import { memo, useMemo } from 'react';
import type { StoredObject } from '../sim/types';
import { objectKey, useObjects } from '../state/stores';
import { useUi } from '../state/ui';
import type { Selection } from '../state/ui';
import type { MirroredResource } from '../worker/protocol';
import { useT } from './i18n';

/** kubectl's singular resource name → the mirrored resource. */
export const RESOURCE_OF: Record<string, MirroredResource> = {
  pod: 'pods',
  node: 'nodes',
  deployment: 'deployments',
  replicaset: 'replicasets',
  statefulset: 'statefulsets',
  daemonset: 'daemonsets',
  job: 'jobs',
  cronjob: 'cronjobs',
  horizontalpodautoscaler: 'horizontalpodautoscalers',
  persistentvolumeclaim: 'persistentvolumeclaims',
  persistentvolume: 'persistentvolumes',
  service: 'services',
  endpoints: 'endpoints',
  namespace: 'namespaces',
};

/** Kind → kubectl's singular resource name. */
const SINGULAR_OF_KIND: Record<string, string> = {
  Pod: 'pod',
  Node: 'node',
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job',
  CronJob: 'cronjob',
  HorizontalPodAutoscaler: 'horizontalpodautoscaler',
  PersistentVolumeClaim: 'persistentvolumeclaim',
  PersistentVolume: 'persistentvolume',
  Service: 'service',
  Endpoints: 'endpoints',
  Namespace: 'namespace',
  ReplicationController: 'replicationcontroller',
};

const CLUSTER_SCOPED = new Set(['node', 'persistentvolume', 'namespace']);

interface Link {
  sel: Selection;
  /** false when the page does not mirror that kind: shown, not clickable */
  known: boolean;
}

const DEPENDENTS_SHOWN = 8;

export const OwnerChain = memo(function OwnerChain({ selection }: { selection: Selection }) {
  const t = useT();
  const byResource = useObjects((s) => s.byResource);
  const select = useUi((s) => s.select);

  const { chain, dependents } = useMemo(() => {
    const find = (resource: string, ns: string, name: string): StoredObject | undefined => {
      const m = RESOURCE_OF[resource];
      return m ? byResource[m].get(objectKey(CLUSTER_SCOPED.has(resource) ? '' : ns, name)) : undefined;
    };
    const self = find(selection.resource, selection.namespace, selection.name);
    const chain: Link[] = [];
    let cur = self;
    const seen = new Set<string>();
    while (cur && chain.length < 8) {
      const refs = cur.metadata.ownerReferences ?? [];
      const ref = refs.find((r) => r.controller) ?? refs[0];
      if (!ref || seen.has(ref.uid)) break;
      seen.add(ref.uid);
      const resource = SINGULAR_OF_KIND[ref.kind] ?? ref.kind.toLowerCase();
      const ns = CLUSTER_SCOPED.has(resource) ? '' : (cur.metadata.namespace ?? '');
      const owner = find(resource, ns, ref.name);
      chain.unshift({ sel: { resource, namespace: ns, name: ref.name }, known: !!owner });
      cur = owner;
    }
    const dependents: Selection[] = [];
    const uid = self?.metadata.uid;
    if (uid) {
      for (const [resource, m] of Object.entries(RESOURCE_OF)) {
        for (const o of byResource[m].values()) {
          if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) dependents.push({ resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name });
        }
      }
      dependents.sort((a, b) => (a.resource + a.name < b.resource + b.name ? -1 : 1));
    }
    return { chain, dependents };
  }, [byResource, selection]);

  if (chain.length === 0 && dependents.length === 0) return null;
  const label = (s: Selection): string => `${s.resource}/${s.name}`;
  return (
    <nav className="owner-chain" aria-label={t('owners.label')}>
      {(
        <ol className="chain">
          {chain.map((l) => (
            <li key={label(l.sel)}>
              {l.known ? (
                <button type="button" className="chain-link" onClick={() => select(l.sel)} title={t('owners.selectOwner')}>
                  {label(l.sel)}
                </button>
              ) : (
                <span className="chain-link off" title={t('owners.notShown')}>
                  {label(l.sel)}
                </span>
              )}
              <span className="chain-sep" aria-hidden="true">
                →
              </span>
            </li>
          ))}
          <li aria-current="true">
            <strong className="chain-self">{label(selection)}</strong>
          </li>
        </ol>
      )}
      {dependents.length ? (
        <div className="owns">
          <span className="muted">{t('owners.owns', { count: dependents.length })}</span>
          {dependents.slice(0, DEPENDENTS_SHOWN).map((d) => (
            <button key={label(d)} type="button" className="chain-link" onClick={() => select(d)}>
              {label(d)}
            </button>
          ))}
          {dependents.length > DEPENDENTS_SHOWN ? <span className="muted">{t('owners.more', { count: dependents.length - DEPENDENTS_SHOWN })}</span> : null}
        </div>
      ) : null}
    </nav>
  );
});
