/**
 * Felix's dataplane writes on a machine: its filter chains through iptables-restore (only the chains
 * whose rules changed, and `-X` for the ones no longer wanted), its rules in the built-in chains kept at
 * the top of INPUT/OUTPUT/FORWARD (and the end of FORWARD) as its insert mode does, and its ipsets
 * created, filled and emptied member by member. Rules are the same frozen objects from one render to
 * the next, so an unchanged chain is recognised without comparing text.
 */
import type { DataplaneSlot, Machine } from '../../node/machine';
import { deriveInitval, IpsetRegistry } from '../../network/ipvs/ipset';
import type { Netfilter } from '../../network/netfilter/netfilter';
import { netfilterOf } from '../../network/netfilter/slot';
import type { Rule } from '../../network/netfilter/rule';
import type { NodeRules } from './render';
import { setFelixNotes } from './notes';

interface IpsetSlot extends DataplaneSlot {
  readonly kind: 'ipset';
  readonly ipsets: IpsetRegistry;
}

/** The host's ipsets (one registry per kernel, shared with kube-proxy's IPVS mode). */
export function machineIpsets(m: Machine): IpsetRegistry {
  return m.slot<IpsetSlot>('ipset', () => ({ kind: 'ipset', ipsets: new IpsetRegistry() })).ipsets;
}

/** The member list each set was last filled from: the same list again needs no work. */
const applied = new WeakMap<object, readonly string[]>();

const isFelixRule = (r: Rule): boolean => r.matches[0]?.m === 'comment' && r.matches[0].text.startsWith('cali:');

function sameRules(a: readonly Rule[] | undefined, b: readonly Rule[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Felix's rules at the head (and for FORWARD the tail) of a built-in chain, the others' kept in order. */
function placeBuiltin(nf: Netfilter, chain: 'INPUT' | 'OUTPUT' | 'FORWARD', head: Rule, tail: readonly Rule[]): void {
  const c = nf.table('filter').chain(chain)!;
  const others = c.rules.filter((r) => !isFelixRule(r));
  const want = [head, ...others, ...tail];
  if (sameRules(c.rules, want)) return;
  c.setRules(want);
  nf.revision++;
}

/** What one apply changed: felix logs it. */
export interface AppliedChange {
  /** chains whose rules were (re)written, in the order of the render */
  updated: string[];
  /** chains deleted */
  removed: string[];
  /** ipsets created */
  createdSets: { id: string; type: string }[];
}

export function applyNodeRules(m: Machine, want: NodeRules, previous: ReadonlySet<string>, report?: (change: AppliedChange) => void): Set<string> {
  const nf = netfilterOf(m);
  const sets = machineIpsets(m);
  // ipsets first: the rules about to refer to them must find them
  // only policy chains match on sets
  const refs = new Map<string, number>();
  for (const chain of want.notes.policyChains.keys()) for (const r of want.chains.get(chain) ?? []) for (const x of r.matches) if (x.m === 'set') refs.set(x.name, (refs.get(x.name) ?? 0) + 1);
  const createdSets: AppliedChange['createdSets'] = [];
  for (const [name, spec] of want.ipsets) {
    if (report && !sets.get(name)) createdSets.push({ id: spec.id, type: spec.type });
    // felix creates its sets with maxelem 1048576 (MaxIPSetSize); the kernel's random initval comes from the node and name
    const set = sets.get(name) ?? sets.create(name, spec.type, { maxelem: 1048576, initval: deriveInitval(m.name, name) });
    set.references = refs.get(name) ?? 0;
    if (applied.get(set) === spec.members) continue;
    applied.set(set, spec.members);
    const have = set.memberSet();
    const next = new Set(spec.members);
    for (const x of have) if (!next.has(x)) set.del(x);
    for (const x of spec.members) if (!have.has(x)) set.add(x, true);
  }
  const table = nf.table('filter');
  const changed: { chain: string; rules: readonly Rule[] }[] = [];
  const chains: string[] = [];
  for (const [name, rules] of want.chains) {
    if (sameRules(table.chain(name)?.rules, rules)) continue;
    chains.push(name);
    if (rules.length > 0) changed.push({ chain: name, rules });
  }
  const gone = [...previous].filter((n) => n.startsWith('cali-') && !want.chains.has(n) && table.chain(n));
  if (chains.length > 0 || gone.length > 0) {
    // chains about to go are flushed first, so that no rule of one refers to another being deleted
    nf.restore([{ table: 'filter', chains: [...chains, ...gone], rules: changed }]);
    if (gone.length > 0) nf.restore([{ table: 'filter', chains: [], rules: [], deleteChains: gone }]);
  }
  placeBuiltin(nf, 'INPUT', want.insert.INPUT, []);
  placeBuiltin(nf, 'OUTPUT', want.insert.OUTPUT, []);
  placeBuiltin(nf, 'FORWARD', want.insert.FORWARD, want.appendForward);
  for (const s of sets.list()) {
    if (!s.name.startsWith('cali40') || want.ipsets.has(s.name)) continue;
    s.references = 0;
    sets.destroy(s.name);
  }
  setFelixNotes(m, want.notes);
  report?.({ updated: chains, removed: gone, createdSets });
  return new Set(want.chains.keys());
}
