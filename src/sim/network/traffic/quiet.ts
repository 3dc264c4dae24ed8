/**
 * A trace that changes nothing: what `--trace-packet` would find now, for a lesson's traffic goal,
 * which is asked again and again and must not leave a trace of its own. A real trace sends its
 * packets: they make conntrack entries, count in iptables and IPVS counters, make IPVS connections
 * and move its schedulers on, are answered by CoreDNS (its cache, its log), draw source ports and
 * statistic-match numbers from the network's random stream and DNS ids from the trace's, and a
 * running tcpdump sees them. The quiet trace walks the same path over copies: each machine's
 * conntrack table, netfilter ruleset, IPVS table and ipsets are copied when the walk first reaches
 * it (IPVS with its schedulers where they stand), the random streams are copies at their current position, CoreDNS answers from a copy of
 * itself, no capture sees anything, and the source pod is read as an observer.
 */
import type { Cluster } from '../../cluster';
import type { Machine } from '../../node/machine';
import { forked } from '../../forked';
import { peekConntrack } from '../conntrack/slot';
import { Conntrack } from '../conntrack/table';
import { seedFrom } from '../conntrack/hash';
import type { Netfilter } from '../netfilter/netfilter';
import type { IpvsTable } from '../ipvs';
import type { EvalEnv } from '../netfilter/evaluate';
import { ipsetsOf } from '../../node/nodeshell/dataplane';
import { ipsetTester } from '../ipvs/ipsetMatch';
import { Fabric } from './fabric';
import type { Tracker } from './tracker';
import { trackerOn } from './ctadapter';
import { clusterTraceWorld } from './clusterWorld';
import type { PacketTrace } from './trace';
import { tracePacket } from './trace';

class QuietFabric extends Fabric {
  override readonly quiet = true;
  private readonly tables = new Map<Machine, { ct?: Conntrack; nf?: Netfilter; ipvs?: IpvsTable | null; sets?: EvalEnv['ipsetTest'] | null }>();

  constructor(private readonly real: Fabric) {
    super(real.forkOptions());
  }

  private of(m: Machine): { ct?: Conntrack; nf?: Netfilter; ipvs?: IpvsTable | null; sets?: EvalEnv['ipsetTest'] | null } {
    let t = this.tables.get(m);
    if (!t) this.tables.set(m, (t = {}));
    return t;
  }

  override trackerOf(m: Machine): Tracker {
    const t = this.of(m);
    // A machine that has tracked nothing since boot has no table yet; its copy starts empty, as the real one would.
    t.ct ??= forked(peekConntrack(m) ?? new Conntrack({ seed: seedFrom(m.identity.bootID) }));
    return trackerOn(t.ct);
  }

  override netfilterOf(m: Machine): Netfilter {
    const t = this.of(m);
    t.nf ??= forked(this.real.netfilterOf(m));
    return t.nf;
  }

  override ipvsOf(m: Machine): IpvsTable | undefined {
    const t = this.of(m);
    if (t.ipvs === undefined) {
      const real = this.real.ipvsOf(m);
      t.ipvs = real ? real.fork() : null;
    }
    return t.ipvs ?? undefined;
  }

  override ipsetTest(m: Machine): EvalEnv['ipsetTest'] {
    const t = this.of(m);
    if (t.sets === undefined) {
      const sets = ipsetsOf(m);
      t.sets = sets ? ipsetTester(forked(sets)) : null;
    }
    return t.sets ?? undefined;
  }
}

/** A copy of `fabric` to walk packets through without changing the real one. */
export function quietFabric(fabric: Fabric): Fabric {
  return new QuietFabric(fabric);
}

/** `--trace-packet SOURCE DEST` as it would go now, leaving the cluster exactly as it was. */
export function quietTracePacket(c: Cluster, source: string, dest: string): PacketTrace {
  // The source pod is looked up as an observer: no request in the audit log or the conversation.
  return c.api.observe(() => tracePacket(clusterTraceWorld(c, { quiet: true }), source, dest));
}
