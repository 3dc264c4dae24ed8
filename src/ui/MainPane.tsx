/**
 * The main pane: the cluster view (nodes and their pods), the workloads, the scheduler, the control
 * plane's requests, etcd or the network, chosen by tabs. All but the first (and d3 with them) load on
 * first use, so the first screen does not wait for them.
 */
import { lazy, Suspense } from 'react';
import type { KeyboardEvent } from 'react';
import { useUi } from '../state/ui';
import type { MainView } from '../state/ui';
import { ClusterView } from './ClusterView';

const WorkloadsView = lazy(() => import('./WorkloadsView'));
const SchedulerView = lazy(() => import('./SchedulerView'));
const RequestsView = lazy(() => import('./requests/RequestsView'));
const NetworkView = lazy(() => import('./network/NetworkView'));
const EtcdView = lazy(() => import('./etcd/EtcdView'));

const TABS: { id: MainView; label: string }[] = [
  { id: 'cluster', label: 'Cluster' },
  { id: 'workloads', label: 'Workloads' },
  { id: 'scheduler', label: 'Scheduler' },
  { id: 'requests', label: 'Requests' },
  { id: 'etcd', label: 'etcd' },
  { id: 'network', label: 'Network' },
];

const HINTS: Record<MainView, string> = {
  cluster: 'Right-click a pod or a node (or use ⚡ Faults) to break it.',
  workloads: 'Click a name to see describe, YAML and its owners.',
  scheduler: 'Select a pod to see why kube-scheduler put it where it did.',
  requests: 'Step to see each request as it happens.',
  network: 'Select a node to see its rules; trace a packet and step through it.',
  etcd: 'Open /registry folders; select a key to see every value it had, by revision.',
};

export function MainPane() {
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
    <section className="main-pane" aria-label="Main view">
      <div className="pane-head view-tabs-head">
        <div className="tabs view-tabs" role="tablist" aria-label="Main view" onKeyDown={onKey}>
          {TABS.map((t) => (
            <button key={t.id} id={`view-tab-${t.id}`} type="button" role="tab" aria-selected={view === t.id} aria-controls={`view-${t.id}`} tabIndex={view === t.id ? 0 : -1} onClick={() => setView(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <span className="muted small hide-narrow">{HINTS[view]}</span>
      </div>
      <div className="main-body" id={`view-${view}`} role="tabpanel" aria-labelledby={`view-tab-${view}`}>
        {view === 'cluster' ? (
          <ClusterView />
        ) : view === 'workloads' ? (
          <Suspense fallback={<p className="muted pad">Loading the workloads view…</p>}>
            <WorkloadsView />
          </Suspense>
        ) : view === 'scheduler' ? (
          <Suspense fallback={<p className="muted pad">Loading the scheduler view…</p>}>
            <SchedulerView />
          </Suspense>
        ) : view === 'requests' ? (
          <Suspense fallback={<p className="muted pad">Loading the requests view…</p>}>
            <RequestsView />
          </Suspense>
        ) : view === 'network' ? (
          <Suspense fallback={<p className="muted pad">Loading the network view…</p>}>
            <NetworkView />
          </Suspense>
        ) : (
          <Suspense fallback={<p className="muted pad">Loading the etcd view…</p>}>
            <EtcdView />
          </Suspense>
        )}
      </div>
    </section>
  );
}
