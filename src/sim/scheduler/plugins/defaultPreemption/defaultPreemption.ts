/**
 * DefaultPreemption (plugins/defaultpreemption + framework/preemption): when no node fits, look for a
 * node where evicting lower-priority pods would make room, evict them and nominate the node.
 *
 * Steps, as upstream:
 * 1. Eligibility: `preemptionPolicy: Never` pods, and pods whose nominated node already has a
 *    lower-priority pod terminating, do not preempt.
 * 2. Nodes whose filter verdict was UnschedulableAndUnresolvable are skipped ("Preemption is not
 *    helpful for scheduling").
 * 3. Dry run on the others, from a random offset: remove every lower-priority pod from a copy of the
 *    node; if the pod still does not fit, the node is out (no lower-priority pods at all gives "No
 *    preemption victims found for incoming pod"); otherwise re-add victims, most important first,
 *    while the pod still fits. Stop after max(10% of nodes, 100) candidates.
 * 4. Pick a node: fewest PDB violations, lowest highest-victim priority, smallest priority sum, fewest
 *    victims, latest start of the top victims, then the first.
 * 5. Evict: mark each victim DisruptionTarget, delete it, record `Preempted`; nominate the node.
 *
 * Not yet modelled: PodDisruptionBudgets (no victim counts as violating), the nominator (other pods'
 * nominations are not accounted while filtering), extenders.
 */
import { SIM_EPOCH_MS } from '../../../clock';
import type { Pod } from '../../../types';
import type { CycleState } from '../../framework/cycleState';
import { fitErrorMessage } from '../../framework/fitError';
import type { Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../../framework/interface';
import { type NodeInfo, PodInfo, podPriority } from '../../framework/nodeInfo';
import { Status, asStatus } from '../../framework/status';

export const name = 'DefaultPreemption';

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

export const MSG_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NO_VICTIMS = 'No preemption victims found for incoming pod';

interface Candidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

/** A pod's start time in virtual ms; pods not started yet count as starting now. */
function startMs(pod: Pod, nowMs: number): number {
  const t = pod.status?.startTime;
  if (!t) return nowMs;
  return Date.parse(t) - SIM_EPOCH_MS;
}

/** Higher priority first; equal priority: the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, nowMs: number): boolean {
  const p1 = podPriority(a);
  const p2 = podPriority(b);
  if (p1 !== p2) return p1 > p2;
  return startMs(a, nowMs) < startMs(b, nowMs);
}

function isTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler');
}

export function newDefaultPreemption(rawArgs: unknown, handle: Handle): PostFilterPlugin {
  const args = (rawArgs ?? {}) as DefaultPreemptionArgs;
  const minPct = args.minCandidateNodesPercentage ?? 10;
  const minAbs = args.minCandidateNodesAbsolute ?? 100;

  function eligible(pod: Pod, m: NodeToStatus): string {
    if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nom = pod.status?.nominatedNodeName;
    if (nom) {
      if (m.get(nom)?.code === 'UnschedulableAndUnresolvable') return '';
      const ni = handle.snapshot().get(nom);
      if (ni) {
        const prio = podPriority(pod);
        for (const p of ni.pods) if (podPriority(p.pod) < prio && isTerminatingByPreemption(p.pod)) return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
    return '';
  }

  /** Runs the filters on a node copy with pods removed or re-added, keeping PreFilter state in step. */
  function selectVictimsOnNode(state: CycleState, pod: Pod, ni: NodeInfo): { victims: Pod[]; numViolating: number; status: Status | null } {
    const fwk = handle.framework();
    const now = handle.clock.now();
    const exts = fwk.preFilterPlugins.map((p) => p.preFilterExtensions?.()).filter((x) => !!x);
    const remove = (p: PodInfo): Status | null => {
      ni.removePod(p.pod);
      for (const e of exts) { const s = e!.removePod(state, pod, p.pod, ni); if (s && !s.isSuccess()) return s; }
      return null;
    };
    const add = (p: PodInfo): Status | null => {
      ni.addPod(p);
      for (const e of exts) { const s = e!.addPod(state, pod, p.pod, ni); if (s && !s.isSuccess()) return s; }
      return null;
    };
    const prio = podPriority(pod);
    const potential: PodInfo[] = [];
    for (const p of ni.pods.slice()) {
      if (podPriority(p.pod) < prio) {
        potential.push(p);
        const s = remove(p);
        if (s) return { victims: [], numViolating: 0, status: s };
      }
    }
    if (potential.length === 0) return { victims: [], numViolating: 0, status: new Status('UnschedulableAndUnresolvable', [MSG_NO_VICTIMS]) };
    const s = fwk.runFilterPlugins(state, pod, ni);
    if (s) return { victims: [], numViolating: 0, status: s };
    potential.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
    const victims: Pod[] = [];
    // PDBs are not modelled yet: every victim is non-violating.
    for (const p of potential) {
      const e = add(p);
      if (e) return { victims: [], numViolating: 0, status: e };
      if (fwk.runFilterPlugins(state, pod, ni)) {
        const e2 = remove(p);
        if (e2) return { victims: [], numViolating: 0, status: e2 };
        victims.push(p.pod);
      }
    }
    return { victims, numViolating: 0, status: null };
  }

  function pickOneNode(cands: Candidate[], nowMs: number): Candidate {
    let set = cands;
    const keepMin = (f: (c: Candidate) => number): void => {
      let best = Infinity;
      for (const c of set) best = Math.min(best, f(c));
      set = set.filter((c) => f(c) === best);
    };
    keepMin((c) => c.numPDBViolations);
    if (set.length > 1) keepMin((c) => podPriority(c.victims[0]!));
    if (set.length > 1) keepMin((c) => c.victims.reduce((s, v) => s + podPriority(v) + 2147483648, 0));
    if (set.length > 1) keepMin((c) => c.victims.length);
    if (set.length > 1) {
      // The earliest start among each node's highest-priority victims; the latest of those wins.
      keepMin((c) => {
        const top = podPriority(c.victims[0]!);
        let earliest = Infinity;
        for (const v of c.victims) if (podPriority(v) === top) earliest = Math.min(earliest, startMs(v, nowMs));
        return -earliest;
      });
    }
    return set[0]!;
  }

  function evict(pod: Pod, c: Candidate): Status | null {
    const client = handle.client;
    for (const v of c.victims) {
      const ns = v.metadata?.namespace;
      const vname = v.metadata?.name ?? '';
      try {
        const conditions = (v.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget');
        conditions.push({
          type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler',
          message: `${pod.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
          lastTransitionTime: handle.clock.timestamp(),
        });
        client.patch('pods', ns, vname, { status: { conditions } }, { type: 'strategic', subresource: 'status' });
        client.delete('pods', ns, vname);
      } catch (e) {
        return asStatus(e);
      }
      handle.recorder.event(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata?.uid ?? ''} on node ${c.node}`, 'Preempting');
    }
    return null;
  }

  return {
    name,
    postFilter(state, pod, m) {
      const wrap = (result: PostFilterResult | null, s: Status): { result: PostFilterResult | null; status: Status } => {
        const msg = s.message();
        return { result, status: msg ? new Status(s.code, [`preemption: ${msg}`]) : s };
      };
      const notEligible = eligible(pod, m);
      if (notEligible) return wrap(null, new Status('Unschedulable', [notEligible]));

      const all = handle.snapshot().nodeInfoList;
      if (all.length === 0) return wrap(null, asStatus(new Error('no nodes available')));
      const statuses: NodeToStatus = new Map();
      const potential: NodeInfo[] = [];
      for (const ni of all) {
        const s = m.get(ni.name);
        if (s?.code === 'UnschedulableAndUnresolvable') statuses.set(ni.name, new Status('UnschedulableAndUnresolvable', [MSG_NOT_HELPFUL]));
        else potential.push(ni);
      }
      const cands: Candidate[] = [];
      if (potential.length > 0) {
        const n = potential.length;
        let want = Math.trunc((n * minPct) / 100);
        if (want < minAbs) want = minAbs;
        if (want > n) want = n;
        const offset = handle.stream.intn(n);
        for (let i = 0; i < n && cands.length < want; i++) {
          const ni = potential[(offset + i) % n]!;
          const copy = ni.clone();
          const { victims, numViolating, status } = selectVictimsOnNode(state.clone(), pod, copy);
          if (!status && victims.length > 0) cands.push({ node: ni.name, victims, numPDBViolations: numViolating });
          else if (!status) statuses.set(ni.name, asStatus(new Error(`expected at least one victim pod on node ${JSON.stringify(ni.name)}`)));
          else statuses.set(ni.name, status);
        }
      }
      if (cands.length === 0) {
        // Clear a stale nomination; report why each node cannot be helped.
        return wrap({ nominatedNodeName: '' }, new Status('Unschedulable', [fitErrorMessage(all.length, '', statuses, '')]));
      }
      const best = pickOneNode(cands, handle.clock.now());
      const err = evict(pod, best);
      if (err) return wrap(null, err);
      return { result: { nominatedNodeName: best.node }, status: new Status('Success') };
    },
  } satisfies PostFilterPlugin;
}
