/**
 * The control plane's conversation as the page mirrors it: a bounded window of the newest entries
 * (requests, watch events) from the worker's batches, and the names of the steps they happened in.
 * Older history stays in the worker; the Requests view asks for it with `cluster.conversation`.
 */
import { create } from 'zustand';
import type { ConversationEntry, StepStory } from '../worker/protocol';

/** Entries kept on the page; the worker keeps more and answers queries over all it keeps. */
export const CONVERSATION_CAP = 4000;
/** Step names kept on the page (a step has at least one entry, so this many cover the window). */
const STEPS_CAP = CONVERSATION_CAP;

export interface ConversationState {
  /** oldest first, at most CONVERSATION_CAP */
  entries: readonly ConversationEntry[];
  /** the named steps by Clock.eventsRun */
  steps: ReadonlyMap<number, StepStory>;
  /** entries the worker left out of its batches, or that dropped off the window, since the last reset */
  dropped: number;
}

const empty = (): ConversationState => ({ entries: [], steps: new Map(), dropped: 0 });

export const useConversation = create<ConversationState>(() => empty());

export interface ConversationBatch {
  entries: readonly ConversationEntry[];
  steps: readonly StepStory[];
  dropped: number;
}

/**
 * Adds what one frame's batches brought, oldest first; `reset` (a new cluster, a rewind) drops what
 * came before. One store update for the whole run.
 */
export function applyConversation(parts: readonly ConversationBatch[], reset: boolean): void {
  if (!reset && parts.length === 0) return;
  const prev = reset ? empty() : useConversation.getState();
  let entries = prev.entries.length === 0 ? [] : [...prev.entries];
  let dropped = prev.dropped;
  const steps = new Map(prev.steps);
  for (const p of parts) {
    entries.push(...p.entries);
    dropped += p.dropped;
    for (const s of p.steps) steps.set(s.step, s);
  }
  if (entries.length > CONVERSATION_CAP) {
    dropped += entries.length - CONVERSATION_CAP;
    entries = entries.slice(entries.length - CONVERSATION_CAP);
  }
  if (steps.size > STEPS_CAP) {
    // Map keeps insertion order, which is step order here: drop the oldest names.
    const keys = [...steps.keys()];
    for (const k of keys.slice(0, steps.size - STEPS_CAP)) steps.delete(k);
  }
  useConversation.setState({ entries, steps, dropped }, true);
}

export function clearConversation(): void {
  useConversation.setState(empty(), true);
}

/** The object an entry is about, as a follow filter names it: `pods/default/web-…`, `nodes/worker-1`. */
export function objectOf(e: Pick<ConversationEntry, 'resource' | 'namespace' | 'name'>): string | undefined {
  if (!e.name) return undefined;
  return e.namespace ? `${e.resource}/${e.namespace}/${e.name}` : `${e.resource}/${e.name}`;
}

/** What the Requests view shows and follows; the Inspector's "Follow" sets `object` and opens the view. */
export interface RequestsFilterState {
  object: string;
  component: string;
  verb: string;
  hideHeartbeats: boolean;
  /** only the requests authorization refused */
  denied: boolean;
  mode: 'diagram' | 'sequence';
  set(p: Partial<Omit<RequestsFilterState, 'set'>>): void;
}

export const useRequestsFilter = create<RequestsFilterState>((set) => ({
  object: '',
  component: '',
  verb: '',
  hideHeartbeats: true,
  denied: false,
  mode: 'sequence',
  set: (p) => set(p),
}));
