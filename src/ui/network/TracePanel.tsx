/**
 * Trace a packet: a source (a pod, a node, outside the cluster) and a destination (a Service by
 * name, an address, a NodePort on a node, a DNS name, with the port), traced by the worker, then
 * stepped hop by hop with Back, Next, Play and the arrow keys.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { cluster } from '../../state/cluster';
import { stepTo, useNetwork } from '../../state/network';
import type { NetworkView } from '../../sim/network/view/types';
import { headersAt } from './traceSteps';
import { translate, useLang, useT } from '../i18n';

/** Time each hop shows while playing. */
const PLAY_MS = 700;

export interface Choice {
  value: string;
  label: string;
  /** for a destination: how it names its target, and the Service it reaches (namespace/name) */
  by?: 'name' | 'clusterIP' | 'nodePort' | 'pod';
  service?: string;
}

/** The sources a trace can start from, pods first (the cluster's own in name order). */
export function sourceChoices(view: NetworkView | null): Choice[] {
  const outside = { value: 'external', label: translate('network.outside') };
  if (!view) return [outside];
  const pods = view.nodes.flatMap((n) => n.pods.filter((p) => !p.hostNetwork && p.ip).map((p) => ({ value: p.key, label: translate('network.srcPod', { pod: p.key, node: n.name }) })));
  pods.sort((a, b) => (a.value.startsWith('default/') === b.value.startsWith('default/') ? a.value.localeCompare(b.value) : a.value.startsWith('default/') ? -1 : 1));
  return [...pods, ...view.nodes.map((n) => ({ value: `node/${n.name}`, label: translate('network.srcNode', { node: n.name }) })), outside];
}

/** Destinations offered (any other may be typed): Services by name and address, NodePorts, pods. */
export function destChoices(view: NetworkView | null): Choice[] {
  if (!view) return [];
  const out: Choice[] = [];
  for (const s of view.services) {
    const [ns, name] = s.key.split('/') as [string, string];
    const host = ns === 'default' ? name : `${name}.${ns}`;
    for (const p of s.ports) {
      const udp = p.protocol === 'UDP' ? '/udp' : '';
      out.push({ value: `${host}:${p.port}${udp}`, label: translate('network.dstByName', { service: s.key }), by: 'name', service: s.key });
      if (s.clusterIP && s.clusterIP !== 'None') out.push({ value: `${s.clusterIP}:${p.port}${udp}`, label: translate('network.dstClusterIP', { service: s.key }), by: 'clusterIP', service: s.key });
      if (p.nodePort) for (const n of view.nodes) out.push({ value: `node/${n.name}:${p.nodePort}${udp}`, label: translate('network.dstNodePort', { service: s.key, node: n.name }), by: 'nodePort', service: s.key });
      // The ingress controller's http NodePort: an HTTP request whose Host and path pick the Ingress rule.
      if (p.nodePort && p.port === 80 && s.key === 'ingress-nginx/ingress-nginx-controller') {
        for (const n of view.nodes) out.push({ value: `http://example.com/@node/${n.name}:${p.nodePort}`, label: translate('network.dstIngress', { node: n.name }), by: 'nodePort', service: s.key });
      }
    }
  }
  for (const n of view.nodes) for (const p of n.pods) if (!p.hostNetwork && p.ip) for (const l of p.listening) out.push({ value: `${p.ip}:${l.replace('/tcp', '')}`, label: translate('network.dstPod', { pod: p.key }), by: 'pod' });
  return out;
}

export function TracePanel() {
  const t = useT();
  const view = useNetwork((s) => s.view);
  const source = useNetwork((s) => s.source);
  const dest = useNetwork((s) => s.dest);
  const trace = useNetwork((s) => s.trace);
  const error = useNetwork((s) => s.traceError);
  const hop = useNetwork((s) => s.hop);
  const playing = useNetwork((s) => s.playing);
  const lang = useLang((s) => s.lang);
  const sources = useMemo(() => sourceChoices(view), [view, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const dests = useMemo(() => destChoices(view), [view, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const listRef = useRef<HTMLOListElement>(null);

  // Sensible first choices once the view has arrived: the first pod, the first Service of default.
  useEffect(() => {
    if (!source && sources.length) useNetwork.setState({ source: sources[0]!.value });
    // The user's own Service by name rather than the API server's.
    const firstOwn = dests.find((d) => d.by === 'name' && d.service?.startsWith('default/') && d.service !== 'default/kubernetes') ?? dests[0];
    if (!dest && firstOwn) useNetwork.setState({ dest: firstOwn.value });
  }, [sources, dests, source, dest]);

  useEffect(() => {
    if (!playing || !trace) return;
    if (hop >= trace.hops.length - 1) {
      useNetwork.setState({ playing: false });
      return;
    }
    const timer = setTimeout(() => stepTo(hop + 1), PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, hop, trace]);

  // Keep the current hop in sight inside the list (only the list scrolls, not the panel around it).
  useEffect(() => {
    const list = listRef.current;
    const li = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !li) return;
    if (li.offsetTop < list.scrollTop) list.scrollTop = li.offsetTop;
    else if (li.offsetTop + li.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = li.offsetTop + li.offsetHeight - list.clientHeight;
  }, [hop, trace]);

  const run = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    useNetwork.setState({ traceError: '', playing: false });
    try {
      // Kept as a scenario action, so the share link opens on the same trace.
      const r = await cluster.tracePacket(source, dest.trim(), true);
      useNetwork.setState({ trace: r.trace ?? null, traceError: r.error ?? '', hop: 0 });
    } catch (err) {
      useNetwork.setState({ trace: null, traceError: err instanceof Error ? err.message : String(err) });
    }
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!trace || (e.target as HTMLElement).closest('input, select')) return;
    const to = e.key === 'ArrowRight' ? hop + 1 : e.key === 'ArrowLeft' ? hop - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? trace.hops.length - 1 : undefined;
    if (to === undefined) return;
    e.preventDefault();
    useNetwork.setState({ playing: false });
    stepTo(to);
  };

  const current = trace?.hops[hop];
  const headers = trace && trace.hops.length ? headersAt(trace, hop) : undefined;
  const last = trace ? hop >= trace.hops.length - 1 : false;
  return (
    <section className="net-trace" aria-label={t('network.trace')} onKeyDown={onKey}>
      <form className="net-trace-form" onSubmit={(e) => void run(e)}>
        <label>
          <span>{t('network.from')}</span>
          <select value={source} onChange={(e) => useNetwork.setState({ source: e.target.value })} aria-label={t('network.traceSource')}>
            {sources.map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('network.to')}</span>
          <input value={dest} list="net-dests" onChange={(e) => useNetwork.setState({ dest: e.target.value })} aria-label={t('network.traceDest')} placeholder={t('network.destPlaceholder')} spellCheck={false} />
          <datalist id="net-dests">
            {dests.map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </datalist>
        </label>
        <button type="submit" className="primary" disabled={!source || !dest.trim()}>
          {t('network.traceButton')}
        </button>
      </form>
      {error && <p className="net-verdict bad" role="alert">{error}</p>}
      {trace && (
        <>
          <div className="net-step-bar" role="group" aria-label={t('network.stepThrough')}>
            <button type="button" onClick={() => { useNetwork.setState({ playing: false }); stepTo(hop - 1); }} disabled={hop === 0} aria-keyshortcuts="ArrowLeft">{t('network.back')}</button>
            <button type="button" onClick={() => { useNetwork.setState({ playing: false }); stepTo(hop + 1); }} disabled={last} aria-keyshortcuts="ArrowRight">{t('network.next')}</button>
            <button type="button" onClick={() => useNetwork.setState({ playing: !playing, ...(last && !playing ? { hop: 0 } : {}) })}>{playing ? t('network.pause') : t('network.play')}</button>
            <span className="muted small" data-testid="net-hop-count">{trace.hops.length ? t('network.hopOf', { hop: hop + 1, count: trace.hops.length }) : t('network.noHops')}</span>
          </div>
          {current && (
            <div className={`net-hop kind-${current.kind}`} data-testid="net-hop" data-kind={current.kind}>
              <div className="net-hop-where mono small">
                <span className="net-kind">{current.kind}</span> {current.node} · {current.netns}{current.dev ? ` · ${current.dev}` : ''}
              </div>
              <div className="net-hop-text mono">{current.text}</div>
            </div>
          )}
          {headers && (
            <dl className="net-headers small" data-testid="net-headers">
              <dt>{t('network.sentTo')}</dt>
              <dd className="mono">{headers.sentTo}{trace.resolved?.fqdn ? ` (${trace.resolved.fqdn})` : ''}</dd>
              {headers.nats.map((n, i) => (
                <div key={i} className={n === current ? 'now' : ''}>
                  <dt>{n.text.split(' ')[0]}</dt>
                  <dd className="mono">{n.before} → {n.after}</dd>
                </div>
              ))}
              {headers.outer && (
                <div className="now">
                  <dt>{t('network.outer')}</dt>
                  <dd className="mono">{headers.outer}</dd>
                </div>
              )}
              {headers.reply && (
                <div>
                  <dt>{t('network.now')}</dt>
                  <dd>{t('network.reply')}</dd>
                </div>
              )}
            </dl>
          )}
          {(last || !trace.hops.length) && (
            <p className={`net-verdict ${trace.verdict.kind === 'delivered' ? 'ok' : 'bad'}`} role="status" data-testid="net-verdict">{trace.verdict.text}</p>
          )}
          <ol className="net-hops mono small" ref={listRef} aria-label={t('network.hops')}>
            {trace.hops.map((h, i) => (
              <li key={i} aria-current={i === hop ? 'step' : undefined} className={`kind-${h.kind}`}>
                <button type="button" tabIndex={-1} onClick={() => { useNetwork.setState({ playing: false }); stepTo(i); }}>
                  <span className="net-kind">{h.kind}</span> {h.node} {h.netns === 'host' ? '' : h.netns} {h.text}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
