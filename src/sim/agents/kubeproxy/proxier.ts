/**
 * One node's kube-proxy applying its rules to the node's netfilter state, the way syncProxyRules does
 * (Kubernetes 1.31 iptables mode):
 *
 * - on a full sync (the first one, after a forced resync, or an hour after the last full one) it
 *   first ensures its chains exist and hooks them into the built-in chains, each with `-C` and, if
 *   missing, `-I 1` — so the jumps end up in reverse order of this list: INPUT gets
 *   KUBE-PROXY-FIREWALL, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, then the kubelet's KUBE-FIREWALL;
 * - then one `iptables-restore --noflush`: chain lines flush and rewrite its top-level filter and nat
 *   chains every time; per-Service chains only when that Service port changed (a partial sync) or on
 *   a full sync; Service chains no longer wanted are flushed and deleted (`-X`) — in large cluster
 *   mode only once per syncPeriod, so stale chains can linger there for up to 30 s;
 * - rewriting a chain resets its counters (iptables-restore without counters), as on a real node.
 *
 * The iptables Monitor (utiliptables.Monitor) is modelled by `installCanary` / `canaryMissing`: at start
 * kube-proxy creates KUBE-PROXY-CANARY in mangle, nat and filter, and every syncPeriod checks they are
 * still there; if one is gone (someone flushed the tables) it forces a full sync.
 */
import type { Netfilter, RestoreTable, TableName } from '../../network/netfilter/netfilter';
import type { Rule } from '../../network/netfilter/rule';
import { rule } from '../../network/netfilter/rule';
import { isServiceChainName } from './hash';
import type { ProxierConfig, ProxyInput, ServiceBlock } from './iptables';
import { IptablesRuleCache, buildProxyRules } from './iptables';

/** iptables.syncPeriod default: the Monitor's period, and the stale-chain cleanup period in large clusters. */
export const SYNC_PERIOD_MS = 30_000;
/** iptables.minSyncPeriod default. */
export const MIN_SYNC_PERIOD_MS = 1_000;
/** proxyutil.FullSyncPeriod: a partial sync turns full this long after the last full one. */
export const FULL_SYNC_PERIOD_MS = 3_600_000;
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
const CANARY_TABLES: readonly TableName[] = ['mangle', 'nat', 'filter'];

interface Jump {
  table: TableName;
  dst: string;
  src: string;
  rule: Rule;
}

function jump(table: TableName, dst: string, src: string, comment: string | undefined, newOnly: boolean): Jump {
  const b = rule();
  if (newOnly) b.ctstate(['NEW']);
  if (comment !== undefined) b.comment(comment);
  return { table, dst, src, rule: b.jump(dst) };
}

/** iptablesJumpChains followed by iptablesKubeletJumpChains, in the proxier's order. */
const JUMPS: readonly Jump[] = [
  jump('filter', 'KUBE-EXTERNAL-SERVICES', 'INPUT', 'kubernetes externally-visible service portals', true),
  jump('filter', 'KUBE-EXTERNAL-SERVICES', 'FORWARD', 'kubernetes externally-visible service portals', true),
  jump('filter', 'KUBE-NODEPORTS', 'INPUT', 'kubernetes health check service ports', false),
  jump('filter', 'KUBE-SERVICES', 'FORWARD', 'kubernetes service portals', true),
  jump('filter', 'KUBE-SERVICES', 'OUTPUT', 'kubernetes service portals', true),
  jump('filter', 'KUBE-FORWARD', 'FORWARD', 'kubernetes forwarding rules', false),
  jump('filter', 'KUBE-PROXY-FIREWALL', 'INPUT', 'kubernetes load balancer firewall', true),
  jump('filter', 'KUBE-PROXY-FIREWALL', 'OUTPUT', 'kubernetes load balancer firewall', true),
  jump('filter', 'KUBE-PROXY-FIREWALL', 'FORWARD', 'kubernetes load balancer firewall', true),
  jump('nat', 'KUBE-SERVICES', 'OUTPUT', 'kubernetes service portals', false),
  jump('nat', 'KUBE-SERVICES', 'PREROUTING', 'kubernetes service portals', false),
  jump('nat', 'KUBE-POSTROUTING', 'POSTROUTING', 'kubernetes postrouting rules', false),
  jump('filter', 'KUBE-FIREWALL', 'INPUT', undefined, false),
  jump('filter', 'KUBE-FIREWALL', 'OUTPUT', undefined, false),
];

export interface SyncResult {
  fullSync: boolean;
  servicePorts: number;
  totalEndpoints: number;
  largeClusterMode: boolean;
  /** nat chains written by the restore (flushed and refilled) */
  natChainsWritten: number;
  /** stale Service chains deleted */
  deletedChains: number;
}

export class IptablesProxier {
  /** set when the next sync must be full (start, Monitor noticed a flush, node labels changed) */
  needFullSync = true;
  private lastFullSyncMs: number | undefined;
  private lastCleanupMs: number | undefined;
  private lastBlocks = new Map<string, ServiceBlock>();

  constructor(
    readonly config: ProxierConfig,
    /** shared by every node's kube-proxy, so identical blocks are built once */
    readonly cache: IptablesRuleCache = new IptablesRuleCache(),
    readonly syncPeriodMs: number = SYNC_PERIOD_MS,
  ) {}

  /** What the Monitor does at start: a canary chain in each table it watches. */
  installCanary(nf: Netfilter): void {
    for (const t of CANARY_TABLES) nf.ensureChain(t, KUBE_PROXY_CANARY);
  }

  /** The Monitor's periodic check: true if a canary chain was removed (then force a full sync). */
  canaryMissing(nf: Netfilter): boolean {
    return CANARY_TABLES.some((t) => !nf.getChain(t, KUBE_PROXY_CANARY));
  }

  /** syncProxyRules: compute the rules and write them into `nf`. */
  sync(nf: Netfilter, input: ProxyInput, nowMs: number): SyncResult {
    const full = this.needFullSync || this.lastFullSyncMs === undefined || nowMs - this.lastFullSyncMs > FULL_SYNC_PERIOD_MS;
    if (full) {
      for (const j of JUMPS) {
        nf.ensureChain(j.table, j.dst);
        nf.ensureRule('prepend', j.table, j.src, j.rule);
      }
    }
    const rules = buildProxyRules(input, this.config, this.cache);

    const natChains = [...rules.natBase.chains];
    const natRules: { chain: string; rules: readonly Rule[] }[] = [...rules.natBase.rules];
    const active = new Set<string>();
    const nextBlocks = new Map<string, ServiceBlock>();
    let written = natChains.length;
    for (const b of rules.blocks) {
      nextBlocks.set(b.sp.key, b);
      const changed = full || this.lastBlocks.get(b.sp.key) !== b;
      for (const c of b.chains) {
        active.add(c.chain);
        // A chain someone removed behind kube-proxy's back is rewritten rather than left dangling.
        if (changed || !nf.getChain('nat', c.chain)) {
          natChains.push(c.chain);
          natRules.push(c);
          written++;
        }
      }
    }

    const deleted: string[] = [];
    if (!rules.largeClusterMode || this.lastCleanupMs === undefined || nowMs - this.lastCleanupMs > this.syncPeriodMs) {
      if (nf.hasTable('nat')) {
        for (const c of nf.peek('nat').chains.values()) {
          if (!c.builtin && isServiceChainName(c.name) && !active.has(c.name)) deleted.push(c.name);
        }
      }
      this.lastCleanupMs = nowMs;
    }
    const nat: RestoreTable = { table: 'nat', chains: [...natChains, ...deleted], rules: natRules, deleteChains: deleted };
    nf.restore([rules.filter, nat]);

    this.needFullSync = false;
    if (full) this.lastFullSyncMs = nowMs;
    this.lastBlocks = nextBlocks;
    return {
      fullSync: full,
      servicePorts: rules.blocks.length,
      totalEndpoints: rules.totalEndpoints,
      largeClusterMode: rules.largeClusterMode,
      natChainsWritten: written,
      deletedChains: deleted.length,
    };
  }
}

