/**
 * The entries the Requests view shows: the worker's answer to the view's filter (so history beyond the
 * page's window is found), asked again as the clock moves (at most every REFRESH_MS while it plays),
 * with older pages fetched on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { cluster } from '../../state/cluster';
import { useRequestsFilter } from '../../state/conversation';
import { useClock } from '../../state/stores';
import type { ConversationEntry, ConversationFilter, StepStory } from '../../worker/protocol';
import { useThrottled } from '../useThrottled';

const REFRESH_MS = 400;
/** Entries asked for per page. */
export const PAGE = 500;

export interface RequestsData {
  entries: readonly ConversationEntry[];
  steps: ReadonlyMap<number, StepStory>;
  /** true when older matching entries may be kept by the worker (the last page asked for came back full) */
  more: boolean;
  loading: boolean;
  error?: string;
  loadOlder(): void;
}

/** The worker's filter for the view's fields. */
export function filterOf(f: { object: string; component: string; verb: string; hideHeartbeats: boolean; denied?: boolean }): ConversationFilter {
  const verb = f.verb.trim();
  return {
    ...(f.object.trim() ? { object: f.object.trim() } : {}),
    ...(f.component ? { components: f.component.split(',') } : {}),
    // Asking for watch events shows the events delivered; another verb shows only its requests.
    ...(verb ? { verbs: [verb], watchEvents: verb === 'watch' } : {}),
    ...(f.hideHeartbeats ? { hideHeartbeats: true } : {}),
    ...(f.denied ? { denied: true } : {}),
  };
}

export function useRequests(): RequestsData {
  const object = useRequestsFilter((s) => s.object);
  const component = useRequestsFilter((s) => s.component);
  const verb = useRequestsFilter((s) => s.verb);
  const hideHeartbeats = useRequestsFilter((s) => s.hideHeartbeats);
  const denied = useRequestsFilter((s) => s.denied);
  const playing = useClock((s) => s.playing);
  const tick = useThrottled(useClock((s) => s.eventsRun), playing ? REFRESH_MS : 0);
  // `full`: the last page asked for came back full, so older matching entries may be kept.
  const [state, setState] = useState<{ key: string; entries: readonly ConversationEntry[]; steps: ReadonlyMap<number, StepStory>; oldest: number; full: boolean; loading: boolean; error?: string }>({
    key: '',
    entries: [],
    steps: new Map(),
    oldest: 0,
    full: false,
    loading: true,
  });
  const key = JSON.stringify(filterOf({ object, component, verb, hideHeartbeats, denied }));
  // Older pages fetched for this filter stay in front of the newest page as the clock moves.
  const older = useRef<{ key: string; entries: ConversationEntry[]; steps: Map<number, StepStory>; full: boolean }>({ key: '', entries: [], steps: new Map(), full: false });
  // A new cluster (reset, rewind, a link) has a new log: older pages fetched before mean nothing now.
  useEffect(
    () =>
      cluster.onLoad(() => {
        older.current = { key: '', entries: [], steps: new Map(), full: false };
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    const filter = JSON.parse(key) as ConversationFilter;
    cluster.conversation(filter, undefined, PAGE).then(
      (r) => {
        if (!live) return;
        if (older.current.key !== key) older.current = { key, entries: [], steps: new Map(), full: false };
        const first = r.entries[0]?.seq ?? Infinity;
        const before = older.current.entries.filter((e) => e.seq < first);
        const steps = new Map(older.current.steps);
        for (const s of r.steps) steps.set(s.step, s);
        const olderFull = older.current.entries.length > 0 ? older.current.full : r.entries.length >= PAGE;
        setState({ key, entries: before.length ? [...before, ...r.entries] : r.entries, steps, oldest: r.oldestSeq, full: olderFull, loading: false });
      },
      (e: unknown) => live && setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);

  const loadOlder = useCallback(() => {
    const first = state.entries[0];
    if (!first || state.key !== key) return;
    cluster.conversation(JSON.parse(key) as ConversationFilter, first.seq, PAGE).then(
      (r) => {
        if (older.current.key !== key) older.current = { key, entries: [], steps: new Map(), full: false };
        older.current.entries = [...r.entries, ...older.current.entries];
        older.current.full = r.entries.length >= PAGE;
        for (const s of r.steps) older.current.steps.set(s.step, s);
        setState((s) => {
          const steps = new Map(s.steps);
          for (const st of r.steps) steps.set(st.step, st);
          return { ...s, entries: [...r.entries, ...s.entries.filter((e) => e.seq > (r.entries.at(-1)?.seq ?? -1))], steps, oldest: r.oldestSeq, full: r.entries.length >= PAGE };
        });
      },
      () => undefined,
    );
  }, [state, key]);

  const current = state.key === key;
  return {
    entries: current ? state.entries : [],
    steps: state.steps,
    more: current && state.full && state.entries.length > 0 && state.entries[0]!.seq > state.oldest,
    loading: !current || state.loading,
    ...(state.error ? { error: state.error } : {}),
    loadOlder,
  };
}
