/**
 * The NetworkPolicy line of a packet trace: when the rule that matched is one felix wrote to decide a
 * policy verdict, what it means — the accepting rule of a policy chain names the policy and the
 * Kubernetes rule (1-based), the endpoint chain's "Drop if no policies passed packet" names the pod,
 * the direction it is isolated for and the policies that select it. Felix's notes on the machine say
 * which chain is which; nothing here asks the API server.
 */
import type { Machine } from '../../node/machine';
import type { TraceStep } from '../netfilter/evaluate';
import { peekFelixNotes } from '../../agents/calico/notes';

export interface PolicyNote {
  kind: 'rule' | 'drop';
  text: string;
}

export function policyNote(m: Machine, step: TraceStep): PolicyNote | undefined {
  if (step.kind !== 'rule' || step.table !== 'filter' || !step.chain.startsWith('cali-')) return undefined;
  const notes = peekFelixNotes(m);
  if (!notes) return undefined;
  const pc = notes.policyChains.get(step.chain);
  if (pc) {
    const k8s = pc.accepts.get(step.num);
    if (k8s === undefined) return undefined;
    return { kind: 'rule', text: `allowed by NetworkPolicy ${pc.policy.namespace}/${pc.policy.name} (${pc.direction} rule ${k8s + 1})` };
  }
  const ep = notes.endpointChains.get(step.chain);
  if (ep && ep.dropRule === step.num) {
    const by = ep.selectedBy.map((p) => `${p.namespace}/${p.name}`).join(', ');
    return { kind: 'drop', text: `dropped: ${ep.pod} is isolated for ${ep.direction} and no NetworkPolicy allows this (selected by ${by})` };
  }
  return undefined;
}
