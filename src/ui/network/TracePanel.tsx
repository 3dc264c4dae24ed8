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

/** Time each hop shows while playing. */
const PLAY_MS = 700;

export interface Choice {
  value: string;
  label: string;
}

/** The sources a trace can start from, pods first (the cluster's own in name order). */
export function sourceChoices(view: NetworkView | null): Choice[] {
  if (!view) return [{ value: 'external', label: 'outside the cluster' }];
  const pods = view.nodes.flatMap((n) => n.pods.filter((p) => !p.hostNetwork && p.ip).map((p) => ({ value: p.key, label: `pod ${p.key} (${n.name})` })));
  pods.sort((a, b) => (a.value.startsWith('default/') === b.value.startsWith('default/') ? a.value.localeCompare(b.value) : a.value.startsWith('default/') ? -1 : 1));
  return [...pods, ...view.nodes.map((n) => ({ value: `node/${n.name}`, label: `node ${n.name}` })), { value: 'external', label: 'outside the cluster' }];
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
      out.push({ value: `${host}:${p.port}${udp}`, label: `Service ${s.key} by name` });
      if (s.clusterIP && s.clusterIP !== 'None') out.push({ value: `${s.clusterIP}:${p.port}${udp}`, label: `Service ${s.key} ClusterIP` });
      if (p.nodePort) for (const n of view.nodes) out.push({ value: `node/${n.name}:${p.nodePort}${udp}`, label: `NodePort of ${s.key} on ${n.name}` });
    }
  }
  for (const n of view.nodes) for (const p of n.pods) if (!p.hostNetwork && p.ip) for (const l of p.listening) out.push({ value: `${p.ip}:${l.replace('/tcp', '')}`, label: `pod ${p.key}` });
  return out;
}

export function TracePanel() {
  const view = useNetwork((s) => s.view);
  const source = useNetwork((s) => s.source);
  const dest = useNetwork((s) => s.dest);
  const trace = useNetwork((s) => s.trace);
  const error = useNetwork((s) => s.traceError);
  const hop = useNetwork((s) => s.hop);
  const playing = useNetwork((s) => s.playing);
  const sources = useMemo(() => sourceChoices(view), [view]);
  const dests = useMemo(() => destChoices(view), [view]);
  const listRef = useRef<HTMLOListElement>(null);

  // Sensible first choices once the view has arrived: the first pod, the first Service of default.
  useEffect(() => {
    if (!source && sources.length) useNetwork.setState({ source: sources[0]!.value });
    // The user's own Service by name rather than the API server's.
    const firstOwn = dests.find((d) => d.label.startsWith('Service default/') && !d.label.startsWith('Service default/kubernetes ')) ?? dests[0];
    if (!dest && firstOwn) useNetwork.setState({ dest: firstOwn.value });
  }, [sources, dests, source, dest]);

  useEffect(() => {
    if (!playing || !trace) return;
    if (hop >= trace.hops.length - 1) {
      useNetwork.setState({ playing: false });
      return;
    }
    const t = setTimeout(() => stepTo(hop + 1), PLAY_MS);
    return () => clearTimeout(t);
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
    <section className="net-trace" aria-label="Trace a packet" onKeyDown={onKey}>
      <form className="net-trace-form" onSubmit={(e) => void run(e)}>
        <label>
          <span>From</span>
          <select value={source} onChange={(e) => useNetwork.setState({ source: e.target.value })} aria-label="Trace source">
            {sources.map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </select>
        </label>
        <label>
          <span>To</span>
          <input value={dest} list="net-dests" onChange={(e) => useNetwork.setState({ dest: e.target.value })} aria-label="Trace destination" placeholder="web:80, 10.96.0.10:53/udp, node/worker-1:30080" spellCheck={false} />
          <datalist id="net-dests">
            {dests.map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </datalist>
        </label>
        <button type="submit" className="primary" disabled={!source || !dest.trim()}>Trace</button>
      </form>
      {error && <p className="net-verdict bad" role="alert">{error}</p>}
      {trace && (
        <>
          <div className="net-step-bar" role="group" aria-label="Step through the trace">
            <button type="button" onClick={() => { useNetwork.setState({ playing: false }); stepTo(hop - 1); }} disabled={hop === 0} aria-keyshortcuts="ArrowLeft">◀ Back</button>
            <button type="button" onClick={() => { useNetwork.setState({ playing: false }); stepTo(hop + 1); }} disabled={last} aria-keyshortcuts="ArrowRight">Next ▶</button>
            <button type="button" onClick={() => useNetwork.setState({ playing: !playing, ...(last && !playing ? { hop: 0 } : {}) })}>{playing ? '❚❚ Pause' : '▶ Play'}</button>
            <span className="muted small" data-testid="net-hop-count">{trace.hops.length ? `hop ${hop + 1} of ${trace.hops.length}` : 'no hops'}</span>
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
              <dt>sent to</dt>
              <dd className="mono">{headers.sentTo}{trace.resolved?.fqdn ? ` (${trace.resolved.fqdn})` : ''}</dd>
              {headers.nats.map((n, i) => (
                <div key={i} className={n === current ? 'now' : ''}>
                  <dt>{n.text.split(' ')[0]}</dt>
                  <dd className="mono">{n.before} → {n.after}</dd>
                </div>
              ))}
              {headers.outer && (
                <div className="now">
                  <dt>outer</dt>
                  <dd className="mono">{headers.outer}</dd>
                </div>
              )}
              {headers.reply && (
                <div>
                  <dt>now</dt>
                  <dd>the reply, on its way back</dd>
                </div>
              )}
            </dl>
          )}
          {(last || !trace.hops.length) && (
            <p className={`net-verdict ${trace.verdict.kind === 'delivered' ? 'ok' : 'bad'}`} role="status" data-testid="net-verdict">{trace.verdict.text}</p>
          )}
          <ol className="net-hops mono small" ref={listRef} aria-label="Hops">
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
