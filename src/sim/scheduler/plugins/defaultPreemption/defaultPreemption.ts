/**
 * DefaultPreemption (plugins/defaultpreemption + framework/preemption): when no node fits, look for a
 * node where evicting lower-priority pods would make room, evict them and nominate the node.
 *
 * Steps, as upstream:
 * 1. Eligibility: `preemptionPolicy: Never` pods, and pods whose nominated node already has a
 *    lower-priority pod terminating because of preemption, do not preempt.
 * 2. Only nodes whose filter verdict was Unschedulable are candidates; UnschedulableAndUnresolvable
 *    ones get "Preemption is not helpful for scheduling".
 * 3. Dry run on the candidates, from a random offset: remove every lower-priority pod from a copy of
 *    the node (keeping PreFilter state in step); if the pod still does not fit (nominated pods
 *    counted), the node is out; otherwise put victims back, most important first, while the pod
 *    still fits — those whose eviction would violate a PodDisruptionBudget first, then the others.
 *    Victims that could not be put back are the node's victims. Stop once max(10% of nodes, 100)
 *    candidates are found and at least one violates no PDB.
 * 4. Pick a node: fewest PDB violations, lowest highest-victim priority, smallest priority sum, fewest
 *    victims, latest start among the highest-priority victims, then the first.
 * 5. Evict: mark each victim DisruptionTarget, delete it gracefully, record `Preempted` on it; clear
 *    the nomination of lower-priority pods nominated to that node; nominate the node.
 *
 * Not modelled: extenders, waiting (Permit) pods as victims.
 */
import { SIM_EPOCH_MS } from '../../../clock';
import type { Pod } from '../../../types';
import type { CycleState } from '../../framework/cycleState';
import { fitErrorMessage } from '../../framework/fitError';
import type { Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../../framework/interface';
import { type NodeInfo, PodInfo, podPriority } from '../../framework/nodeInfo';
import { Status, asStatus } from '../../framework/status';
import { safeCompile } from '../helper/labelSelector';
import type { PreemptionTrace } from '../../framework/trace';

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

/** The fields of a PodDisruptionBudget preemption reads. */
export interface PDB {
  metadata?: { namespace?: string; name?: string };
  spec?: { selector?: import('../../../types').LabelSelector };
  status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> };
}

/**
 * Splits pods (most important first) into those whose eviction would violate a PDB and those whose
 * would not. Each PDB allows `status.disruptionsAllowed` evictions among the pods it selects in its
 * namespace; pods it already lists as disrupted do not count again. An empty selector selects nothing.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PDB[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => safeCompile(p.spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const pod = pi.pod;
    let violates = false;
    const labels = pod.metadata?.labels;
    if (labels && Object.keys(labels).length > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i]!;
        if (pdb.metadata?.namespace !== pod.metadata?.namespace) continue;
        const sel = selectors[i]!;
        if (sel.empty() || !sel.matches(labels)) continue;
        if (pdb.status?.disruptedPods && pod.metadata?.name && pod.metadata.name in pdb.status.disruptedPods) continue;
        allowed[i]!--;
        if (allowed[i]! < 0) violates = true;
      }
    }
    (violates ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
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

  /**
   * SelectVictimsOnNode on a copy of the node and of the cycle state: remove all lower-priority pods;
   * if the pod then fits, reprieve as many as possible, PDB-violating ones first.
   */
  function selectVictimsOnNode(state: CycleState, pod: Pod, ni: NodeInfo, pdbs: readonly PDB[]): { victims: Pod[]; numViolating: number; status: Status | null } {
    const fwk = handle.framework();
    const now = handle.clock.now();
    const remove = (p: PodInfo): Status | null => {
      ni.removePod(p.pod);
      return fwk.runPreFilterExtensionRemovePod(state, pod, p, ni);
    };
    const add = (p: PodInfo): Status | null => {
      ni.addPod(p);
      return fwk.runPreFilterExtensionAddPod(state, pod, p, ni);
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
    const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
    if (s) return { victims: [], numViolating: 0, status: s };
    potential.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
    const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
    const victims: Pod[] = [];
    let numViolating = 0;
    const reprieve = (p: PodInfo): { fits: boolean; err: Status | null } => {
      const e = add(p);
      if (e) return { fits: false, err: e };
      if (fwk.runFilterPluginsWithNominatedPods(state, pod, ni)) {
        const e2 = remove(p);
        if (e2) return { fits: false, err: e2 };
        victims.push(p.pod);
        return { fits: false, err: null };
      }
      return { fits: true, err: null };
    };
    for (const p of violating) {
      const r = reprieve(p);
      if (r.err) return { victims: [], numViolating: 0, status: r.err };
      if (!r.fits) numViolating++;
    }
    for (const p of nonViolating) {
      const r = reprieve(p);
      if (r.err) return { victims: [], numViolating: 0, status: r.err };
    }
    // Victims most important first, as pickOneNode expects.
    victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
    return { victims, numViolating, status: null };
  }

  /** pickOneNodeForPreemption: successive tie-breaks; returns the node and the rule that decided. */
  function pickOneNode(cands: Candidate[], nowMs: number): { best: Candidate; decidedBy: string } {
    let set = cands;
    if (set.length === 1) return { best: set[0]!, decidedBy: 'only candidate' };
    const rules: [string, (c: Candidate) => number][] = [
      ['fewest PDB violations', (c) => c.numPDBViolations],
      ['lowest highest-victim priority', (c) => podPriority(c.victims[0]!)],
      ['smallest sum of victim priorities', (c) => c.victims.reduce((s, v) => s + podPriority(v) + 2147483648, 0)],
      ['fewest victims', (c) => c.victims.length],
      // The earliest start among each node's highest-priority victims; the latest of those wins.
      ['latest start of the highest-priority victims', (c) => {
        const top = podPriority(c.victims[0]!);
        let earliest = Infinity;
        for (const v of c.victims) if (podPriority(v) === top) earliest = Math.min(earliest, startMs(v, nowMs));
        return -earliest;
      }],
    ];
    for (const [rule, f] of rules) {
      let best = Infinity;
      for (const c of set) best = Math.min(best, f(c));
      set = set.filter((c) => f(c) === best);
      if (set.length === 1) return { best: set[0]!, decidedBy: rule };
    }
    return { best: set[0]!, decidedBy: 'first candidate' };
  }

  /** prepareCandidate: evict the victims, then clear lower-priority nominations to the node. */
  function evict(pod: Pod, c: Candidate, pt?: PreemptionTrace): Status | null {
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
        // A graceful delete: the victim keeps its terminationGracePeriodSeconds.
        client.delete('pods', ns, vname);
      } catch (e) {
        return asStatus(e);
      }
      handle.recorder.event(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata?.uid ?? ''} on node ${c.node}`, 'Preempting');
      pt?.evicted.push(`${ns}/${vname}`);
    }
    const prio = podPriority(pod);
    for (const pi of handle.nominator.nominatedPodsForNode(c.node)) {
      if (podPriority(pi.pod) >= prio) continue;
      try {
        client.patch('pods', pi.pod.metadata?.namespace, pi.pod.metadata?.name ?? '', { status: { nominatedNodeName: null } }, { type: 'merge', subresource: 'status' });
        pt?.clearedNominations.push(`${pi.pod.metadata?.namespace}/${pi.pod.metadata?.name}`);
      } catch {
        // Not critical: the pod is retried anyway.
      }
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
      const pt: PreemptionTrace | undefined = state.trace ? (state.trace.preemption = { potentialNodes: 0, offset: 0, numCandidates: 0, dryRun: [], evicted: [], clearedNominations: [] }) : undefined;
      if (notEligible) {
        if (pt) pt.notEligible = notEligible;
        return wrap(null, new Status('Unschedulable', [notEligible]));
      }

      const all = handle.snapshot().nodeInfoList;
      if (all.length === 0) return wrap(null, asStatus(new Error('no nodes available')));
      const statuses: NodeToStatus = new Map();
      const potential: NodeInfo[] = [];
      for (const ni of all) {
        const s = m.get(ni.name);
        // Only nodes that failed with a plain Unschedulable can be helped by evicting pods.
        if (s?.code === 'Unschedulable') potential.push(ni);
        else statuses.set(ni.name, new Status('UnschedulableAndUnresolvable', [MSG_NOT_HELPFUL]));
      }
      const nonViolating: Candidate[] = [];
      const violating: Candidate[] = [];
      if (potential.length > 0) {
        const pdbs = handle.listers.list<PDB>('poddisruptionbudgets');
        const n = potential.length;
        let want = Math.trunc((n * minPct) / 100);
        if (want < minAbs) want = minAbs;
        if (want > n) want = n;
        const offset = handle.stream.intn(n);
        if (pt) { pt.potentialNodes = n; pt.offset = offset; pt.numCandidates = want; }
        for (let i = 0; i < n; i++) {
          if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
          const ni = potential[(offset + i) % n]!;
          const copy = ni.clone();
          const { victims, numViolating, status } = selectVictimsOnNode(state.clone(), pod, copy, pdbs);
          if (pt) pt.dryRun.push(status ? { node: ni.name, reason: status.message() } : { node: ni.name, victims: victims.map((v) => `${v.metadata?.namespace}/${v.metadata?.name}`), pdbViolations: numViolating });
          if (!status && victims.length > 0) (numViolating === 0 ? nonViolating : violating).push({ node: ni.name, victims, numPDBViolations: numViolating });
          else if (!status) statuses.set(ni.name, asStatus(new Error(`expected at least one victim pod on node ${JSON.stringify(ni.name)}`)));
          else statuses.set(ni.name, status);
        }
      }
      const cands = [...nonViolating, ...violating];
      if (cands.length === 0) {
        // Clear a stale nomination; report why each node cannot be helped.
        return wrap({ nominatedNodeName: '' }, new Status('Unschedulable', [fitErrorMessage(all.length, '', statuses, '')]));
      }
      const { best, decidedBy } = pickOneNode(cands, handle.clock.now());
      if (pt) { pt.chosen = best.node; pt.decidedBy = decidedBy; }
      const err = evict(pod, best, pt);
      if (err) return wrap(null, err);
      return { result: { nominatedNodeName: best.node }, status: new Status('Success') };
    },
  } satisfies PostFilterPlugin;
}
