/**
 * The filter-table chains and ipsets felix 3.28 programs on a node for its workload endpoints
 * (rules/static.go, dispatch.go, endpoints.go, policy.go), as rule data the netfilter engine
 * evaluates and iptables-save prints:
 *
 * - INPUT, OUTPUT and FORWARD jump to cali-INPUT, cali-OUTPUT and cali-FORWARD first; FORWARD ends with
 *   felix's "Policy explicitly accepted packet." ACCEPT and a MARK of the accept bit;
 * - cali-FORWARD clears the pass and scratch bits and dispatches on the interface: from a workload
 *   (`-i cali+`) to cali-from-wl-dispatch, to one (`-o cali+`) to cali-to-wl-dispatch, which go to
 *   the endpoint's cali-fw-<iface> (its egress) or cali-tw-<iface> (its ingress); an unknown cali
 *   interface is dropped; packets from a workload to the host pass cali-wl-to-host (its egress policy,
 *   then DefaultEndpointToHostAction ACCEPT); the host's own packets to workloads are not policed;
 * - an endpoint chain accepts RELATED,ESTABLISHED and drops INVALID connections (replies of allowed
 *   connections pass), clears the accept bit, and when policies select the endpoint for that direction
 *   runs each policy's chain while the pass bit is clear, returning as soon as one set the accept bit,
 *   and drops what none accepted; then the namespace and service-account profiles (`kns.`, `ksa.`);
 * - a policy chain's Allow rule sets the accept bit (0x10000) and returns: the peer as the source
 *   (ingress) or destination (egress) ipset of its selector, `-s`/`-d` of an ipBlock, the except list
 *   through the scratch bit (0x40000), the protocol, the ports as multiport (ranges for endPort), a
 *   named port as a `hash:ip,port` set of the selected pods' ports.
 *
 * Not modelled: the raw, mangle and nat chains (cali-PREROUTING, cali-nat-outgoing…: canal leaves NAT
 * to flannel and has no host endpoints), failsafe ports, host endpoints (their chains are there, empty),
 * the dispatch tree felix builds for many endpoints (one flat chain here), log and BPF options.
 */
import type { Match, Rule } from '../../network/netfilter/rule';
import { rule } from '../../network/netfilter/rule';
import { felixHashText } from './ruletext';
import type { CalicoPolicy, CalicoRule, Peer, PortSpec, SelectorSpec } from './convert';
import type { Endpoint, FelixWorld } from './world';
import { ipsetID, ipsetName, policyChainName, profileChainName, ruleHashes } from './names';
import type { FelixNotes, PolicyRef } from './notes';

export const MARK_ACCEPT = 0x10000;
export const MARK_PASS = 0x20000;
export const MARK_SCRATCH0 = 0x40000;
/** pass, scratch0 and scratch1: what cali-FORWARD clears */
const MARK_PASS_SCRATCH = 0xe0000;
/** accept, pass and the scratch bits: what cali-INPUT/OUTPUT clear */
const MARK_ALL = 0xf0000;
/** iptables' multiport takes at most 15 ports a rule; felix splits longer lists */
const MULTIPORT_MAX = 15;

export interface IpsetSpec {
  /** felix's ID for the set (its name is `cali40` and the ID, cut to 31 characters) */
  readonly id: string;
  readonly type: 'hash:net' | 'hash:ip,port';
  readonly members: readonly string[];
}

export interface NodeRules {
  /** felix's own chains in the filter table, by name */
  readonly chains: ReadonlyMap<string, readonly Rule[]>;
  /** the rules felix puts at the top of the built-in chains */
  readonly insert: { readonly INPUT: Rule; readonly OUTPUT: Rule; readonly FORWARD: Rule };
  /** the rules it appends to FORWARD */
  readonly appendForward: readonly Rule[];
  readonly ipsets: ReadonlyMap<string, IpsetSpec>;
  readonly notes: FelixNotes;
}

/** A rule as felix writes it: its `cali:` comment first, then the rest. */
function withHashes(chain: string, drafts: readonly Rule[]): Rule[] {
  const hashes = ruleHashes(chain, drafts.map((r) => felixHashText(chain, r)));
  return drafts.map((r, i) => {
    const matches: Match[] = [Object.freeze({ m: 'comment' as const, text: `cali:${hashes[i]}` }), ...r.matches];
    return Object.freeze({ ...r, matches: Object.freeze(matches) });
  });
}

const cmt = (text: string) => rule().comment(text);

// ------------------------------------------------------------------ static chains

let staticCache: { chains: [string, Rule[]][]; insert: NodeRules['insert']; appendForward: Rule[] } | undefined;

function staticChains(): NonNullable<typeof staticCache> {
  if (staticCache) return staticCache;
  const chains: [string, Rule[]][] = [
    ['cali-INPUT', withHashes('cali-INPUT', [
      rule().inIface('cali+').goto('cali-wl-to-host'),
      rule().mark(MARK_ACCEPT, MARK_ACCEPT).jump('ACCEPT'),
      rule().setXmark(0, MARK_ALL),
      rule().jump('cali-from-host-endpoint'),
      cmt('Host endpoint policy accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).jump('ACCEPT'),
    ])],
    ['cali-OUTPUT', withHashes('cali-OUTPUT', [
      rule().mark(MARK_ACCEPT, MARK_ACCEPT).jump('ACCEPT'),
      rule().outIface('cali+').jump('RETURN'),
      rule().setXmark(0, MARK_ALL),
      rule().ctstate(['DNAT'], true).jump('cali-to-host-endpoint'),
      cmt('Host endpoint policy accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).jump('ACCEPT'),
    ])],
    ['cali-FORWARD', withHashes('cali-FORWARD', [
      rule().setXmark(0, MARK_PASS_SCRATCH),
      rule().mark(0, MARK_ACCEPT).jump('cali-from-hep-forward'),
      rule().inIface('cali+').jump('cali-from-wl-dispatch'),
      rule().outIface('cali+').jump('cali-to-wl-dispatch'),
      rule().jump('cali-to-hep-forward'),
      rule().jump('cali-cidr-block'),
    ])],
    ['cali-wl-to-host', withHashes('cali-wl-to-host', [
      rule().jump('cali-from-wl-dispatch'),
      cmt('Configured DefaultEndpointToHostAction').jump('ACCEPT'),
    ])],
    ['cali-from-host-endpoint', []],
    ['cali-to-host-endpoint', []],
    ['cali-from-hep-forward', []],
    ['cali-to-hep-forward', []],
    ['cali-cidr-block', []],
  ];
  const insert = {
    INPUT: withHashes('INPUT', [rule().jump('cali-INPUT')])[0]!,
    OUTPUT: withHashes('OUTPUT', [rule().jump('cali-OUTPUT')])[0]!,
    FORWARD: withHashes('FORWARD', [rule().jump('cali-FORWARD')])[0]!,
  };
  const appendForward = withHashes('FORWARD', [
    cmt('Policy explicitly accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).jump('ACCEPT'),
    rule().setXmark(MARK_ACCEPT, MARK_ACCEPT),
  ]);
  staticCache = { chains, insert, appendForward };
  return staticCache;
}

// ------------------------------------------------------------------ policy chains

interface PolicyChain {
  rules: Rule[];
  /** 1-based iptables rule number of each accept → 0-based Kubernetes rule index */
  accepts: Map<number, number>;
  ipsets: Map<string, { id: string; spec: SelectorSpec | undefined; named?: { protocol: CalicoRule['protocol']; name: string } }>;
}

const policyCache = new WeakMap<CalicoPolicy, Partial<Record<'ingress' | 'egress', PolicyChain>>>();

function protoName(p: CalicoRule['protocol']): 'tcp' | 'udp' | 'sctp' {
  return p === 'UDP' ? 'udp' : p === 'SCTP' ? 'sctp' : 'tcp';
}

/** The rules one Calico rule renders to, each draft with whether it is the accepting one. */
function renderRule(r: CalicoRule, dir: 'ingress' | 'egress', sets: PolicyChain['ipsets']): { draft: Rule; accept: boolean }[] {
  const side = dir === 'ingress' ? 'src' : 'dst';
  const out: { draft: Rule; accept: boolean }[] = [];
  const peer: Peer = r.peer;
  // the except list of an ipBlock: the scratch bit says "inside the block and none of its exceptions"
  const scratch = peer.kind === 'nets' && peer.except.length > 0;
  if (peer.kind === 'nets' && scratch) {
    const addr = (b: ReturnType<typeof rule>, net: string) => (side === 'src' ? b.src(net) : b.dst(net));
    out.push({ draft: rule().setXmark(0, MARK_SCRATCH0), accept: false });
    out.push({ draft: addr(rule(), peer.net).setXmark(MARK_SCRATCH0, MARK_SCRATCH0), accept: false });
    for (const e of peer.except) out.push({ draft: addr(rule(), e).setXmark(0, MARK_SCRATCH0), accept: false });
  }
  const base = (): ReturnType<typeof rule> => {
    const b = rule();
    if (r.protocol) b.proto(protoName(r.protocol));
    if (peer.kind === 'nets' && !scratch) {
      if (side === 'src') b.src(peer.net);
      else b.dst(peer.net);
    }
    if (scratch) b.mark(MARK_SCRATCH0, MARK_SCRATCH0);
    return b;
  };
  const selectorSet = (b: ReturnType<typeof rule>): ReturnType<typeof rule> => {
    if (peer.kind !== 'selector') return b;
    const name = ipsetName('s', peer.sel.key);
    sets.set(name, { id: ipsetID('s', peer.sel.key), spec: peer.sel });
    return b.matchSet(name, [side]);
  };
  const accept = (b: ReturnType<typeof rule>): void => {
    out.push({ draft: b.setXmark(MARK_ACCEPT, MARK_ACCEPT), accept: true });
    out.push({ draft: rule().mark(MARK_ACCEPT, MARK_ACCEPT).jump('RETURN'), accept: false });
  };
  const ports = r.ports;
  if (!ports) {
    accept(selectorSet(base()));
    return out;
  }
  const numeric = ports.filter((p): p is Extract<PortSpec, { kind: 'range' }> => p.kind === 'range');
  for (let i = 0; i < numeric.length; i += MULTIPORT_MAX) {
    accept(selectorSet(base()).multiportRanges(numeric.slice(i, i + MULTIPORT_MAX)));
  }
  for (const p of ports) {
    if (p.kind !== 'named') continue;
    // the named-port set takes the selector along for an egress peer; ingress names the pod's own port
    const spec = dir === 'egress' && peer.kind === 'selector' ? peer.sel : undefined;
    const key = `${spec?.key ?? 'all()'},${r.protocol ?? 'TCP'}:${p.name}`;
    const name = ipsetName('n', key);
    sets.set(name, { id: ipsetID('n', key), spec, named: { protocol: r.protocol, name: p.name } });
    const b = base();
    if (dir === 'ingress') selectorSet(b);
    accept(b.matchSet(name, ['dst', 'dst']));
  }
  return out;
}

function policyChain(p: CalicoPolicy, dir: 'ingress' | 'egress'): PolicyChain {
  let byDir = policyCache.get(p);
  if (!byDir) {
    byDir = {};
    policyCache.set(p, byDir);
  }
  const hit = byDir[dir];
  if (hit) return hit;
  const sets: PolicyChain['ipsets'] = new Map();
  const drafts: Rule[] = [];
  const accepts = new Map<number, number>();
  for (const r of dir === 'ingress' ? p.ingress : p.egress) {
    for (const d of renderRule(r, dir, sets)) {
      drafts.push(d.draft);
      if (d.accept) accepts.set(drafts.length, r.k8sRule);
    }
  }
  const made: PolicyChain = { rules: withHashes(policyChainName(dir, p.name), drafts), accepts, ipsets: sets };
  byDir[dir] = made;
  return made;
}

// ------------------------------------------------------------------ endpoint chains

function profileRules(chain: string): Rule[] {
  return withHashes(chain, [rule().setXmark(MARK_ACCEPT, MARK_ACCEPT), rule().mark(MARK_ACCEPT, MARK_ACCEPT).jump('RETURN')]);
}

/**
 * Rendered endpoint and dispatch chains by what they depend on, shared by every node: the same chain
 * comes back as the same frozen rules, so an unchanged chain is neither hashed nor written again.
 * Bounded: past the limit it starts afresh (the next render of each chain repopulates it).
 */
const chainCache = new Map<string, { rules: Rule[]; dropRule?: number }>();
const CHAIN_CACHE_MAX = 20_000;

function cached(key: string, make: () => { rules: Rule[]; dropRule?: number }): { rules: Rule[]; dropRule?: number } {
  let hit = chainCache.get(key);
  if (!hit) {
    if (chainCache.size >= CHAIN_CACHE_MAX) chainCache.clear();
    hit = make();
    chainCache.set(key, hit);
  }
  return hit;
}

function endpointChain(name: string, e: Endpoint, dir: 'ingress' | 'egress', policies: readonly CalicoPolicy[]): { rules: Rule[]; dropRule?: number } {
  return cached(`ep|${name}|${e.namespace}|${e.serviceAccount}|${policies.map((p) => p.name).join(',')}`, () => renderEndpointChain(name, e, dir, policies));
}

function renderEndpointChain(name: string, e: Endpoint, dir: 'ingress' | 'egress', policies: readonly CalicoPolicy[]): { rules: Rule[]; dropRule?: number } {
  const drafts: Rule[] = [
    rule().ctstate(['RELATED', 'ESTABLISHED']).jump('ACCEPT'),
    rule().ctstate(['INVALID']).jump('DROP'),
    rule().setXmark(0, MARK_ACCEPT),
  ];
  let dropRule: number | undefined;
  if (policies.length > 0) {
    drafts.push(cmt('Start of policies').setXmark(0, MARK_PASS));
    for (const p of policies) {
      drafts.push(rule().mark(0, MARK_PASS).jump(policyChainName(dir, p.name)));
      drafts.push(cmt('Return if policy accepted').mark(MARK_ACCEPT, MARK_ACCEPT).jump('RETURN'));
    }
    drafts.push(cmt('Drop if no policies passed packet').mark(0, MARK_PASS).jump('DROP'));
    dropRule = drafts.length;
  }
  for (const profile of [`kns.${e.namespace}`, `ksa.${e.namespace}.${e.serviceAccount}`]) {
    drafts.push(rule().jump(profileChainName(dir, profile)));
    drafts.push(cmt('Return if profile accepted').mark(MARK_ACCEPT, MARK_ACCEPT).jump('RETURN'));
  }
  drafts.push(cmt('Drop if no profiles matched').jump('DROP'));
  return { rules: withHashes(name, drafts), ...(dropRule ? { dropRule } : {}) };
}

const EMPTY: readonly Rule[] = Object.freeze([]);

const ref = (p: CalicoPolicy): PolicyRef => ({ namespace: p.namespace, name: p.k8sName });

/** Everything felix programs on `node` for the endpoints there. */
export function renderNode(world: FelixWorld, node: string, vethName: (namespace: string, pod: string) => string): NodeRules {
  const st = staticChains();
  const chains = new Map<string, readonly Rule[]>(st.chains);
  const notes: FelixNotes = { policyChains: new Map(), endpointChains: new Map() };
  const wanted = new Map<string, { id: string; spec: SelectorSpec | undefined; named?: { protocol: CalicoRule['protocol']; name: string } }>();
  const local = [...(world.byNode.get(node) ?? [])].map((e) => ({ e, iface: vethName(e.namespace, e.name) })).sort((a, b) => (a.iface < b.iface ? -1 : a.iface > b.iface ? 1 : 0));
  const fromDispatch: Rule[] = [];
  const toDispatch: Rule[] = [];
  for (const { e, iface } of local) {
    for (const dir of ['ingress', 'egress'] as const) {
      const pols = world.policiesFor(e, dir);
      const chainName = `${dir === 'ingress' ? 'cali-tw-' : 'cali-fw-'}${iface}`;
      const ep = endpointChain(chainName, e, dir, pols);
      chains.set(chainName, ep.rules);
      if (ep.dropRule) notes.endpointChains.set(chainName, { pod: `${e.namespace}/${e.name}`, direction: dir, selectedBy: pols.map(ref), dropRule: ep.dropRule });
      for (const p of pols) {
        const pc = policyChain(p, dir);
        const pname = policyChainName(dir, p.name);
        chains.set(pname, pc.rules);
        notes.policyChains.set(pname, { policy: ref(p), direction: dir, accepts: pc.accepts });
        for (const [n, s] of pc.ipsets) wanted.set(n, s);
      }
      for (const profile of [`kns.${e.namespace}`, `ksa.${e.namespace}.${e.serviceAccount}`]) {
        const pc = profileChainName(dir, profile);
        if (!chains.has(pc)) chains.set(pc, profile.startsWith('kns.') ? cached(`pro|${pc}`, () => ({ rules: profileRules(pc) })).rules : EMPTY);
      }
    }
    fromDispatch.push(rule().inIface(iface).goto(`cali-fw-${iface}`));
    toDispatch.push(rule().outIface(iface).goto(`cali-tw-${iface}`));
  }
  fromDispatch.push(cmt('Unknown interface').jump('DROP'));
  toDispatch.push(cmt('Unknown interface').jump('DROP'));
  const ifaces = local.map((l) => l.iface).join(',');
  chains.set('cali-from-wl-dispatch', cached(`from|${ifaces}`, () => ({ rules: withHashes('cali-from-wl-dispatch', fromDispatch) })).rules);
  chains.set('cali-to-wl-dispatch', cached(`to|${ifaces}`, () => ({ rules: withHashes('cali-to-wl-dispatch', toDispatch) })).rules);
  const ipsets = new Map<string, IpsetSpec>();
  for (const name of [...wanted.keys()].sort()) {
    const s = wanted.get(name)!;
    ipsets.set(
      name,
      s.named
        ? { id: s.id, type: 'hash:ip,port', members: world.namedPortMembers(s.spec, s.named.protocol ?? 'TCP', s.named.name) }
        : { id: s.id, type: 'hash:net', members: world.selectorMembers(s.spec!) },
    );
  }
  return { chains, insert: st.insert, appendForward: st.appendForward, ipsets, notes };
}
