/**
 * The Requests tab: the control plane's conversation. A filter bar (follow an object, a component, a
 * verb, heartbeats hidden by default), the architecture diagram or the sequence lanes, and the
 * selected (or hovered) request in full. Loaded lazily.
 */
import { useEffect, useMemo, useState } from 'react';
import { cluster } from '../../state/cluster';
import { useConversation, useRequestsFilter } from '../../state/conversation';
import { useObjects } from '../../state/stores';
import type { ConversationEntry } from '../../worker/protocol';
import { Detail } from './Detail';
import { useT } from '../i18n';
import { Diagram } from './Diagram';
import { focusStep, objectsSeen, orderComponents, storyRows } from './model';
import { StoryList } from './StoryList';
import { useRequests } from './useRequests';

const VERBS = ['create', 'update', 'patch', 'delete', 'get', 'list', 'watch', 'deletecollection'];

export default function RequestsView() {
  const t = useT();
  const f = useRequestsFilter();
  const data = useRequests();
  const live = useConversation((s) => s.entries);
  const nodeMap = useObjects((s) => s.byResource.nodes);
  const nodes = useMemo(() => [...nodeMap.values()].map((n) => n.metadata.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), [nodeMap]);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [hover, setHover] = useState<number | undefined>(undefined);
  const [draft, setDraft] = useState(f.object);

  useEffect(() => setDraft(f.object), [f.object]);
  // A new cluster (reset, rewind, a link): what was selected is gone.
  useEffect(() => cluster.onLoad(() => setSelected(undefined)), []);

  const rows = useMemo(() => storyRows(data.entries, data.steps), [data.entries, data.steps]);
  const focus = focusStep(data.entries, selected);
  const suggestions = useMemo(() => objectsSeen(live), [live]);
  const components = useMemo(() => orderComponents(live.map((e) => e.component)), [live]);
  const kubelets = components.filter((c) => c.startsWith('kubelet/'));

  const find = (seq: number | undefined): ConversationEntry | undefined => (seq === undefined ? undefined : (data.entries.find((e) => e.seq === seq) ?? live.find((e) => e.seq === seq)));
  const shown = find(hover) ?? find(selected);

  const follow = (): void => f.set({ object: draft.trim() });

  return (
    <section className="requests-view" aria-label={t('requests.region')}>
      <div className="req-bar" role="group" aria-label={t('requests.filters')}>
        <div className="tabs" role="tablist" aria-label={t('requests.mode')}>
          <button type="button" role="tab" aria-selected={f.mode === 'diagram'} onClick={() => f.set({ mode: 'diagram' })}>
            {t('requests.diagram')}
          </button>
          <button type="button" role="tab" aria-selected={f.mode === 'sequence'} onClick={() => f.set({ mode: 'sequence' })}>
            {t('requests.sequence')}
          </button>
        </div>
        <form
          className="req-follow"
          onSubmit={(e) => {
            e.preventDefault();
            follow();
          }}
        >
          <input type="search" className="mono" list="req-objects" value={draft} placeholder={t('requests.followPlaceholder')} aria-label={t('requests.followLabel')} onChange={(e) => setDraft(e.target.value)} />
          <datalist id="req-objects">
            {suggestions.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <button type="submit" className="small-btn">
            {t('requests.follow')}
          </button>
        </form>
        <select aria-label={t('requests.component')} value={f.component} onChange={(e) => f.set({ component: e.target.value })}>
          <option value="">{t('requests.anyComponent')}</option>
          {kubelets.length > 1 && <option value={kubelets.join(',')}>{t('requests.kubelets', { count: kubelets.length })}</option>}
          {f.component && !components.includes(f.component) && f.component !== kubelets.join(',') && <option value={f.component}>{f.component}</option>}
          {components.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select aria-label={t('requests.verb')} value={f.verb} onChange={(e) => f.set({ verb: e.target.value })}>
          <option value="">{t('requests.anyVerb')}</option>
          {VERBS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <label className="req-check" title={t('requests.heartbeatsTitle')}>
          <input type="checkbox" checked={f.hideHeartbeats} onChange={(e) => f.set({ hideHeartbeats: e.target.checked })} /> {t('requests.heartbeats')}
        </label>
        <label className="req-check" title={t('requests.deniedTitle')}>
          <input type="checkbox" checked={f.denied} onChange={(e) => f.set({ denied: e.target.checked })} data-testid="req-denied" /> {t('requests.denied')}
        </label>
        {(f.object || f.component || f.verb || f.denied) && (
          <button
            type="button"
            className="small-btn"
            onClick={() => {
              setDraft('');
              f.set({ object: '', component: '', verb: '', denied: false });
            }}
          >
            {t('requests.clear')}
          </button>
        )}
        {data.loading && <span className="muted small">{t('requests.loading')}</span>}
        {data.error && <span className="net-verdict bad small">{data.error}</span>}
      </div>
      <div className="req-body">
        <div className={`req-main ${f.mode}`}>
          {f.mode === 'diagram' && <Diagram entries={data.entries} nodes={nodes} focusStep={focus} component={f.component} onComponent={(c) => f.set({ component: c })} />}
          <StoryList rows={rows} mode={f.mode === 'sequence' ? 'lanes' : 'lines'} selected={selected} focusStep={focus} onSelect={setSelected} onHover={setHover} more={data.more} onOlder={data.loadOlder} />
        </div>
        <aside className="req-side" aria-label={t('requests.detail')}>
          <Detail entry={shown} onSelect={setSelected} />
        </aside>
      </div>
    </section>
  );
}
