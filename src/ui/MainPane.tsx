/**
 * The main pane: the cluster view (nodes and their pods), the workloads, the scheduler, the control
 * plane's requests, etcd, the network or who may do what (RBAC), chosen by tabs. All but the first (and d3 with them) load on
 * first use, so the first screen does not wait for them.
 */
import { lazy, Suspense } from 'react';
import type { KeyboardEvent } from 'react';
import { useUi } from '../state/ui';
import type { MainView } from '../state/ui';
import { ClusterView } from './ClusterView';
import { useT } from './i18n';
import type { MessageKey } from './i18n';

const WorkloadsView = lazy(() => import('./WorkloadsView'));
const SchedulerView = lazy(() => import('./SchedulerView'));
const RequestsView = lazy(() => import('./requests/RequestsView'));
const NetworkView = lazy(() => import('./network/NetworkView'));
const EtcdView = lazy(() => import('./etcd/EtcdView'));
const RbacView = lazy(() => import('./rbac/RbacView'));

const TABS: { id: MainView; label: MessageKey }[] = [
  { id: 'cluster', label: 'frame.tab.cluster' },
  { id: 'workloads', label: 'frame.tab.workloads' },
  { id: 'scheduler', label: 'frame.tab.scheduler' },
  { id: 'requests', label: 'frame.tab.requests' },
  { id: 'etcd', label: 'frame.tab.etcd' },
  { id: 'network', label: 'frame.tab.network' },
  { id: 'rbac', label: 'frame.tab.rbac' },
];

const HINTS: Record<MainView, MessageKey> = {
  cluster: 'frame.hint.cluster',
  workloads: 'frame.hint.workloads',
  scheduler: 'frame.hint.scheduler',
  requests: 'frame.hint.requests',
  network: 'frame.hint.network',
  etcd: 'frame.hint.etcd',
  rbac: 'frame.hint.rbac',
};

export function MainPane() {
  const tr = useT();
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.id === view);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setView(next.id);
    document.getElementById(`view-tab-${next.id}`)?.focus();
  };
  return (
    <section className="main-pane" aria-label={tr('frame.mainView')}>
      <div className="pane-head view-tabs-head">
        <div className="tabs view-tabs" role="tablist" aria-label={tr('frame.mainView')} onKeyDown={onKey}>
          {TABS.map((t) => (
            <button key={t.id} id={`view-tab-${t.id}`} type="button" role="tab" aria-selected={view === t.id} aria-controls={`view-${t.id}`} tabIndex={view === t.id ? 0 : -1} onClick={() => setView(t.id)}>
              {tr(t.label)}
            </button>
          ))}
        </div>
        <span className="muted small hide-narrow">{tr(HINTS[view])}</span>
      </div>
      <div className="main-body" id={`view-${view}`} role="tabpanel" aria-labelledby={`view-tab-${view}`}>
        {view === 'cluster' ? (
          <ClusterView />
        ) : view === 'workloads' ? (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.workloads')}</p>}>
            <WorkloadsView />
          </Suspense>
        ) : view === 'scheduler' ? (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.scheduler')}</p>}>
            <SchedulerView />
          </Suspense>
        ) : view === 'requests' ? (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.requests')}</p>}>
            <RequestsView />
          </Suspense>
        ) : view === 'network' ? (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.network')}</p>}>
            <NetworkView />
          </Suspense>
        ) : view === 'rbac' ? (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.rbac')}</p>}>
            <RbacView />
          </Suspense>
        ) : (
          <Suspense fallback={<p className="muted pad">{tr('frame.loading.etcd')}</p>}>
            <EtcdView />
          </Suspense>
        )}
      </div>
    </section>
  );
}
