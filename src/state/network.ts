/**
 * What the Network tab holds: the last network view the worker sent, the packet trace being stepped
 * through (and at which hop), and the node whose insides are open with its previous insides, so the
 * panel can show what changed. Only what the worker said, and where the user is in it.
 */
import { create } from 'zustand';
import type { PacketTrace } from '../sim/network/traffic/trace';
import type { NetworkView, NodeInsides } from '../sim/network/view/types';
import { useTraceActions, useTraceStep } from './stores';

export interface NetworkState {
  view: NetworkView | null;
  /** the trace's form, kept across tab switches */
  source: string;
  dest: string;
  trace: PacketTrace | null;
  traceError: string;
  /** the hop shown, 0-based */
  hop: number;
  playing: boolean;
  /** the node whose insides are open */
  node: string | null;
  insides: NodeInsides | undefined;
  previous: NodeInsides | undefined;
  insidesError: string;
}

export const useNetwork = create<NetworkState>(() => ({
  view: null,
  source: '',
  dest: '',
  trace: null,
  traceError: '',
  hop: 0,
  playing: false,
  node: null,
  insides: undefined,
  previous: undefined,
  insidesError: '',
}));

/** Opens a node's insides (or closes them with null); the previous insides belong to the node shown. */
export function openNode(node: string | null): void {
  const s = useNetwork.getState();
  if (s.node === node) return;
  useNetwork.setState({ node, insides: undefined, previous: undefined, insidesError: '' });
}

/** New insides for the open node: what was shown becomes the previous, for highlighting changes. */
export function receiveInsides(node: string, insides: NodeInsides | undefined, error = ''): void {
  const s = useNetwork.getState();
  if (s.node !== node) return;
  if (insides && s.insides && JSON.stringify(insides) === JSON.stringify(s.insides)) return;
  useNetwork.setState({ insides, previous: s.insides, insidesError: error });
}

/** Moves the trace's step within its hops. */
export function stepTo(hop: number): void {
  const t = useNetwork.getState().trace;
  if (!t) return;
  useNetwork.setState({ hop: Math.max(0, Math.min(t.hops.length - 1, hop)) });
}

/** A new cluster: the view, trace and insides belonged to the old one. */
export function clearNetwork(): void {
  useNetwork.setState({ view: null, trace: null, traceError: '', hop: 0, playing: false, insides: undefined, previous: undefined, insidesError: '' });
}

/**
 * A trace the learner keeps is a scenario action, so a share link holds it and, in `ui.traceStep`,
 * the hop shown. The hop shown is written there as it moves; the latest trace action that arrives
 * from the worker (a link being opened, a trace just run) is shown at the link's step.
 */
useNetwork.subscribe((s, prev) => {
  if (s.trace && (s.hop !== prev.hop || s.trace !== prev.trace)) useTraceStep.setState({ step: s.hop });
});

useTraceActions.subscribe((s, prev) => {
  if (s.results === prev.results) return;
  const latest = [...s.results].reverse().find((r) => r.trace);
  // Back before any trace was run (a reset, a rewind): the trace shown has not happened yet.
  if (!latest && prev.results.some((r) => r.trace)) {
    useNetwork.setState({ trace: null, traceError: '', hop: 0, playing: false });
    return;
  }
  const shown = useNetwork.getState().trace;
  if (!latest?.trace || shown === latest.trace || (shown && JSON.stringify(shown) === JSON.stringify(latest.trace))) return;
  const step = useTraceStep.getState().step ?? 0;
  useNetwork.setState({ trace: latest.trace, traceError: '', hop: Math.max(0, Math.min(latest.trace.hops.length - 1, step)), source: latest.from, dest: latest.to, playing: false });
});
