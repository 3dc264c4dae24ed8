/**
 * The kernel tables kube-proxy fills on a machine, found in the machine's slots: netfilter under
 * `netfilter`, IPVS under `ipvs`, ipsets under `ipset`. A slot may be the table itself or a holder
 * with the table as a field; both are read. A machine nothing has programmed yet has empty tables,
 * as a fresh kernel does.
 */
import type { Machine } from '../machine';
// The tables themselves, not their packages' indexes: the commands that print them load later.
import { Netfilter } from '../../network/netfilter/netfilter';
import { IpsetRegistry } from '../../network/ipvs/ipset';
import { IpvsTable } from '../../network/ipvs/table';
import { Conntrack } from '../../network/conntrack/table';
import { peekConntrack } from '../../network/conntrack/slot';

function find<T>(m: Machine, kind: string, cls: abstract new (...a: never[]) => T): T | undefined {
  const s: unknown = m.peekSlot(kind);
  if (s instanceof cls) return s;
  if (s && typeof s === 'object') for (const v of Object.values(s)) if (v instanceof cls) return v;
  return undefined;
}

export function netfilterOf(m: Machine): Netfilter {
  return find(m, 'netfilter', Netfilter) ?? new Netfilter();
}

export function ipvsOf(m: Machine): IpvsTable | undefined {
  return find(m, 'ipvs', IpvsTable);
}

export function ipsetsOf(m: Machine): IpsetRegistry | undefined {
  return find(m, 'ipset', IpsetRegistry) ?? find(m, 'ipvs', IpsetRegistry);
}

/** The host's conntrack table; a machine that has tracked nothing since boot has an empty one. */
export function conntrackTableOf(m: Machine): Conntrack {
  return peekConntrack(m) ?? new Conntrack({ seed: 0 });
}
