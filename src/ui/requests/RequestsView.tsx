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
import { Diagram } from './Diagram';
import { focusStep, objectsSeen, orderComponents, storyRows } from './model';
import { StoryList } from './StoryList';
import { useRequests } from './useRequests';

const T = {
  region: 'Requests',
  filters: 'Filters',
  follow: 'Follow',
  followPlaceholder: 'pods/default/web-…',
  followLabel: 'Follow an object (resource/namespace/name)',
  component: 'Component',
  anyComponent: 'any component',
  kubelets: (n: number) => `kubelets (${n})`,
  verb: 'Verb',
  anyVerb: 'any verb',
  heartbeats: 'Hide heartbeats',
  heartbeatsTitle: 'Leave out node status updates and Lease renewals when nothing else happened in their step',
  clear: 'Clear',
  mode: 'Drawing',
  diagram: 'Diagram',
  sequence: 'Sequence',
  loading: 'Asking the cluster…',
  detail: 'Request detail',
};

const VERBS = ['create', 'update', 'patch', 'delete', 'get', 'list', 'watch', 'deletecollection'];

export default function RequestsView() {
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
    <section className="requests-view" aria-label={T.region}>
      <div className="req-bar" role="group" aria-label={T.filters}>
        <div className="tabs" role="tablist" aria-label={T.mode}>
          <button type="button" role="tab" aria-selected={f.mode === 'diagram'} onClick={() => f.set({ mode: 'diagram' })}>
            {T.diagram}
          </button>
          <button type="button" role="tab" aria-selected={f.mode === 'sequence'} onClick={() => f.set({ mode: 'sequence' })}>
            {T.sequence}
          </button>
        </div>
        <form
          className="req-follow"
          onSubmit={(e) => {
            e.preventDefault();
            follow();
          }}
        >
          <input type="search" className="mono" list="req-objects" value={draft} placeholder={T.followPlaceholder} aria-label={T.followLabel} onChange={(e) => setDraft(e.target.value)} />
          <datalist id="req-objects">
            {suggestions.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <button type="submit" className="small-btn">
            {T.follow}
          </button>
        </form>
        <select aria-label={T.component} value={f.component} onChange={(e) => f.set({ component: e.target.value })}>
          <option value="">{T.anyComponent}</option>
          {kubelets.length > 1 && <option value={kubelets.join(',')}>{T.kubelets(kubelets.length)}</option>}
          {f.component && !components.includes(f.component) && f.component !== kubelets.join(',') && <option value={f.component}>{f.component}</option>}
          {components.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select aria-label={T.verb} value={f.verb} onChange={(e) => f.set({ verb: e.target.value })}>
          <option value="">{T.anyVerb}</option>
          {VERBS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <label className="req-check" title={T.heartbeatsTitle}>
          <input type="checkbox" checked={f.hideHeartbeats} onChange={(e) => f.set({ hideHeartbeats: e.target.checked })} /> {T.heartbeats}
        </label>
        {(f.object || f.component || f.verb) && (
          <button
            type="button"
            className="small-btn"
            onClick={() => {
              setDraft('');
              f.set({ object: '', component: '', verb: '' });
            }}
          >
            {T.clear}
          </button>
        )}
        {data.loading && <span className="muted small">{T.loading}</span>}
        {data.error && <span className="net-verdict bad small">{data.error}</span>}
      </div>
      <div className="req-body">
        <div className={`req-main ${f.mode}`}>
          {f.mode === 'diagram' && <Diagram entries={data.entries} nodes={nodes} focusStep={focus} component={f.component} onComponent={(c) => f.set({ component: c })} />}
          <StoryList rows={rows} mode={f.mode === 'sequence' ? 'lanes' : 'lines'} selected={selected} focusStep={focus} onSelect={setSelected} onHover={setHover} more={data.more} onOlder={data.loadOlder} />
        </div>
        <aside className="req-side" aria-label={T.detail}>
          <Detail entry={shown} onSelect={setSelected} />
        </aside>
      </div>
    </section>
  );
}
