/**
 * The Network tab: the cluster's network drawn from the worker's network view (asked for again after
 * the cluster moves, at most every REFRESH_MS), the network settings with a control to change them, a
 * packet trace to step through, and the insides of the node selected (or the node the packet is on).
 * Loaded lazily with d3.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { cluster } from '../../state/cluster';
import { clearNetwork, openNode, receiveInsides, useNetwork } from '../../state/network';
import { useClock } from '../../state/stores';
import { useUi } from '../../state/ui';
import type { NetworkSettingsView } from '../../sim/network/view/types';
import { useThrottled } from '../useThrottled';
import { useLang, useT } from '../i18n';
import { COLLAPSE_ABOVE, hopAnchor, layoutNetwork } from './layout';
import { NodeInsides } from './NodeInsides';
import PolicyView, { usePolicyUi } from './PolicyView';
import { Topology } from './Topology';
import { TracePanel } from './TracePanel';
import { crossingAt, highlightFor } from './traceSteps';

/** The view is asked for again at most this often while the cluster runs (less often for a big one). */
const REFRESH_MS = 500;
const BIG_REFRESH_MS = 3000;

/** The IPVS schedulers kube-proxy accepts. */
const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'dh', 'sh', 'mh', 'lblc', 'lblcr'];

function useNetworkRefresh(): void {
  const big = useNetwork((s) => (s.view?.nodes.length ?? 0) > COLLAPSE_ABOVE);
  const tick = useThrottled(useClock((s) => s.eventsRun), big ? BIG_REFRESH_MS : REFRESH_MS);
  const node = useNetwork((s) => s.node);
  useEffect(() => cluster.onLoad(clearNetwork), []);
  useEffect(() => {
    let live = true;
    // In a large cluster only the nodes being looked at bring their routes and peers along.
    const n = useNetwork.getState();
    const detail = [...new Set([...(n.node ? [n.node] : []), ...(n.trace?.hops.map((h) => h.node) ?? [])])];
    cluster.networkView(detail).then(
      (view) => live && useNetwork.setState({ view }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [tick]);
  useEffect(() => {
    if (!node) return;
    cluster.nodeInsides(node).then(
      (r) => receiveInsides(node, r.insides, r.error),
      (e: unknown) => receiveInsides(node, undefined, e instanceof Error ? e.message : String(e)),
    );
  }, [tick, node]);
}

/** Topology or policy view: what the tab's main area shows (the trace panel stays beside either). */
function ShowToggle() {
  const t = useT();
  const shown = usePolicyUi((s) => s.shown);
  return (
    <span className="net-setting net-show" role="group" aria-label={t('policy.show')}>
      <button type="button" data-testid="net-show-topology" aria-pressed={!shown} onClick={() => usePolicyUi.setState({ shown: false })}>{t('policy.showTopology')}</button>
      <button type="button" data-testid="net-show-policies" aria-pressed={shown} onClick={() => usePolicyUi.setState({ shown: true })}>{t('policy.showPolicies')}</button>
    </span>
  );
}

function SettingsBar({ settings, children }: { settings: NetworkSettingsView; children?: ReactNode }) {
  const t = useT();
  const toast = useUi((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const change = async (c: Parameters<typeof cluster.networkSettings>[0]): Promise<void> => {
    setBusy(true);
    try {
      const r = await cluster.networkSettings(c);
      // A new cluster: the old trace and insides described the one before.
      if (!r.error) clearNetwork();
      toast(r.error ? 'error' : 'ok', r.error ?? (r.note ? t(r.note.key, r.note.params) : r.text));
    } catch (e) {
      toast('error', e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="net-settings" role="group" aria-label={t('network.settings')} data-testid="net-settings">
      {children}
      <span className="net-setting" title={t('network.cniTitle')}>
        {t('network.cni')} <strong>{settings.cni}</strong>
      </span>
      <label className="net-setting">
        {t('network.backend')}
        <select value={settings.backend} disabled={busy} aria-label={t('network.backendLabel')} onChange={(e) => void change({ backend: e.target.value as NetworkSettingsView['backend'] })}>
          <option value="vxlan">vxlan</option>
          <option value="host-gw">host-gw</option>
        </select>
      </label>
      <label className="net-setting">
        kube-proxy
        <select value={settings.kubeProxyMode} disabled={busy} aria-label={t('network.modeLabel')} onChange={(e) => void change({ mode: e.target.value as NetworkSettingsView['kubeProxyMode'] })}>
          <option value="iptables">iptables</option>
          <option value="ipvs">ipvs</option>
        </select>
      </label>
      {settings.kubeProxyMode === 'ipvs' && (
        <label className="net-setting">
          {t('network.scheduler')}
          <select value={settings.ipvsScheduler} disabled={busy} aria-label={t('network.schedulerLabel')} onChange={(e) => void change({ scheduler: e.target.value })}>
            {IPVS_SCHEDULERS.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
      )}
      <span className="muted small mono net-cidrs" title={t('network.cidrsTitle', { pods: settings.podCIDR, services: settings.serviceCIDR, nodes: settings.nodeNetwork })}>
        {t('network.cidrs', { pods: settings.podCIDR, services: settings.serviceCIDR, nodes: settings.nodeNetwork })}
      </span>
    </div>
  );
}

export default function NetworkView() {
  const t = useT();
  useNetworkRefresh();
  const view = useNetwork((s) => s.view);
  const trace = useNetwork((s) => s.trace);
  const hop = useNetwork((s) => s.hop);
  const node = useNetwork((s) => s.node);
  const insides = useNetwork((s) => s.insides);
  const previous = useNetwork((s) => s.previous);
  const insidesError = useNetwork((s) => s.insidesError);
  const lang = useLang((s) => s.lang);
  const policies = usePolicyUi((s) => s.shown);
  // The drawing's words are in the page's language: a new language draws it again.
  const layout = useMemo(() => (view ? layoutNetwork(view) : null), [view, lang]); // eslint-disable-line react-hooks/exhaustive-deps

  const current = trace?.hops[hop];
  const crossing = trace ? crossingAt(trace, hop) : undefined;
  // While stepping, the insides follow the node the packet is on, with the deciding line marked.
  const followed = current && current.node !== 'outside' ? current.node : undefined;
  useEffect(() => {
    if (followed) openNode(followed);
  }, [followed]);
  const highlight = current && current.node === node ? highlightFor(current) : undefined;

  if (!view || !layout) return <p className="muted pad">{t('network.loading')}</p>;
  const at = current ? hopAnchor(layout, current) : undefined;
  // Crossing from node to node, the view keeps both nodes in sight.
  const centre = (name: string) => layout.nodes.filter((n) => n.name === name).map((n) => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 }))[0];
  const ends = crossing ? [centre(crossing.from), centre(crossing.to)] : [];
  const packet =
    current && at
      ? { at, label: current.kind, node: current.node, kind: current.kind, ...(ends[0] && ends[1] ? { focus: { a: ends[0], b: ends[1] } } : {}), ...(crossing ? { crossing: [crossing.from, crossing.to].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join('|') } : {}) }
      : undefined;
  return (
    <section className="network-view" aria-label={t('network.region')}>
      <SettingsBar settings={view.settings}>
        <ShowToggle />
      </SettingsBar>
      <div className="net-body">
        {policies ? <PolicyView /> : <Topology layout={layout} selected={node} onSelect={(n) => openNode(node === n ? null : n)} {...(packet ? { packet } : {})} />}
        <aside className="net-side" aria-label={t('network.side')}>
          <TracePanel />
          {node && (
            <>
              {insidesError && <p className="net-verdict bad">{insidesError}</p>}
              <NodeInsides node={node} insides={insides} {...(previous ? { previous } : {})} {...(highlight ? { highlight } : {})} onClose={() => openNode(null)} />
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
