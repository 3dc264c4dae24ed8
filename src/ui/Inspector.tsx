/** The selected object's `kubectl describe` output and YAML, fetched from the worker. */
import { useEffect, useRef, useState } from 'react';
import { cluster } from '../state/cluster';
import { objectKey, useEvents, useObjects } from '../state/stores';
import { useRequestsFilter } from '../state/conversation';
import { useUi } from '../state/ui';
import type { Node, Pod } from '../sim/types';
import { NodeFaultMenu, PodFaultMenu } from './FaultMenu';
import { OwnerChain, RESOURCE_OF } from './OwnerChain';
import { useT } from './i18n';

/** The describe output changes with events too; refresh at most this often. */
const REFRESH_MS = 700;

export function Inspector() {
  const t = useT();
  const selection = useUi((s) => s.selection);
  const select = useUi((s) => s.select);
  const [tab, setTab] = useState<'describe' | 'yaml'>('describe');
  const [text, setText] = useState<{ describe: string; yaml: string; error?: string }>({ describe: '', yaml: '' });
  const mirrored = selection ? RESOURCE_OF[selection.resource] : undefined;
  const rv = useObjects((s) => (selection && mirrored ? (s.byResource[mirrored].get(objectKey(selection.namespace, selection.name))?.metadata.resourceVersion ?? 'gone') : ''));
  const eventsCount = useEvents((s) => s.rows.length);
  const loaded = useObjects((s) => s.loaded);
  const lastFetch = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const selKey = selection ? `${selection.resource}/${selection.namespace}/${selection.name}` : '';

  useEffect(() => {
    setText({ describe: '', yaml: '' });
    lastFetch.current = 0;
  }, [selKey]);

  useEffect(() => {
    if (!selection || !loaded) return;
    let cancelled = false;
    const fetchNow = async (): Promise<void> => {
      lastFetch.current = performance.now();
      const ns = selection.namespace || undefined;
      try {
        const [d, y] = await Promise.all([cluster.describe(selection.resource, ns, selection.name), cluster.yaml(selection.resource, ns, selection.name)]);
        if (cancelled) return;
        const err = d.error ?? y.error;
        setText({ describe: d.text, yaml: y.text, ...(err ? { error: err } : {}) });
      } catch (e) {
        if (!cancelled) setText({ describe: '', yaml: '', error: e instanceof Error ? e.message : String(e) });
      }
    };
    const wait = Math.max(0, lastFetch.current + REFRESH_MS - performance.now());
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void fetchNow(), wait);
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
    };
    // Refetch when the object or the event log changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey, rv, eventsCount, loaded]);

  const selected = useObjects((s) => (selection && mirrored ? s.byResource[mirrored].get(objectKey(selection.namespace, selection.name)) : undefined));
  const body = tab === 'describe' ? text.describe : text.yaml;
  return (
    <section className="inspector" aria-label={t('inspector.label')}>
      <div className="pane-head">
        <h2>{selection ? `${selection.resource}/${selection.name}` : t('inspector.label')}</h2>
        <div className="tabs" role="tablist" aria-label={t('inspector.view')}>
          <button type="button" role="tab" aria-selected={tab === 'describe'} onClick={() => setTab('describe')}>
            {t('inspector.describe')}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'yaml'} onClick={() => setTab('yaml')}>
            {t('inspector.yaml')}
          </button>
        </div>
        <span className="spacer" />
        {selection?.resource === 'pod' && selected ? <PodFaultMenu pod={selected as unknown as Pod} /> : null}
        {selection?.resource === 'node' && selected ? <NodeFaultMenu node={selected as unknown as Node} /> : null}
        {selection && mirrored ? (
          <button
            type="button"
            className="small-btn"
            title={t('inspector.followTitle')}
            onClick={() => {
              useRequestsFilter.getState().set({ object: selection.namespace ? `${mirrored}/${selection.namespace}/${selection.name}` : `${mirrored}/${selection.name}` });
              useUi.getState().setView('requests');
            }}
          >
            {t('inspector.follow')}
          </button>
        ) : null}
        {selection ? (
          <button type="button" className="small-btn" onClick={() => select(null)} aria-label={t('inspector.clear')}>
            ✕
          </button>
        ) : null}
      </div>
      {selection ? <OwnerChain selection={selection} /> : null}
      <div className="inspector-body" role="tabpanel" tabIndex={0} aria-label={tab === 'describe' ? t('inspector.describeOutput') : t('inspector.yaml')}>
        {!selection ? (
          <p className="muted pad">
            {t('inspector.emptyBefore')} <code>kubectl describe</code> {t('inspector.emptyAfter')}
          </p>
        ) : text.error ? (
          <pre className="error-text">{text.error}</pre>
        ) : body ? (
          <pre data-testid={`inspector-${tab}`}>{body}</pre>
        ) : (
          <p className="muted pad">{t('inspector.loading')}</p>
        )}
      </div>
    </section>
  );
}
