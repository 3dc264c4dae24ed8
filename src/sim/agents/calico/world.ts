/**
 * What felix's calculation graph knows, as one snapshot shared by every node: the workload endpoints
 * (running pods with an address, not on the host network), the namespaces' labels (its `kns.` profiles)
 * and the converted policies in felix's order (order 1000, then name). Selector and named-port ipset
 * members are computed once per snapshot, the first time a node asks for them.
 */
import { selectorMatches } from '../../api/selectorMatch';
import type { LabelSelector, Namespace, Pod } from '../../types';
import type { CalicoPolicy, NetworkPolicy, Protocol, SelectorSpec } from './convert';
import { convertPolicy } from './convert';

export interface Endpoint {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly ports: readonly { readonly name: string; readonly protocol: Protocol; readonly port: number }[];
}

/** Converted policies by the object they came from (informer objects are never changed in place). */
const converted = new WeakMap<object, CalicoPolicy>();

function convertCached(np: NetworkPolicy): CalicoPolicy {
  let c = converted.get(np);
  if (!c) {
    c = convertPolicy(np);
    converted.set(np, c);
  }
  return c;
}

export function endpointOf(p: Pod): Endpoint | undefined {
  const ip = p.status?.podIP;
  if (!ip || p.spec?.hostNetwork || !p.spec?.nodeName) return undefined;
  const phase = p.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  const ports: { name: string; protocol: Protocol; port: number }[] = [];
  for (const c of p.spec.containers ?? []) for (const cp of c.ports ?? []) if (cp.name) ports.push({ name: cp.name, protocol: (cp.protocol ?? 'TCP') as Protocol, port: cp.containerPort });
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata?.name ?? '',
    node: p.spec.nodeName,
    ip,
    labels: p.metadata?.labels ?? {},
    serviceAccount: p.spec.serviceAccountName ?? 'default',
    ports,
  };
}

export class FelixWorld {
  readonly byNode = new Map<string, Endpoint[]>();
  readonly policies: CalicoPolicy[];
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly memberCache = new Map<string, string[]>();

  private remember(key: string, m: string[]): string[] {
    const old = this.previous?.memberCache.get(key);
    const kept = old && old.length === m.length && old.every((x, i) => x === m[i]) ? old : m;
    this.memberCache.set(key, kept);
    return kept;
  }

  constructor(
    readonly endpoints: readonly Endpoint[],
    namespaces: readonly Namespace[],
    policies: readonly NetworkPolicy[],
    /** the snapshot before this one: a set whose members did not change keeps its array, so nodes skip it */
    private readonly previous?: FelixWorld,
  ) {
    for (const e of endpoints) {
      const list = this.byNode.get(e.node);
      if (list) list.push(e);
      else this.byNode.set(e.node, [e]);
    }
    for (const ns of namespaces) this.nsLabels.set(ns.metadata?.name ?? '', ns.metadata?.labels ?? {});
    this.policies = policies.map(convertCached).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The policies (for `direction`) that select endpoint `e`, in the order felix applies them. */
  policiesFor(e: Endpoint, direction: 'ingress' | 'egress'): CalicoPolicy[] {
    return this.policies.filter((p) => p.namespace === e.namespace && p.types.includes(direction) && selectorMatches(p.selector, e.labels));
  }

  private inScope(sel: SelectorSpec, e: Endpoint): boolean {
    if (sel.ns.kind === 'same') {
      if (e.namespace !== sel.ns.name) return false;
    } else {
      const labels = this.nsLabels.get(e.namespace);
      if (!labels || !selectorMatches(sel.ns.sel, labels)) return false;
    }
    return !sel.pods || selectorMatches(sel.pods as LabelSelector, e.labels);
  }

  /** Addresses of the endpoints a selector matches (a `cali40s:` set's members). */
  selectorMembers(sel: SelectorSpec): string[] {
    const key = `s|${sel.key}`;
    let m = this.memberCache.get(key);
    if (!m) {
      m = this.remember(key, this.endpoints.filter((e) => this.inScope(sel, e)).map((e) => e.ip));
    }
    return m;
  }

  /** `ip,proto:port` of every endpoint matching `sel` (all endpoints when undefined) with the named port. */
  namedPortMembers(sel: SelectorSpec | undefined, protocol: Protocol, name: string): string[] {
    const key = `n|${sel?.key ?? 'all()'}|${protocol}|${name}`;
    let m = this.memberCache.get(key);
    if (!m) {
      m = [];
      for (const e of this.endpoints) {
        if (sel && !this.inScope(sel, e)) continue;
        for (const p of e.ports) if (p.name === name && p.protocol === protocol) m.push(`${e.ip},${protocol.toLowerCase()}:${p.port}`);
      }
      m = this.remember(key, m);
    }
    return m;
  }
}
